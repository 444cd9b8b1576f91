package org.gmdb.jobserver.queue.mysql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.gmdb.gearman.protocol.PacketType.CAN_DO;
import static org.gmdb.gearman.protocol.PacketType.GRAB_JOB;
import static org.gmdb.gearman.protocol.PacketType.JOB_ASSIGN;
import static org.gmdb.gearman.protocol.PacketType.JOB_CREATED;
import static org.gmdb.gearman.protocol.PacketType.NO_JOB;
import static org.gmdb.gearman.protocol.PacketType.SUBMIT_JOB_BG;
import static org.gmdb.gearman.protocol.PacketType.WORK_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gmdb.gearman.codec.GearmanEncoder;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.jobserver.JobServer;
import org.gmdb.jobserver.JobServerConfig;
import org.gmdb.jobserver.net.RawConnection;
import org.gmdb.jobserver.queue.StoredJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The MySQL persistent queue against the real MariaDB; each test has its own table. */
class MySqlPersistentQueueIT {

    private static TestDatabase database;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void pickDatabase() {
        database = TestDatabase.named("gmdb_queue_it");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.drop();
    }

    @AfterEach
    void closeQueues() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void shouldReplayStoredJobsByteForByteWithNulsAndEveryByteValue(TestInfo test) throws Exception {
        MySqlPersistentQueue queue = open(test);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        StoredJob binary = new StoredJob(0, "mail1@a".getBytes(UTF_8), "u\0\1\u00ff".getBytes(UTF_8),
                0, everyByte, 0, null);
        StoredJob epoch = new StoredJob(0, "reverse".getBytes(UTF_8), new byte[0], 2,
                new byte[] {0, 0, 0}, 1_900_000_000L, "reducer\0x".getBytes(UTF_8));
        StoredJob empty = new StoredJob(0, "f".getBytes(UTF_8), new byte[0], 1, new byte[0], 0, null);

        long first = await(queue.store(binary));
        long second = await(queue.store(epoch));
        long third = await(queue.store(empty));
        assertTrue(first < second && second < third, "ids grow: " + first + ", " + second + ", " + third);

        List<StoredJob> replayed = queue.replay();
        assertEquals(3, replayed.size());
        assertSameJob(binary.withRowId(first), replayed.get(0));
        assertSameJob(epoch.withRowId(second), replayed.get(1));
        assertSameJob(empty.withRowId(third), replayed.get(2));
    }

    @Test
    void shouldKeepTwoJobsWithEmptyUniqueForOneFunction(TestInfo test) throws Exception {
        MySqlPersistentQueue queue = open(test);
        StoredJob job = new StoredJob(0, "mail1".getBytes(UTF_8), new byte[0], 1,
                "same".getBytes(UTF_8), 0, null);

        long a = await(queue.store(job));
        long b = await(queue.store(job));

        assertTrue(a != b);
        assertEquals(List.of(a, b), queue.replay().stream().map(StoredJob::rowId).toList());
    }

    @Test
    void shouldForgetDeletedRowsAndAcceptDeletesOfMissingRows(TestInfo test) throws Exception {
        MySqlPersistentQueue queue = open(test);
        long kept = await(queue.store(job("kept")));
        long deleted = await(queue.store(job("deleted")));

        await(queue.delete(deleted));
        await(queue.delete(deleted));
        await(queue.delete(987_654_321L));

        List<StoredJob> replayed = queue.replay();
        assertEquals(1, replayed.size());
        assertEquals(kept, replayed.get(0).rowId());
        assertEquals("kept", new String(replayed.get(0).data(), UTF_8));
    }

