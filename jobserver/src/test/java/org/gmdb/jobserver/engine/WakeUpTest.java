package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.jobserver.engine.EngineFixture.handle;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NOOP rules, conformance cases 10-16. */
class WakeUpTest {

    private final EngineFixture fx = new EngineFixture();

    @Test
    void shouldAnswerNoJobWhenNothingIsQueued() { // case 10
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        w.expect(NO_JOB);
        w.assertNothing();
    }

    @Test
    void shouldSendOneNoopToASleepingWorkerWhenAJobArrives() { // case 11
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        assertEquals(handle(1), c.submit(SUBMIT_JOB, "f", "", "d"));
        w.expect(NOOP);
        w.assertNothing();
    }

    @Test
    void shouldNotSendASecondNoopBeforeTheWorkerGrabs() { // case 12
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB, "f", "", "d1");
        c.submit(SUBMIT_JOB_BG, "f", "", "d2");
        w.expect(NOOP);
        w.assertNothing();
        w.send(GRAB_JOB).expect(JOB_ASSIGN, handle(1), "f", "d1");
        w.send(PRE_SLEEP).expect(NOOP); // a job is still waiting
    }

    @Test
    void shouldNeverNoopAWorkerThatDidNotSendPreSleep() { // case 13
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        fx.connect().submit(SUBMIT_JOB, "f", "", "d");
        w.assertNothing();
        w.send(GRAB_JOB).expect(JOB_ASSIGN, handle(1), "f", "d");
    }

    @Test
    void shouldNoopAtOnceWhenPreSleepFindsAJobWaiting() { // case 14
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        w.expect(NOOP);
        w.send(PRE_SLEEP).expect(NOOP);
        w.assertNothing();
    }

    @Test
    void shouldNotNoopWhenCanDoAddsAFunctionWithQueuedJobs() { // case 15
        EngineFixture.Conn w = fx.connect().sleepingWorker("g");
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        w.send(CAN_DO, "f");
        w.assertNothing();
    }

    @Test
    void shouldWakeEverySleepingWorkerByDefault() { // case 16
        List<EngineFixture.Conn> workers = List.of(fx.connect().sleepingWorker("f"),
                fx.connect().sleepingWorker("f"), fx.connect().sleepingWorker("f"));
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        for (EngineFixture.Conn w : workers) {
            w.expect(NOOP);
            w.assertNothing();
        }
    }

    @Test
    void shouldWakeOnlyNWorkersInTurnWhenWorkerWakeupIsSet() {
        EngineFixture limited = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX).withWorkerWakeup(1), null);
        EngineFixture.Conn w1 = limited.connect().sleepingWorker("f");
        EngineFixture.Conn w2 = limited.connect().sleepingWorker("f");
        EngineFixture.Conn c = limited.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        w1.expect(NOOP);
        w2.assertNothing();
        c.submit(SUBMIT_JOB_BG, "f", "", "b");
        w2.expect(NOOP); // w1 already has its NOOP; the cursor moved on
        w1.assertNothing();
    }

    @Test
    void shouldWakeAWorkerAgainAfterAPreSleepThatFoundNothing() {
        EngineFixture.Conn w1 = fx.connect().sleepingWorker("f");
        EngineFixture.Conn w2 = fx.connect().send(CAN_DO, "f");
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        w1.expect(NOOP);
        w2.send(GRAB_JOB).expect(JOB_ASSIGN, handle(1), "f", "a"); // another worker took it
        w1.send(PRE_SLEEP);
        w1.assertNothing();
        c.submit(SUBMIT_JOB_BG, "f", "", "b");
        w1.expect(NOOP);
    }

    @Test
    void shouldForgetTheWorkerOfADisconnectedSession() {
        EngineFixture.Conn w = fx.connect().sleepingWorker("f", "f");
        w.disconnect();
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        w.assertNothing();
        assertEquals(0, fx.engine.functions().iterator().next().workerCount());
    }
}
