package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.ALL_YOURS;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO_TIMEOUT;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.SET_CLIENT_ID;
import static org.gmdb.gearman.protocol.PacketType.UNUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.junit.jupiter.api.Test;

/** Request mapping and refusals: cases 8, 49, 50, 54 (client id), 74. */
class DispatcherTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldEchoExactBytesIncludingEmpty() { // case 8
        EngineFixture.Conn c = fx.connect();
        c.send(ECHO_REQ, "hello\0x").expect(ECHO_RES, "hello\0x");
        c.send(ECHO_REQ, "").expect(ECHO_RES, "");
    }

    @Test
    void shouldRefuseTypesAServerDoesNotTakeAndStayUsable() { // case 49
        EngineFixture.Conn c = fx.connect();
        c.send(NOOP).expect(ERROR, "INVALID_COMMAND", "Command not expected");
        c.send(ALL_YOURS).expect(ERROR, "INVALID_COMMAND", "Command not expected");
        c.send(UNUSED).expect(ERROR, "INVALID_COMMAND", "Command not expected");
        c.send(JOB_CREATED, "H:x:1").expect(ERROR, "INVALID_COMMAND", "Command not expected");
        c.send(ECHO_REQ, "ok").expect(ECHO_RES, "ok");
    }

    @Test
    void shouldRefuseResponseMagic() { // case 50
        EngineFixture.Conn c = fx.connect();
        fx.dispatcher.dispatch(c.session, new Packet(Magic.RES, ECHO_REQ, "x".getBytes()));
        c.expect(ERROR, "INVALID_MAGIC", "Request magic expected");
        c.send(ECHO_REQ, "ok").expect(ECHO_RES, "ok");
    }

    @Test
    void shouldCutTheClientIdTo127Bytes() {
        EngineFixture.Conn c = fx.connect();
        c.send(SET_CLIENT_ID, "x".repeat(200));
        assertEquals(127, c.session.clientId().length);
    }

    @Test
    void shouldRefuseAHugeFunctionNameAndKeepServing() { // case 74 at engine level
        EngineFixture.Conn c = fx.connect();
        c.send(CAN_DO, "f".repeat(10_000));
        assertEquals("INVALID_ARGUMENTS", c.next().text(0));
        assertEquals(0, fx.engine.functions().size());
        c.send(ECHO_REQ, "ok").expect(ECHO_RES, "ok");
    }

    @Test
    void shouldRefuseATimeoutValueOfMoreThan20Characters() {
        EngineFixture.Conn c = fx.connect();
        c.send(CAN_DO_TIMEOUT, "f", "1".repeat(21));
        assertEquals("INVALID_ARGUMENTS", c.next().text(0));
        assertEquals(0, fx.engine.functions().size());
    }

    @Test
    void shouldParseNumbersLikeC() {
        assertEquals(0, CNumbers.signedLong("abc".getBytes()));
        assertEquals(-12, CNumbers.signedLong("  -12x".getBytes()));
        assertEquals(Long.MIN_VALUE, CNumbers.signedLong("99999999999999999999".getBytes()));
        assertEquals(-5, CNumbers.unsigned32("-5".getBytes()));
        assertEquals(0, CNumbers.unsigned32("abc".getBytes()));
        assertEquals(-1, CNumbers.unsigned32("99999999999999999999999".getBytes()));
        assertEquals(7, CNumbers.unsigned32(" 7".getBytes()));
    }
}
