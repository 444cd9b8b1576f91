package org.gmdb.jobserver.net;

import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.ECHO_REQ;
import static org.gmdb.gearman.protocol.PacketType.ECHO_RES;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NOOP;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.PRE_SLEEP;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_EPOCH;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_HIGH_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.jobserver.engine.InMemoryQueue;
import org.gmdb.jobserver.queue.PersistentQueue;
import org.gmdb.jobserver.queue.StoredJob;
import org.junit.jupiter.api.Test;

/** Start, replay, graceful stop (case 73), the real timer (case 66) and an asynchronous queue. */
class ServerLifecycleIT {

    /** The in-memory queue, but completing its writes 50 ms later on a thread of its own, as a database would. */
    private static final class SlowQueue implements PersistentQueue {
        final InMemoryQueue rows = new InMemoryQueue();
        final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
        boolean closed;

        @Override
        public CompletionStage<Long> store(StoredJob job) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            io.schedule(() -> rows.store(job).whenComplete((id, e) -> done.complete(id)), 50, TimeUnit.MILLISECONDS);
            return done;
        }

        @Override
        public CompletionStage<Void> delete(long rowId) {
            return rows.delete(rowId);
        }

        @Override
        public java.util.List<StoredJob> replay() {
            return rows.replay();
        }

        @Override
        public void close() {
            closed = true;
            io.shutdownNow();
        }
    }

    @Test
    void shouldFinishRunningJobsAndRefuseNewConnectionsOnGracefulStop() throws Exception { // case 73
        ServerFixture fx = new ServerFixture();
        try {
            RawConnection client = fx.connect();
            client.send(SUBMIT_JOB, "f", "", "d");
            String h = client.readPacket().text(0);
            RawConnection worker = fx.connect();
            worker.send(CAN_DO, "f").send(GRAB_JOB);
            assertEquals(JOB_ASSIGN, worker.readPacket().type());
            int port = fx.server.port();
            fx.server.shutdownGracefully();
            assertTrue(refusesWithin(port, 5_000), "new connections still accepted 5 s after the graceful stop began");
            client.send(ECHO_REQ, "still served").expect(ECHO_RES, "still served");
            assertTrue(!fx.server.awaitTermination(200, TimeUnit.MILLISECONDS), "stopped with a job running");
            worker.send(WORK_COMPLETE, h, "done");
            client.expect(WORK_COMPLETE, h, "done");
            assertTrue(fx.server.awaitTermination(5, TimeUnit.SECONDS));
            client.expectClosed();
        } finally {
            fx.close();
        }
    }

    /** Polls until a connect to the port is refused; false if it is still accepted at the deadline. */
    private static boolean refusesWithin(int port, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
            } catch (ConnectException refused) {
                return true;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void shouldWakeASleepingWorkerWhenAnEpochJobBecomesDue() throws Exception { // case 66 in real time
        try (ServerFixture fx = new ServerFixture()) {
            RawConnection worker = fx.connect();
            worker.send(CAN_DO, "f").send(PRE_SLEEP);
            RawConnection client = fx.connect();
            long due = System.currentTimeMillis() / 1000 + 1;
            client.send(SUBMIT_JOB_EPOCH, "f", "", Long.toString(due), "later");
            String h = client.readPacket().text(0);
            worker.send(GRAB_JOB).expect(NO_JOB);
            worker.send(PRE_SLEEP);
            worker.expect(NOOP); // arrives at the due second without any other traffic
            assertTrue(System.currentTimeMillis() >= due * 1000);
            worker.send(GRAB_JOB).expect(JOB_ASSIGN, h, "f", "later");
        }
    }

    @Test
    void shouldAnswerJobCreatedAfterTheAsynchronousWriteAndReplayOnRestart() throws Exception { // cases 69, 71
        SlowQueue queue = new SlowQueue();
        try (ServerFixture fx = new ServerFixture(b -> b.persistentQueue(queue))) {
            RawConnection c = fx.connect();
            c.send(SUBMIT_JOB_BG, "f", "a", "1").send(SUBMIT_JOB, "f", "", "fg").send(SUBMIT_JOB_HIGH_BG, "f", "b", "2");
            Packet first = c.readPacket();
            assertEquals(JOB_CREATED, first.type());
            assertEquals(ServerFixture.PREFIX + ":1", first.text(0)); // in request order despite the write delay
            c.expect(JOB_CREATED, ServerFixture.PREFIX + ":2");
            c.expect(JOB_CREATED, ServerFixture.PREFIX + ":3");
            assertEquals(2, queue.rows.rows.size());
        }
        assertTrue(queue.closed);
        SlowQueue reopened = new SlowQueue();
        reopened.rows.rows.putAll(queue.rows.rows);
        try (ServerFixture fx = new ServerFixture(b -> b.persistentQueue(reopened))) {
            RawConnection a = fx.connect();
            a.text("prioritystatus\n").expectText("f\t1\t1\t0\t0\n.\n");
            a.text("show jobs\n").expectText(ServerFixture.PREFIX + ":1\t0\t0\t1\n" + ServerFixture.PREFIX + ":2\t0\t0\t1\n.\n");
        }
    }
}
