package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Unique-key coalescing, cases 27-34. */
class CoalescingTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldGiveTwoClientsOfOneUniqueTheSameJobAndResult() { // case 27
        EngineFixture.Conn c1 = fx.connect();
        EngineFixture.Conn c2 = fx.connect();
        String h = c1.submit(SUBMIT_JOB, "f", "k", "d");
        assertEquals(h, c2.submit(SUBMIT_JOB, "f", "k", "other"));
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        w.send(GRAB_JOB).expect(NO_JOB);
        w.send(WORK_DATA, h, "x").send(WORK_COMPLETE, h, "r");
        for (EngineFixture.Conn c : new EngineFixture.Conn[] {c1, c2}) {
            c.expect(WORK_DATA, h, "x");
            c.expect(WORK_COMPLETE, h, "r");
            c.assertNothing();
        }
    }

    @Test
    void shouldSendEveryResultTwiceToAConnectionThatSubmittedTwice() { // case 28
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "k", "d");
        assertEquals(h, c.submit(SUBMIT_JOB, "f", "k", "d"));
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(WORK_DATA, h, "x").send(WORK_COMPLETE, h, "r");
        c.expect(WORK_DATA, h, "x");
        c.expect(WORK_DATA, h, "x");
        c.expect(WORK_COMPLETE, h, "r");
        c.expect(WORK_COMPLETE, h, "r");
        c.assertNothing();
    }

    @Test
    void shouldNeverCoalesceAnEmptyUnique() { // case 29
        EngineFixture.Conn c = fx.connect();
        assertNotEquals(c.submit(SUBMIT_JOB_BG, "f", "", "same"), c.submit(SUBMIT_JOB_BG, "f", "", "same"));
        assertEquals(2, fx.engine.jobCount());
    }

    @Test
    void shouldCoalesceOnTheDataWhenTheUniqueIsADash() { // case 30
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "-", "same");
        assertEquals(h, c.submit(SUBMIT_JOB_BG, "f", "-", "same"));
        assertNotEquals(h, c.submit(SUBMIT_JOB_BG, "f", "-", "other"));
        assertNotEquals(c.submit(SUBMIT_JOB_BG, "f", "-", ""), c.submit(SUBMIT_JOB_BG, "f", "-", ""));
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h, "f", "-", "same"); // the stored unique stays "-"
    }

    @Test
    void shouldKeepOneUniqueUnderTwoFunctionsApart() { // case 31
        EngineFixture.Conn c = fx.connect();
        assertNotEquals(c.submit(SUBMIT_JOB_BG, "f", "zz", "d"), c.submit(SUBMIT_JOB_BG, "g", "zz", "d"));
    }

    @Test
    void shouldLetAForegroundClientListenToAQueuedBackgroundJob() { // case 32
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "u", "d");
        EngineFixture.Conn fg = fx.connect();
        assertEquals(h, fg.submit(SUBMIT_JOB, "f", "u", "ignored"));
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        w.send(WORK_COMPLETE, h, "r");
        fg.expect(WORK_COMPLETE, h, "r");
        c.assertNothing();
    }

    @Test
    void shouldRefuseAUniqueOver64BytesAndKeepServing() { // case 33
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB, "f", "u".repeat(65), "d");
        c.expect(ERROR, "ARGUMENT_TOO_LARGE", "Unique value too large");
        c.send(ECHO_REQ, "still here").expect(ECHO_RES, "still here");
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldKeepAll64BytesOfAUnique() { // case 34
        String unique = "0123456789abcdef".repeat(4);
        String h = fx.connect().submit(SUBMIT_JOB_BG, "f", unique, "d");
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h, "f", unique, "d");
    }

    @Test
    void shouldFreeTheUniqueOnceTheJobEnds() {
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "u", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        assertEquals(h, c.submit(SUBMIT_JOB_BG, "f", "u", "d")); // still running: same job
        w.send(WORK_COMPLETE, h, "");
        assertNotEquals(h, c.submit(SUBMIT_JOB_BG, "f", "u", "d"));
    }
}
