package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN_UNIQ;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_SCHED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gmdb.gearman.protocol.Packet;
import org.junit.jupiter.api.Test;

/** SUBMIT_JOB_EPOCH and SUBMIT_JOB_SCHED really run at their time: cases 66, 67. */
class ScheduledJobTest {

    private final EngineFixture fx = new EngineFixture();
    private final long nowSeconds = EngineFixture.START_MILLIS / 1000;

    private String created(EngineFixture.Conn c) {
        Packet p = c.next();
        assertEquals(JOB_CREATED, p.type(), () -> "got " + p);
        return p.text(0);
    }

    @Test
    void shouldWakeTheSleepingWorkerWhenAnEpochJobBecomesDue() { // case 66
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_EPOCH, "f", "u", Long.toString(nowSeconds + 3), "d");
        String h = created(c);
        w.send(GRAB_JOB).expect(NO_JOB);
        w.send(PRE_SLEEP);
        fx.scheduler.advance(2999);
        w.assertNothing();
        fx.scheduler.advance(1);
        w.expect(NOOP);
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
    }

    @Test
    void shouldRunEpochZeroPastAndGarbageAtOnce() { // case 67
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_EPOCH, "f", "", "0", "zero");
        String zero = created(c);
        w.expect(NOOP);
        c.send(SUBMIT_JOB_EPOCH, "f", "", Long.toString(nowSeconds - 100), "past");
        String past = created(c);
        c.send(SUBMIT_JOB_EPOCH, "f", "", "soon", "garbage");
        String garbage = created(c);
        w.send(GRAB_JOB).expect(JOB_ASSIGN, zero, "f", "zero");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, past, "f", "past");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, garbage, "f", "garbage");
    }

    @Test
    void shouldRefuseAnEpochBeyondTheLongRangeAndKeepTheConnection() {
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_EPOCH, "f", "", "99999999999999999999999", "d");
        assertEquals("INVALID_ARGUMENTS", c.next().text(0));
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldNotLetAFutureJobBlockLowerLevels() {
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_EPOCH, "f", "", Long.toString(nowSeconds + 60), "later");
        created(c);
        c.send(SUBMIT_JOB_LOW_BG, "f", "", "low");
        String low = created(c);
        FunctionQueue f = fx.engine.functions().iterator().next();
        assertEquals(2, f.total());
        assertEquals(1, f.queued(1)); // counted as NORMAL, like gearmand's prioritystatus
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, low, "f", "low");
    }

    @Test
    void shouldRunACronJobAtTheNextMatchingMinuteUtc() {
        // the fixture starts at 2023-11-14T22:13:00Z; 22:15 is two minutes later
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_SCHED, "f", "cron", "15", "22", "", "*", "", "payload");
        String h = created(c);
        fx.scheduler.advance(119_999);
        w.assertNothing();
        fx.scheduler.advance(1);
        w.expect(NOOP);
        w.send(GRAB_JOB_UNIQ).expect(JOB_ASSIGN_UNIQ, h, "f", "cron", "payload");
    }

    @Test
    void shouldRefuseACronFieldOutOfRange() {
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_SCHED, "f", "", "61", "", "", "", "", "d");
        Packet error = c.next();
        assertEquals(ERROR, error.type());
        assertEquals("INVALID_ARGUMENTS", error.text(0));
        assertEquals("SUBMIT_JOB_SCHED: minute 61 (expected: 0 to 59 or *)", error.text(1));
    }
}
