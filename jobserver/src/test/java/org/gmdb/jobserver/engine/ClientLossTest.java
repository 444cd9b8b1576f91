package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Clients that go away: cases 43, 44. */
class ClientLossTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldDropAQueuedForegroundJobWhoseClientLeft() { // case 43
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB, "f", "u", "d");
        String other = fx.connect().submit(SUBMIT_JOB_BG, "f", "", "next");
        c.disconnect();
        FunctionQueue f = fx.engine.functions().iterator().next();
        assertEquals(1, f.total());
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, other, "f", "next");
        w.send(GRAB_JOB).expect(NO_JOB);
    }

    @Test
    void shouldKeepAJobWhileAnotherListenerRemains() {
        EngineFixture.Conn c1 = fx.connect();
        EngineFixture.Conn c2 = fx.connect();
        String h = c1.submit(SUBMIT_JOB, "f", "u", "d");
        c2.submit(SUBMIT_JOB, "f", "u", "d");
        c1.disconnect();
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        w.send(WORK_COMPLETE, h, "r");
        c2.expect(WORK_COMPLETE, h, "r");
        c1.assertNothing();
    }

    @Test
    void shouldAcceptWorkFromARunningJobWhoseClientLeft() { // case 44
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "u", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        c.disconnect();
        assertTrue(fx.engine.jobs().get(0).ignored());
        // the unique is free again at once
        assertNotEquals(h, fx.connect().submit(SUBMIT_JOB_BG, "f", "u", "d"));
        w.send(WORK_DATA, h, "x").send(WORK_COMPLETE, h, "r");
        w.assertNothing();
        c.assertNothing();
        assertEquals(1, fx.engine.jobCount());
    }

    @Test
    void shouldDropAnAbandonedRunningJobWhenItsWorkerIsLostToo() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        c.disconnect();
        w.disconnect();
        assertEquals(0, fx.engine.jobCount());
        assertEquals(0, fx.engine.functions().iterator().next().total());
    }

    @Test
    void shouldKeepABackgroundJobWhenAForegroundListenerOfItLeaves() {
        EngineFixture.Conn bg = fx.connect();
        String h = bg.submit(SUBMIT_JOB_BG, "f", "u", "d");
        EngineFixture.Conn fg = fx.connect();
        fg.submit(SUBMIT_JOB, "f", "u", "d");
        fg.disconnect();
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
    }

    @Test
    void shouldNotGrowTheListenerListOfALongLivedClient() {
        EngineFixture.Conn c = fx.connect();
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        for (int i = 0; i < 1000; i++) {
            String h = c.submit(SUBMIT_JOB, "f", "", "d");
            w.send(GRAB_JOB).next();
            w.send(WORK_COMPLETE, h, "");
            c.next();
        }
        assertTrue(c.session.listening.size() <= 32, "listening list has " + c.session.listening.size());
    }
}
