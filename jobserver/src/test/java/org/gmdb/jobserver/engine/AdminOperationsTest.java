package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The state-changing admin commands at engine level: cancel (59), maxqueue (35-37), drop function. */
class AdminOperationsTest {

    private final EngineFixture fx = new EngineFixture();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldCancelAQueuedJobOnce() { // case 59
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        assertTrue(fx.engine.cancel(b(h)));
        c.expect(WORK_FAIL, h);
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(NO_JOB);
        assertFalse(fx.engine.cancel(b(h)));
    }

    @Test
    void shouldDetachListenersWhenCancellingARunningJob() {
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "", "d");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        assertTrue(fx.engine.cancel(b(h)));
        c.expect(WORK_FAIL, h);
        w.send(WORK_COMPLETE, h, "late");
        w.assertNothing();
        c.assertNothing(); // gearmand would send the WORK_COMPLETE after the FAIL (section 7)
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldRefuseTheThirdJobOverMaxqueueTwo() { // case 35
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "a", "d");
        fx.engine.maxQueue("f", 2, 2, 2);
        c.submit(SUBMIT_JOB_BG, "f", "b", "d");
        c.send(SUBMIT_JOB_BG, "f", "c", "d").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
    }

    @Test
    void shouldApplyMaxqueuePerLevelAgainstTheTotal() { // case 36
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "one");
        fx.engine.maxQueue("f", 5, 1, 0);
        c.submit(SUBMIT_JOB_HIGH_BG, "f", "", "high");
        c.send(SUBMIT_JOB_BG, "f", "", "normal").expect(ERROR, "QUEUE_ERROR", "Job queue is full");
        c.submit(SUBMIT_JOB_LOW_BG, "f", "", "low");
    }

    @Test
    void shouldCoalesceAroundAFullQueue() { // case 37
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB_BG, "f", "u", "d");
        fx.engine.maxQueue("f", 1, 1, 1);
        assertEquals(h, c.submit(SUBMIT_JOB, "f", "u", "d"));
    }

    @Test
    void shouldIgnoreMaxqueueForUnknownFunctions() {
        fx.engine.maxQueue("nope", 1, 1, 1);
        assertTrue(fx.engine.functions().isEmpty());
    }

    @Test
    void shouldDropAnIdleFunctionAndFailItsQueuedJobs() {
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "Mail", "", "d");
        assertEquals(JobServerEngine.DropResult.DROPPED, fx.engine.dropFunction("mail"));
        c.expect(WORK_FAIL, h);
        assertTrue(fx.engine.functions().isEmpty());
        assertEquals(0, fx.engine.jobCount());
        assertEquals(JobServerEngine.DropResult.NOT_FOUND, fx.engine.dropFunction("mail"));
    }

    @Test
    void shouldRefuseToDropAFunctionWithWorkersOrRunningJobs() {
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        assertEquals(JobServerEngine.DropResult.BUSY, fx.engine.dropFunction("f"));
        fx.connect().submit(SUBMIT_JOB_BG, "f", "", "d");
        w.send(GRAB_JOB).next();
        w.send(org.gmdb.gearman.protocol.PacketType.CANT_DO, "f");
        assertEquals(JobServerEngine.DropResult.DROPPED, fx.engine.dropFunction("f"));
    }

    @Test
    void shouldQueueANewJobOfADroppedFunctionUnderAFreshFunction() {
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "before");
        assertEquals(JobServerEngine.DropResult.DROPPED, fx.engine.dropFunction("f"));
        String h = c.submit(SUBMIT_JOB_BG, "f", "", "after");
        assertEquals(1, fx.engine.functions().size());
        assertEquals(1, fx.engine.functions().iterator().next().total());
        fx.connect().send(CAN_DO, "f").send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "after");
    }
}
