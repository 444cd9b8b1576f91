package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.ALL_YOURS;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.UNUSED;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Magic;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed input and limits over a real socket: cases 8, 49-53, 74, and isolation of a bad client. */
class ProtocolErrorsIT {

    private final ServerFixture fx = new ServerFixture(b -> b.maxPayload(32 * 1024 * 1024));

    @AfterEach
    void stop() throws IOException {
        fx.close();
    }

    private static byte[] header(int magic, int type, int length) {
        return ByteBuffer.allocate(12).putInt(magic).putInt(type).putInt(length).array();
    }

    @Test
    void shouldEchoTwentyMegabytesUnchanged() throws IOException { // case 8
        byte[] data = new byte[20 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        RawConnection c = fx.connect();
        c.write(GearmanEncoder.toBytes(new Packet(Magic.REQ, ECHO_REQ, data)));
        Packet echoed = c.readPacket();
        assertEquals(ECHO_RES, echoed.type());
        assertArrayEquals(data, echoed.field(0));
    }

    @Test
    void shouldRefuseCommandsNotForAServerAndKeepTheConnection() throws IOException { // case 49
        RawConnection c = fx.connect();
        for (PacketType type : new PacketType[] {NOOP, ALL_YOURS, UNUSED}) {
            c.send(type).expect(ERROR, "INVALID_COMMAND", "Command not expected");
        }
        c.send(ECHO_REQ, "ok").expect(ECHO_RES, "ok");
    }

    @Test
    void shouldRefuseResponseMagicAndKeepTheConnection() throws IOException { // case 50
        RawConnection c = fx.connect();
        c.write(GearmanEncoder.toBytes(new Packet(Magic.RES, ECHO_REQ, "x".getBytes())));
        c.expect(ERROR, "INVALID_MAGIC", "Request magic expected");
        c.send(ECHO_REQ, "ok").expect(ECHO_RES, "ok");
    }

    @Test
    void shouldAnswerErrorAndCloseOnABadMagic() throws IOException { // case 51 (gearmand: close, no reply)
        RawConnection c = fx.connect();
        c.write(header(0x00524558, 16, 0)); // "\0REX"
        Packet error = c.readPacket();
        assertEquals("INVALID_MAGIC", error.text(0));
        assertEquals("bad magic 0x00524558 (expected: 0x00524551 or 0x00524553)", error.text(1));
        assertEquals(0, c.expectClosed().length);
        fx.connect().send(ECHO_REQ, "fine").expect(ECHO_RES, "fine");
    }

    @Test
    void shouldAnswerThePacketsBeforeABadOneFirst() throws IOException {
        RawConnection c = fx.connect();
        byte[] echo = GearmanEncoder.toBytes(RawConnection.req(ECHO_REQ, "first"));
        byte[] bad = header(0x00524558, 16, 0);
        byte[] both = new byte[echo.length + bad.length];
        System.arraycopy(echo, 0, both, 0, echo.length);
        System.arraycopy(bad, 0, both, echo.length, bad.length);
        c.write(both); // one write: the ECHO's reply is still unflushed when the bad magic is read
        c.expect(ECHO_RES, "first");
        assertEquals("INVALID_MAGIC", c.readPacket().text(0));
        assertEquals(0, c.expectClosed().length);
    }

    @Test
    void shouldAnswerErrorAndCloseOnTypeZeroOrAbove42() throws IOException { // case 52
        for (int type : new int[] {0, 43}) {
            RawConnection c = fx.connect();
            c.write(header(Magic.REQ.value(), type, 0));
            Packet error = c.readPacket();
            assertEquals("INVALID_COMMAND", error.text(0));
            assertEquals("unknown packet type " + type + " (expected: 1 to 42)", error.text(1));
            assertEquals(0, c.expectClosed().length);
        }
    }

    @Test
    void shouldWaitForTheRestOfAPartialPacket() throws IOException { // case 53
        RawConnection c = fx.connect();
        byte[] data = new byte[100];
        Arrays.fill(data, (byte) 'x');
        byte[] packet = GearmanEncoder.toBytes(new Packet(Magic.REQ, ECHO_REQ, data));
        c.write(Arrays.copyOf(packet, 15));
        c.expectSilence(300);
        c.write(Arrays.copyOfRange(packet, 15, packet.length));
        c.expect(ECHO_RES, "x".repeat(100));
    }

    @Test
    void shouldAnswerErrorAndCloseOnADataPacketWithoutItsNuls() throws IOException { // section 7
        RawConnection c = fx.connect();
        c.write(header(Magic.REQ.value(), SUBMIT_JOB.code(), 3));
        c.write("abc".getBytes());
        Packet error = c.readPacket();
        assertEquals(ERROR, error.type());
        assertEquals("INVALID_PACKET", error.text(0));
        assertEquals("SUBMIT_JOB has 0 NUL-terminated fields (expected: 2)", error.text(1));
        c.expectClosed();
    }

    @Test
    void shouldAnswerErrorAndCloseOnAPayloadOverTheLimit() throws IOException {
        try (ServerFixture small = new ServerFixture(b -> b.maxPayload(1024))) {
            RawConnection c = small.connect();
            c.write(header(Magic.REQ.value(), ECHO_REQ.code(), 70_000_000));
            Packet error = c.readPacket();
            assertEquals("INVALID_PACKET", error.text(0));
            assertEquals("size 70000000 of ECHO_REQ (expected: <= 1024)", error.text(1));
            c.expectClosed();
            small.connect().send(ECHO_REQ, "fine").expect(ECHO_RES, "fine");
        }
    }

    @Test
    void shouldAnswerErrorAndCloseOnATextLineOver8k() throws IOException {
        RawConnection c = fx.connect();
        c.text("s".repeat(9000));
        assertEquals("INVALID_PACKET", c.readPacket().text(0));
        c.expectClosed();
    }

    @Test
    void shouldRefuseAHugeFunctionNameWithoutHurtingOthers() throws IOException { // case 74
        RawConnection other = fx.connect();
        RawConnection c = fx.connect();
        c.send(CAN_DO, "f".repeat(10_000));
        assertEquals("INVALID_ARGUMENTS", c.readPacket().text(0));
        c.send(ECHO_REQ, "still").expect(ECHO_RES, "still");
        c.send(SUBMIT_JOB, "g".repeat(10_000), "", "d"); // a name in a NUL-terminated field: framing limit
        assertEquals("INVALID_PACKET", c.readPacket().text(0));
        c.expectClosed();
        other.text("status\n").expectText(".\n");
    }

    @Test
    void shouldKeepServingAJobWhileAnotherClientSendsGarbage() throws IOException {
        RawConnection client = fx.connect();
        client.send(SUBMIT_JOB, "f", "", "d");
        Packet created = client.readPacket();
        assertEquals(JOB_CREATED, created.type());
        RawConnection worker = fx.connect();
        worker.send(CAN_DO, "f").send(GRAB_JOB);
        assertEquals(JOB_ASSIGN, worker.readPacket().type());
        RawConnection bad = fx.connect();
        bad.write(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertEquals(ERROR, bad.readPacket().type());
        bad.expectClosed();
        worker.send(WORK_COMPLETE, created.text(0), "done");
        client.expect(WORK_COMPLETE, created.text(0), "done");
    }
}
