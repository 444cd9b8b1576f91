package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.jobserver.engine.EngineFixture.handle;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A GRAB that finds nothing waits up to 2 ms for a job before NO_JOB. */
class GrabWaitTest {

    private final EngineFixture fx = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX)
            .withGrabWaitMicros(2_000), null);

    @Test
    void shouldAnswerAWaitingGrabWithTheJobThatArrives() {
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f").send(GRAB_JOB_UNIQ);
        w.assertNothing();
        EngineFixture.Conn c = fx.connect();
        assertEquals(handle(1), c.submit(SUBMIT_JOB, "f", "u", "d"));
        w.expect(JOB_ASSIGN_UNIQ, handle(1), "f", "u", "d");
        w.send(WORK_COMPLETE, handle(1), "r");
        c.expect(WORK_COMPLETE, handle(1), "r");
    }

    @Test
    void shouldAnswerNoJobWhenTheWaitIsOver() {
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        fx.scheduler.advance(1);
        w.assertNothing();
        fx.scheduler.advance(1);
        w.expect(NO_JOB);
        w.assertNothing();
        assertEquals(0, fx.scheduler.pending(), "no timer left behind");
    }

    @Test
    void shouldAnswerNoJobBeforeHandlingTheWorkersNextPacket() {
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f").send(GRAB_JOB).send(ECHO_REQ, "x");
        w.expect(NO_JOB);
        w.expect(ECHO_RES, "x");
        w.send(PRE_SLEEP);
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        w.expect(NOOP); // asleep now: woken the usual way
        w.assertNothing();
    }

    @Test
    void shouldAnswerAtOnceAWorkerWithNoFunctions() {
        EngineFixture.Conn w = fx.connect().send(GRAB_JOB);
        w.expect(NO_JOB);
    }

    @Test
    void shouldNotWakeSleepingWorkersForAJobAWaitingGrabTook() {
        EngineFixture.Conn sleeper = fx.connect().sleepingWorker("f");
        EngineFixture.Conn waiter = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        waiter.expect(JOB_ASSIGN, handle(1), "f", "d");
        sleeper.assertNothing();
    }

    @Test
    void shouldWakeSleepersForWhatTheWaitingGrabsLeave() {
        EngineFixture.Conn sleeper = fx.connect().sleepingWorker("f");
        EngineFixture.Conn waiter = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        c.submit(SUBMIT_JOB_BG, "f", "", "b");
        waiter.expect(JOB_ASSIGN, handle(1), "f", "a");
        sleeper.expect(NOOP);
        sleeper.send(GRAB_JOB).expect(JOB_ASSIGN, handle(2), "f", "b");
    }

    @Test
    void shouldGiveOneJobToEachWaitingGrabInTurn() {
        EngineFixture.Conn w1 = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        EngineFixture.Conn w2 = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        c.submit(SUBMIT_JOB_BG, "f", "", "b");
        w1.expect(JOB_ASSIGN, handle(1), "f", "a");
        w2.expect(JOB_ASSIGN, handle(2), "f", "b");
        w1.assertNothing();
        w2.assertNothing();
    }

    @Test
    void shouldOnlyOfferAJobToWorkersOfItsFunction() {
        EngineFixture.Conn other = fx.connect().send(CAN_DO, "g").send(GRAB_JOB);
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        other.assertNothing();
        fx.scheduler.advance(2);
        other.expect(NO_JOB);
    }

    @Test
    void shouldForgetTheWaitOfADisconnectedWorker() {
        EngineFixture.Conn gone = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        gone.disconnect();
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        gone.assertNothing();
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, handle(1), "f", "d");
        fx.scheduler.advance(5);
        gone.assertNothing();
    }

    @Test
    void shouldRequeueWithOneRetryAJobHandedToAWorkerThatLeftDuringTheWait() {
        EngineFixture.Conn gone = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        EngineFixture.Conn next = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        gone.expect(JOB_ASSIGN, h, "f", "d"); // written to a socket already closed
        gone.disconnect(); // the server learns of the close only now
        Job job = fx.engine.jobs().get(0);
        assertEquals(Job.State.QUEUED, job.state());
        assertEquals(1, job.retries());
        next.expect(NOOP);
        next.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        next.send(WORK_COMPLETE, h, "r");
        c.expect(WORK_COMPLETE, h, "r");
    }

    @Test
    void shouldHandAScheduledJobToAWaitingGrabWhenItBecomesDue() {
        long dueSeconds = (EngineFixture.START_MILLIS + 60_000) / 1000;
        fx.connect().send(SUBMIT_JOB_EPOCH, "f", "u", Long.toString(dueSeconds), "d").expect(JOB_CREATED, handle(1));
        fx.scheduler.advance(59_999);
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f").send(GRAB_JOB);
        fx.scheduler.advance(1);
        w.expect(JOB_ASSIGN, handle(1), "f", "d");
    }

    @Test
    void shouldKeepNoJobAtOnceWhenTheWaitIsOff() {
        EngineFixture plain = new EngineFixture();
        EngineFixture.Conn w = plain.connect().send(CAN_DO, "f").send(GRAB_JOB);
        w.expect(NO_JOB);
    }
}
