package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CANT_DO;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO_TIMEOUT;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GET_STATUS;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.RESET_ABILITIES;
import static org.gmdb.gearman.protocol.PacketType.STATUS_RES;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.gearman.protocol.PacketType.WORK_STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Worker loss, the retry limit and CAN_DO_TIMEOUT: cases 38-42. */
class RetryAndTimeoutTest {

    private final EngineFixture fx = new EngineFixture();

    private Job only() {
        assertEquals(1, fx.engine.jobCount());
        return fx.engine.jobs().get(0);
    }

    @Test
    void shouldGiveALostWorkersJobToTheNextWorkerSilently() { // case 38
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w1 = fx.connect().send(CAN_DO, "f");
        w1.send(GRAB_JOB).next();
        EngineFixture.Conn w2 = fx.connect().sleepingWorker("f");
        w1.disconnect();
        c.assertNothing();
        assertEquals(1, only().retries());
        w2.expect(NOOP);
        w2.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        w2.send(WORK_COMPLETE, h, "r");
        c.expect(WORK_COMPLETE, h, "r");
    }

    @Test
    void shouldPutARequeuedJobBehindTheOthers() { // case 39
        EngineFixture.Conn c = fx.connect();
        String a = c.submit(SUBMIT_JOB_BG, "f", "", "A");
        String b = c.submit(SUBMIT_JOB_BG, "f", "", "B");
        EngineFixture.Conn w1 = fx.connect().send(CAN_DO, "f");
        w1.send(GRAB_JOB).expect(JOB_ASSIGN, a, "f", "A");
        w1.disconnect();
        EngineFixture.Conn w2 = fx.connect().send(CAN_DO, "f");
        w2.send(GRAB_JOB).expect(JOB_ASSIGN, b, "f", "B");
        w2.send(GRAB_JOB).expect(JOB_ASSIGN, a, "f", "A");
    }

    @Test
    void shouldFailTheJobWhenItsWorkerIsLostAsOftenAsTheRetryLimit() { // case 40
        EngineFixture limited = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX).withJobRetries(2), null);
        EngineFixture.Conn c = limited.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        limited.connect().send(CAN_DO, "f").send(GRAB_JOB).disconnect();
        c.assertNothing();
        assertEquals(1, limited.engine.jobCount());
        limited.connect().send(CAN_DO, "f").send(GRAB_JOB).disconnect();
        c.expect(WORK_FAIL, h);
        assertEquals(0, limited.engine.jobCount());
    }

    @Test
    void shouldRetryForeverWhenTheLimitIsZero() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB, "f", "", "d");
        for (int i = 0; i < 50; i++) {
            fx.connect().send(CAN_DO, "f").send(GRAB_JOB).disconnect();
        }
        c.assertNothing();
        assertEquals(50, only().retries());
    }

    @Test
    void shouldRequeueAJobThatRunsPastItsTimeout() { // case 41
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO_TIMEOUT, "f", "1500");
        w.send(GRAB_JOB).next();
        w.send(WORK_STATUS, h, "1", "2");
        c.next();
        fx.scheduler.advance(1499);
        assertEquals(Job.State.RUNNING, only().state());
        fx.scheduler.advance(1);
        assertEquals(Job.State.QUEUED, only().state());
        c.send(GET_STATUS, h).expect(STATUS_RES, h, "1", "0", "0", "0");
        w.send(WORK_COMPLETE, h, "late").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        c.assertNothing();
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
    }

    @Test
    void shouldRaiseTimeoutsUnderOneSecondToOneSecondAndIgnoreTimeoutsOfZero() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "a");
        c.submit(SUBMIT_JOB_BG, "g", "", "b");
        EngineFixture.Conn w = fx.connect().send(CAN_DO_TIMEOUT, "f", "10").send(CAN_DO_TIMEOUT, "g", "0");
        w.send(GRAB_JOB).next();
        w.send(GRAB_JOB).next();
        fx.scheduler.advance(999);
        assertEquals(2, fx.engine.functions().stream().mapToInt(FunctionQueue::running).sum());
        fx.scheduler.advance(1);
        assertEquals(1, fx.engine.functions().stream().mapToInt(FunctionQueue::running).sum());
        fx.scheduler.advance(100_000);
        assertEquals(1, fx.engine.functions().stream().mapToInt(FunctionQueue::running).sum());
    }

    @Test
    void shouldNotLetAnOldTimeoutRequeueALaterRun() {
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "", "a");
        EngineFixture.Conn w = fx.connect().send(CAN_DO_TIMEOUT, "f", "1000");
        w.send(GRAB_JOB).next();
        fx.scheduler.advance(1000); // requeued
        EngineFixture.Conn w2 = fx.connect().send(CAN_DO, "f");
        w2.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "a");
        fx.scheduler.advance(10_000);
        assertEquals(Job.State.RUNNING, only().state());
    }

    @Test
    void shouldRequeueTheRunningJobOnCantDo() { // case 42
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(CANT_DO, "f");
        assertEquals(Job.State.QUEUED, only().state());
        assertEquals(1, only().retries());
        w.send(WORK_COMPLETE, h, "r").expect(ERROR, "JOB_NOT_FOUND", "Job given in work result not found");
        w.send(GRAB_JOB).expect(NO_JOB);
    }

    @Test
    void shouldRequeueTheRunningJobOnResetAbilities() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(RESET_ABILITIES);
        assertEquals(Job.State.QUEUED, only().state());
        assertEquals(0, fx.engine.functions().iterator().next().workerCount());
    }
}