    @Test
    void shouldBatchABurstOfThousandJobsIntoFewerTransactionsWithMatchingIds(TestInfo test)
            throws Exception {
        MySqlPersistentQueue queue = open(test);
        int jobs = 1000;
        long transactionsBefore = queue.transactions();

        List<CompletableFuture<Long>> stored = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            stored.add(queue.store(job("job-" + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long transactions = queue.transactions() - transactionsBefore;

        assertTrue(transactions < jobs, transactions + " transactions (expected: < " + jobs + ")");
        assertEquals(jobs, queue.stats().rowsInserted());
        assertEquals(0, queue.stats().backlog());
        // Each stage's id names the row holding that stage's job: the multi-row INSERT's ids
        // map back in order.
        Map<Long, String> dataById = new HashMap<>();
        for (StoredJob row : queue.replay()) {
            dataById.put(row.rowId(), new String(row.data(), UTF_8));
        }
        assertEquals(jobs, dataById.size());
        for (int i = 0; i < jobs; i++) {
            assertEquals("job-" + i, dataById.get(stored.get(i).get()));
        }
    }

    @Test
    void shouldShareCommitsAmongConcurrentClientsThatEachWaitForTheirJob(TestInfo test)
            throws Exception {
        MySqlPersistentQueue queue = open(test);
        int clients = 16;
        int jobsPerClient = 60;
        byte[] message = new byte[4096];
        // Each client waits for its job to be durable before sending the next, as a Gearman
        // client waits for JOB_CREATED: throughput then depends on commits being shared.
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long transactionsBefore = queue.transactions();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < jobsPerClient; i++) {
                        await(queue.store(new StoredJob(0, "mail1@a".getBytes(UTF_8), new byte[0], 1,
                                message, 0, null)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        int jobs = clients * jobsPerClient;
        long transactions = queue.transactions() - transactionsBefore;

        assertEquals(List.of(), failures);
        assertEquals(jobs, queue.replay().size());
        assertTrue(transactions < jobs, transactions + " transactions (expected: < " + jobs + ")");
    }

    @Test
    void shouldFailOnlyTheJobTheDatabaseRefusesWhenItSharesABatch(TestInfo test) throws Exception {
        // A table whose data column is too small for one job: strict mode refuses that row
        // (SQLSTATE 22001), which must not take its batch neighbours down with it.
        String table = table(test);
        try (var c = java.sql.DriverManager.getConnection(TestDatabase.SERVER, "root", "");
             var s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database.name() + "`");
            s.execute("CREATE TABLE `" + database.name() + "`.`" + table + "` (id BIGINT NOT NULL "
                    + "AUTO_INCREMENT PRIMARY KEY, unique_key VARBINARY(64) NOT NULL, function_name "
                    + "VARBINARY(8192) NOT NULL, priority TINYINT NOT NULL, data VARBINARY(10) NOT NULL, "
                    + "when_to_run BIGINT NOT NULL, reducer VARBINARY(8192) NULL, created_at "
                    + "TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB");
        }
        MySqlPersistentQueue queue = open(test);
        List<CompletableFuture<Long>> small = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            small.add(queue.store(job("s" + i)).toCompletableFuture());
        }
        CompletableFuture<Long> big = queue.store(job("far too long for ten bytes")).toCompletableFuture();
        for (int i = 50; i < 100; i++) {
            small.add(queue.store(job("s" + i)).toCompletableFuture());
        }

        ExecutionException refused = assertThrows(ExecutionException.class, () -> big.get(10, TimeUnit.SECONDS));
        PersistentQueueException cause = assertInstanceOf(PersistentQueueException.class, refused.getCause());
        assertTrue(cause.getMessage().contains("SQLSTATE 22001"), cause.getMessage());
        assertTrue(!cause.databaseUnreachable());
        for (CompletableFuture<Long> f : small) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(100, queue.replay().size());
    }

    /**
     * The hazard of writing rows behind the engine's back: a job that ended while its insert
     * still waited would leave its row (the delete has no row id yet) and run again after a
     * restart. The table is locked so that every insert waits; meanwhile a worker takes and
     * completes whatever the server hands out. Once every job ran, no row is left and a
     * restarted server has nothing to replay.
     */
    @Test
    void shouldLeaveNoRowAndReplayNothingForJobsThatEndedWhileTheirInsertsWaited(TestInfo test) throws Exception {
        int jobs = 50;
        String table = table(test);
        int endedBeforeStored;
        MySqlPersistentQueue queue = MySqlPersistentQueue.open(database.queueUrl("table=" + table));
        JobServer server = startServer(queue);
        try (Connection locker = DriverManager.getConnection(TestDatabase.SERVER + database.name(), "root", "");
             RawConnection client = new RawConnection(server.port());
             RawConnection worker = new RawConnection(server.port());
             RawConnection admin = new RawConnection(server.port())) {
            locker.createStatement().execute("LOCK TABLES `" + table + "` WRITE");
            ByteArrayOutputStream submissions = new ByteArrayOutputStream();
            for (int i = 0; i < jobs; i++) {
                submissions.writeBytes(GearmanEncoder.toBytes(RawConnection.req(SUBMIT_JOB_BG, "ends", "job-" + i, "d")));
            }
            client.write(submissions.toByteArray());
            awaitStatus(admin, List.of("ends\t" + jobs + "\t0\t0"));

            worker.send(CAN_DO, "ends");
            endedBeforeStored = completeUntilNoJob(worker);
            assertEquals(0, queue.stats().rowsInserted(), "rows inserted while the table was locked");
            locker.createStatement().execute("UNLOCK TABLES");

            for (int i = 0; i < jobs; i++) {
                assertEquals(JOB_CREATED, client.readPacket().type(), "reply " + (i + 1) + " of " + jobs);
            }
            // every job is queued before its JOB_CREATED goes out
            assertEquals(jobs, endedBeforeStored + completeUntilNoJob(worker), "jobs run");
            awaitStatus(admin, List.of("ends\t0\t0\t1"));
        } finally {
            server.close(); // closes the queue, which writes every delete it accepted
        }

        assertEquals(0, database.count(table), "rows left after " + jobs + " jobs ended, " + endedBeforeStored
                + " of them while their inserts waited");
        JobServer restarted = startServer(MySqlPersistentQueue.open(database.queueUrl("table=" + table)));
        try (RawConnection admin = new RawConnection(restarted.port())) {
            assertEquals(List.of(), admin.text("status\n").readList(), "functions with replayed jobs");
        } finally {
            restarted.close();
        }
    }

    private static JobServer startServer(MySqlPersistentQueue queue) {
        return JobServer.start(JobServerConfig.builder().listen("127.0.0.1").port(0).persistentQueue(queue).build());
    }

    /** Grabs and completes jobs until the server has none to give; returns how many. */
    private static int completeUntilNoJob(RawConnection worker) throws IOException {
        int completed = 0;
        while (true) {
            Packet reply = worker.send(GRAB_JOB).readPacket();
            if (reply.type() == NO_JOB) {
                return completed;
            }
            assertEquals(JOB_ASSIGN, reply.type(), reply.toString());
            worker.send(WORK_COMPLETE, reply.text(0), "done");
            completed++;
        }
    }

    private static void awaitStatus(RawConnection admin, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> status = admin.text("status\n").readList();
        while (!status.equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, status, "status after 10 s");
            }
            Thread.sleep(10);
            status = admin.text("status\n").readList();
        }
    }

    @Test
    void shouldWriteEverythingAcceptedBeforeClose(TestInfo test) throws Exception {
        MySqlPersistentQueue queue = MySqlPersistentQueue.open(database.queueUrl("table=" + table(test)));
        List<CompletableFuture<Long>> stored = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            stored.add(queue.store(job("before-close-" + i)).toCompletableFuture());
        }
        queue.close();

        for (CompletableFuture<Long> f : stored) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "stage done before close returns");
        }
        CompletableFuture<Long> late = queue.store(job("late")).toCompletableFuture();
        ExecutionException refused = assertThrows(ExecutionException.class, late::get);
        assertTrue(refused.getCause().getMessage().contains("closed"), refused.getCause().getMessage());

        assertEquals(200, open(test).replay().size());
    }

    @Test
    void shouldRefuseToOpenQuicklyWithAClearMessageWhenThePortIsClosed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long start = System.nanoTime();
        PersistentQueueException e = assertThrows(PersistentQueueException.class,
                () -> MySqlPersistentQueue.open(database.queueUrlVia(closedPort, "")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(millis < 5000, "failed after " + millis + " ms (expected: < 5000)");
        assertTrue(e.databaseUnreachable());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    @Test
    void shouldFailStoresFastWhileTheDatabaseIsDownAndRecoverWhenItIsBack(TestInfo test)
            throws Exception {
        try (TcpProxy proxy = new TcpProxy(3306)) {
            MySqlPersistentQueue queue = MySqlPersistentQueue.open(database.queueUrlVia(proxy.port(),
                    "table=" + table(test) + "&connectTimeoutMs=1000"));
            toClose.add(queue);
            long before = await(queue.store(job("before")));

            proxy.cut();
            long start = System.nanoTime();
            List<CompletableFuture<Long>> during = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                during.add(queue.store(job("during-" + i)).toCompletableFuture());
            }
            for (CompletableFuture<Long> f : during) {
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> f.get(10, TimeUnit.SECONDS));
                PersistentQueueException cause = assertInstanceOf(PersistentQueueException.class,
                        failed.getCause());
                assertTrue(cause.databaseUnreachable(), cause.getMessage());
                assertTrue(cause.getMessage().contains("unreachable (SQLSTATE 08"), cause.getMessage());
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 5000, "50 stores failed after " + millis + " ms (expected: < 5000)");
            assertEquals(50, queue.failedWrites());

            proxy.start();
            long after = awaitRecovery(queue, job("after"));
            List<Long> ids = queue.replay().stream().map(StoredJob::rowId).toList();
            assertTrue(ids.contains(before) && ids.contains(after), "replayed ids " + ids);
        }
    }

    @Test
    void shouldRefuseJobsThatTheTableCannotHoldWithoutTouchingOthers(TestInfo test) throws Exception {
        MySqlPersistentQueue queue = open(test);
        StoredJob longUnique = new StoredJob(0, "f".getBytes(UTF_8), new byte[65], 1, new byte[0], 0, null);
        StoredJob badPriority = new StoredJob(0, "f".getBytes(UTF_8), new byte[0], 3, new byte[0], 0, null);
        CompletableFuture<Long> ok = queue.store(job("ok")).toCompletableFuture();

        ExecutionException unique = assertThrows(ExecutionException.class,
                () -> queue.store(longUnique).toCompletableFuture().get());
        ExecutionException priority = assertThrows(ExecutionException.class,
                () -> queue.store(badPriority).toCompletableFuture().get());

        assertEquals("unique of 65 bytes (expected: <= 64)", unique.getCause().getMessage());
        assertEquals("priority 3 (expected: 0 high, 1 normal, 2 low)", priority.getCause().getMessage());
        assertEquals(List.of(ok.get()), queue.replay().stream().map(StoredJob::rowId).toList());
    }

    @Test
    void shouldKeepEachConfiguredTableApart(TestInfo test) throws Exception {
        MySqlPersistentQueue one = open(test);
        MySqlPersistentQueue other = track(MySqlPersistentQueue.open(
                database.queueUrl("table=" + table(test) + "_other")));
        await(one.store(job("one")));

        assertEquals(1, one.replay().size());
        assertEquals(0, other.replay().size());
        assertEquals(1, database.count(table(test)));
    }

    private long awaitRecovery(MySqlPersistentQueue queue, StoredJob job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return await(queue.store(job));
            } catch (CompletionException | ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private MySqlPersistentQueue open(TestInfo test) {
        return track(MySqlPersistentQueue.open(database.queueUrl("table=" + table(test))));
    }

    private MySqlPersistentQueue track(MySqlPersistentQueue queue) {
        toClose.add(queue);
        return queue;
    }

    /** A table name per test, from its method name, within MySQL's 64 characters. */
    private static String table(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName();
        return "q_" + Integer.toHexString(name.hashCode());
    }

    private static StoredJob job(String data) {
        return new StoredJob(0, "mail1@a".getBytes(UTF_8), new byte[0], 1, data.getBytes(UTF_8), 0, null);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertSameJob(StoredJob expected, StoredJob actual) {
        assertEquals(expected.rowId(), actual.rowId());
        assertArrayEquals(expected.function(), actual.function());
        assertArrayEquals(expected.unique(), actual.unique());
        assertEquals(expected.priority(), actual.priority());
        assertArrayEquals(expected.data(), actual.data());
        assertEquals(expected.whenToRun(), actual.whenToRun());
        if (expected.reducer() == null) {
            assertNull(actual.reducer());
        } else {
            assertArrayEquals(expected.reducer(), actual.reducer());
        }
    }
}
