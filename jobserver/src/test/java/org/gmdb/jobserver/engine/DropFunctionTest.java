package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.jobserver.engine.EngineFixture.handle;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gmdb.jobserver.engine.JobServerEngine.DropResult;
import org.junit.jupiter.api.Test;

/**
 * Admin {@code drop function} with a persistent queue: refused while a job runs or a row is
 * being written, else queued and scheduled jobs fail and their rows go.
 */
class DropFunctionTest {

    private final InMemoryQueue queue = new InMemoryQueue();
    private final EngineFixture fx = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX), queue);

    /** A stored background job with a foreground client attached to it by its unique key. */
    private String storedJobWithListener(EngineFixture.Conn listener) {
        String h = fx.connect().submit(SUBMIT_JOB_BG, "f", "u", "d");
        assertEquals(h, listener.submit(SUBMIT_JOB, "f", "u", "d"));
        return h;
    }

    @Test
    void shouldRefuseToDropWhileAJobRunsAndFailItOnceItsWorkerIsGone() {
        EngineFixture.Conn listener = fx.connect();
        String h = storedJobWithListener(listener);
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "d");
        assertEquals(DropResult.BUSY, fx.engine.dropFunction("f"));
        listener.assertNothing();
        assertEquals(1, queue.rows.size());
        w.disconnect(); // the job goes back to the queue
        assertEquals(DropResult.DROPPED, fx.engine.dropFunction("f"));
        listener.expect(WORK_FAIL, h);
        assertEquals(0, queue.rows.size());
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldRefuseToDropWhileAQueueWriteIsPending() {
        queue.holdWrites = true;
        EngineFixture.Conn c = fx.connect().send(SUBMIT_JOB_BG, "f", "", "d");
        c.assertNothing();
        assertEquals(DropResult.BUSY, fx.engine.dropFunction("f"));
        queue.completeWrites();
        c.expect(JOB_CREATED, handle(1));
        assertEquals(1, queue.rows.size());
        assertEquals(DropResult.DROPPED, fx.engine.dropFunction("f"));
        assertEquals(0, queue.rows.size());
        assertEquals(0, fx.engine.jobCount());
    }

    @Test
    void shouldFailQueuedAndScheduledJobsAndDeleteTheirRows() {
        EngineFixture.Conn listener = fx.connect();
        String h = storedJobWithListener(listener);
        long dueSeconds = (EngineFixture.START_MILLIS + 60_000) / 1000;
        fx.connect().send(SUBMIT_JOB_EPOCH, "f", "later", Long.toString(dueSeconds), "d")
                .expect(JOB_CREATED, handle(2));
        assertEquals(2, queue.rows.size());
        assertEquals(DropResult.DROPPED, fx.engine.dropFunction("F"));
        listener.expect(WORK_FAIL, h);
        listener.assertNothing();
        assertEquals(0, queue.rows.size(), "rows left: " + queue.rows.keySet());
        assertEquals(0, fx.engine.jobCount());
        EngineFixture.Conn w = fx.connect().sleepingWorker("f");
        fx.scheduler.advance(60_000); // the dropped scheduled job does not come due
        w.assertNothing();
        w.send(GRAB_JOB).expect(NO_JOB);
    }
}
