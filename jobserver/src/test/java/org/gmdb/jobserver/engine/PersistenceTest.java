package org.gmdb.jobserver.engine;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.ERROR;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_LOW_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.gmdb.gearman.protocol.PacketType.WORK_EXCEPTION;
import static org.gmdb.gearman.protocol.PacketType.WORK_FAIL;
import static org.gmdb.jobserver.engine.EngineFixture.handle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gmdb.jobserver.queue.StoredJob;
import org.junit.jupiter.api.Test;

/** Background jobs in the persistent queue: cases 69-72 at engine level, and reply ordering. */
class PersistenceTest {

    private final InMemoryQueue queue = new InMemoryQueue();
    private final EngineFixture fx = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX), queue);

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldStoreBackgroundJobsWithTheirPriorityAndNotForegroundOnes() { // case 69
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_HIGH_BG, "f", "h", "1");
        c.submit(SUBMIT_JOB_BG, "f", "n", "2");
        c.submit(SUBMIT_JOB_LOW_BG, "f", "l", "3");
        c.submit(SUBMIT_JOB, "f", "fg", "4");
        assertEquals(3, queue.rows.size());
        List<StoredJob> rows = List.copyOf(queue.rows.values());
        assertEquals(List.of(0, 1, 2), rows.stream().map(StoredJob::priority).toList());
        assertEquals(List.of("h", "n", "l"), rows.stream().map(r -> s(r.unique())).toList());
        assertTrue(rows.stream().allMatch(r -> r.whenToRun() == 0 && s(r.function()).equals("f")));
    }

    @Test
    void shouldKeepTheRowWhileRunningAndDeleteItWhenTheJobEnds() { // case 70
        EngineFixture.Conn c = fx.connect();
        String a = c.submit(SUBMIT_JOB_BG, "f", "", "a");
        String b = c.submit(SUBMIT_JOB_BG, "f", "", "b");
        String e = c.submit(SUBMIT_JOB_BG, "f", "", "e");
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).next();
        w.send(GRAB_JOB).next();
        w.send(GRAB_JOB).next();
        assertEquals(3, queue.rows.size());
        w.send(WORK_COMPLETE, a, "");
        w.send(WORK_FAIL, b);
        w.send(WORK_EXCEPTION, e, "x");
        assertEquals(0, queue.rows.size());
    }

    @Test
    void shouldReplayRowsAsQueuedJobsWithFreshHandles() { // case 71
        queue.rows.put(7L, new StoredJob(7, "f".getBytes(), "u".getBytes(), 0, "hi".getBytes(), 0, null));
        queue.rows.put(9L, new StoredJob(9, "f".getBytes(), "".getBytes(), 2, "lo".getBytes(), 0, null));
        EngineFixture restarted = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX), queue);
        restarted.engine.replay(queue.replay());
        FunctionQueue f = restarted.engine.functions().iterator().next();
        assertEquals(2, f.total());
        assertEquals(1, f.queued(0));
        assertEquals(1, f.queued(2));
        EngineFixture.Conn w = restarted.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, handle(1), "f", "hi");
        w.send(WORK_COMPLETE, handle(1), "");
        assertEquals(List.of(9L), List.copyOf(queue.rows.keySet()));
    }

    @Test
    void shouldStoreTwoBackgroundJobsWithEmptyUniques() { // case 72
        EngineFixture.Conn c = fx.connect();
        c.submit(SUBMIT_JOB_BG, "f", "", "same");
        c.submit(SUBMIT_JOB_BG, "f", "", "same");
        assertEquals(2, queue.rows.size());
    }

    @Test
    void shouldWriteNothingForACoalescedSubmission() {
        EngineFixture.Conn c = fx.connect();
        String h = c.submit(SUBMIT_JOB, "f", "u", "d");
        assertEquals(h, c.submit(SUBMIT_JOB_BG, "f", "u", "d"));
        assertEquals(0, queue.rows.size());
    }

    @Test
    void shouldStoreTheDueTimeOfAnEpochJob() {
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_EPOCH, "f", "", "1795902816", "later");
        c.next();
        assertEquals(1795902816L, queue.rows.values().iterator().next().whenToRun());
    }

    @Test
    void shouldAnswerJobCreatedOnlyOnceTheRowIsWrittenAndKeepRepliesInOrder() {
        queue.holdWrites = true;
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_BG, "f", "u", "d").send(SUBMIT_JOB, "f", "fg", "x").send(ECHO_REQ, "e");
        EngineFixture.Conn other = fx.connect();
        other.send(SUBMIT_JOB_BG, "f", "u", "d"); // coalesces on the pending job
        c.assertNothing();
        other.assertNothing();
        EngineFixture.Conn w = fx.connect().send(CAN_DO, "f");
        w.send(GRAB_JOB).expect(JOB_ASSIGN, handle(2), "f", "x"); // the foreground job is queued already
        queue.completeWrites();
        c.expect(JOB_CREATED, handle(1));
        c.expect(JOB_CREATED, handle(2));
        c.expect(ECHO_RES, "e");
        other.expect(JOB_CREATED, handle(1));
        assertEquals(1, queue.rows.size());
    }

    @Test
    void shouldAnswerQueueErrorAndDropTheJobWhenTheWriteFails() {
        queue.failWrites = true;
        EngineFixture.Conn c = fx.connect();
        c.send(SUBMIT_JOB_BG, "f", "u", "d").expect(ERROR, "QUEUE_ERROR", "QUEUE_ERROR");
        assertEquals(0, fx.engine.jobCount());
        assertEquals(0, fx.engine.functions().iterator().next().total());
        queue.failWrites = false;
        assertEquals(handle(2), c.submit(SUBMIT_JOB_BG, "f", "u", "d")); // the number was used up
    }

    @Test
    void shouldDeleteTheRowWhenTheRetryLimitDropsTheJobOrAnAdminCancelsIt() {
        EngineFixture limited = new EngineFixture(EngineSettings.defaults(EngineFixture.PREFIX).withJobRetries(1), queue);
        EngineFixture.Conn c = limited.connect();
        String a = c.submit(SUBMIT_JOB_BG, "f", "", "a");
        String b = c.submit(SUBMIT_JOB_BG, "f", "", "b");
        limited.connect().send(CAN_DO, "f").send(GRAB_JOB).disconnect();
        assertEquals(1, queue.rows.size());
        assertTrue(limited.engine.cancel(b.getBytes()));
        assertEquals(0, queue.rows.size());
        assertArrayEquals(new long[0], limited.engine.jobs().stream().mapToLong(Job::number).toArray(), a);
    }
}
