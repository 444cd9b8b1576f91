package org.gmdb.gearman.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.gearman.GearmanConnectionException;
import org.gmdb.gearman.GearmanJobException;
import org.gmdb.gearman.GearmanJobFailedException;
import org.gmdb.gearman.GearmanServerErrorException;
import org.gmdb.gearman.GearmanTimeoutException;
import org.gmdb.gearman.Priority;
import org.gmdb.gearman.client.GearmanClient;
import org.gmdb.gearman.client.JobListener;
import org.gmdb.gearman.client.JobStatus;
import org.gmdb.gearman.client.SubmitOptions;
import org.gmdb.gearman.worker.GearmanWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client and worker against a real job server, whichever it is: subclasses say
 * how to start one ({@link #startServer()}), and every test here runs against it. The
 * gearman module runs it on gearmand; the jobserver module on our own server.
 *
 * <p>Each test starts its own server(s) and closes everything it made, clients and workers
 * first. Waits are bounded (see {@link #WAIT}); no test sleeps to let things settle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractClientWorkerIT {

    /** Longest wait for anything that should happen. */
    protected static final Duration WAIT = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    /** Starts a fresh server on a free port of 127.0.0.1, accepting connections when it returns. */
    protected abstract ServerUnderTest startServer() throws Exception;

    @AfterEach
    void closeEverything() throws Exception {
        Exception first = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---- helpers for the tests ----

    protected ServerUnderTest server() throws Exception {
        ServerUnderTest server = startServer();
        toClose.push(server);
        return server;
    }

    protected GearmanClient.Builder clientBuilder(ServerUnderTest... servers) {
        return GearmanClient.builder()
                .servers(Arrays.stream(servers).map(ServerUnderTest::address).toList())
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    protected GearmanClient client(ServerUnderTest... servers) {
        return closeLater(clientBuilder(servers).build());
    }

    protected GearmanWorker.Builder workerBuilder(ServerUnderTest... servers) {
        return GearmanWorker.builder()
                .servers(Arrays.stream(servers).map(ServerUnderTest::address).toList())
                .connectTimeout(Duration.ofSeconds(1))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    protected GearmanWorker worker(ServerUnderTest... servers) {
        return closeLater(workerBuilder(servers).build());
    }

    protected <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.push(closeable);
        return closeable;
    }

    protected static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The exception the future completed with; fails if it completed normally or not in time. */
    protected static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure, got " + (value instanceof byte[] b ? text(b) : value));
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static String text(byte[] data) {
        return new String(data, UTF_8);
    }

    /** A condition polled by {@link #eventually}; may throw, which counts as not yet. */
    @FunctionalInterface
    protected interface Condition {
        boolean holds() throws Exception;
    }

    protected static void eventually(String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT.toMillis() + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static boolean holds(Condition condition) {
        try {
            return condition.holds();
        } catch (Exception e) {
            return false;
        }
    }

    protected static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not within " + WAIT.toMillis() + " ms: " + what);
    }

    /** One admin text command on a fresh socket; returns the first reply line. */
    protected static String admin(ServerUnderTest server, String command) throws Exception {
        try (Socket socket = new Socket(server.address().host(), server.address().port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((command + "\n").getBytes(UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8)).readLine();
        }
    }

    // ---- the tests ----

    @Test
    void shouldReturnTheResultOfAForegroundJob() throws Exception {
        ServerUnderTest server = server();
        worker(server).register("reverse", job -> bytes(new StringBuilder(text(job.data())).reverse().toString())).start();

        byte[] result = await(client(server).submit("reverse", bytes("hello")));

        assertEquals("olleh", text(result));
    }

    @Test
    void shouldPassFunctionUniqueAndDataWithNulBytesToTheWorker() throws Exception {
        ServerUnderTest server = server();
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        worker(server).register("inspect", job -> {
            seen.complete(List.of(job.function(), job.unique(), job.data(), job.handle()));
            return new byte[] {0, 1, 0};
        }).start();

        byte[] result = await(client(server).submit("inspect", new byte[] {'a', 0, 'b'},
                SubmitOptions.defaults().unique("u-1")));

        List<Object> job = await(seen);
        assertEquals("inspect", job.get(0));
        assertEquals("u-1", job.get(1));
        assertArrayEquals(new byte[] {'a', 0, 'b'}, (byte[]) job.get(2));
        assertFalse(((String) job.get(3)).isEmpty());
        assertArrayEquals(new byte[] {0, 1, 0}, result);
    }

    @Test
    void shouldKeepABackgroundJobQueuedUntilAWorkerTakesIt() throws Exception {
        ServerUnderTest server = server();
        GearmanClient client = client(server);

        String handle = await(client.submitBackground("later", "bg-1", bytes("payload"), Priority.NORMAL));

        JobStatus queued = await(client.status(handle));
        assertTrue(queued.known(), queued.toString());
        assertFalse(queued.running(), queued.toString());
        CompletableFuture<String> ran = new CompletableFuture<>();
        worker(server).register("later", job -> {
            ran.complete(job.unique() + ":" + text(job.data()));
            return null;
        }).start();
        assertEquals("bg-1:payload", await(ran));
        eventually("status of " + handle + " unknown after the job ended", () -> !client.status(handle).join().known());
    }

    @Test
    void shouldHandJobsOutHighestPriorityFirst() throws Exception {
        ServerUnderTest server = server();
        GearmanClient client = client(server);
        for (Priority priority : List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
            for (int i = 1; i <= 2; i++) {
                await(client.submitBackground("prio", null, bytes(priority + "-" + i), priority));
            }
        }
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(6);

        worker(server).register("prio", job -> {
            order.add(text(job.data()));
            all.countDown();
            return null;
        }).start();

        awaitLatch(all, "6 jobs run");
        assertEquals(List.of("HIGH-1", "HIGH-2", "NORMAL-1", "NORMAL-2", "LOW-1", "LOW-2"), order);
    }

    @Test
    void shouldRunAHighPriorityForegroundJobBeforeQueuedLowOnes() throws Exception {
        ServerUnderTest server = server();
        GearmanClient client = client(server);
        List<CompletableFuture<byte[]>> low = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            low.add(client.submit("fg", bytes("low" + i), SubmitOptions.defaults().priority(Priority.LOW)));
        }
        CompletableFuture<byte[]> high = client.submit("fg", bytes("high"), SubmitOptions.defaults().priority(Priority.HIGH));
        eventually("4 jobs queued", () -> admin(server, "status").startsWith("fg\t4\t"));
        List<String> order = new CopyOnWriteArrayList<>();

        worker(server).register("fg", job -> {
            order.add(text(job.data()));
            return job.data();
        }).start();

        assertEquals("high", text(await(high)));
        for (CompletableFuture<byte[]> f : low) {
            await(f);
        }
        assertEquals("high", order.get(0));
    }

    @Test
    void shouldForwardStatusDataAndWarningToTheListenerInOrder() throws Exception {
        ServerUnderTest server = server();
        worker(server).register("chatty", job -> {
            job.sendStatus(1, 4);
            job.sendData(bytes("part"));
            job.sendWarning(bytes("careful"));
            job.sendStatus(4, 4);
            return bytes("done");
        }).start();
        List<String> events = new CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onData(byte[] data) {
                events.add("data " + text(data));
            }

            @Override
            public void onWarning(byte[] data) {
                events.add("warning " + text(data));
            }

            @Override
            public void onStatus(long numerator, long denominator) {
                events.add("status " + numerator + "/" + denominator);
            }
        };

        byte[] result = await(client(server).submit("chatty", bytes("x"), SubmitOptions.defaults().listener(listener)));

        assertEquals("done", text(result));
        assertEquals(List.of("status 1/4", "data part", "warning careful", "status 4/4"), events);
    }

    @Test
    void shouldReportStatusOfARunningJobByHandleAndByUnique() throws Exception {
        ServerUnderTest server = server();
        GearmanClient client = client(server);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> started = new CompletableFuture<>();
        worker(server).register("slow", job -> {
            job.sendStatus(5, 10);
            started.complete(job.handle());
            awaitLatch(release, "release");
            return null;
        }).start();
        try {
            String handle = await(client.submitBackground("slow", "st-1", bytes("x"), Priority.NORMAL));
            assertEquals(handle, await(started));

            eventually("status 5/10 of " + handle, () -> client.status(handle).join().numerator() == 5);
            JobStatus byHandle = await(client.status(handle));
            assertEquals(new JobStatus(handle, true, true, 5, 10, -1), byHandle);
            JobStatus byUnique = await(client.statusByUnique("st-1"));
            assertEquals(new JobStatus("st-1", true, true, 5, 10, 0), byUnique);
        } finally {
            release.countDown();
        }
        eventually("job finished", () -> !client.statusByUnique("st-1").join().known());
        assertEquals(new JobStatus("nope", false, false, 0, 0, 0), await(client.statusByUnique("nope")));
    }

    @Test
    void shouldFailWithJobFailedWhenTheWorkerSendsWorkFail() throws Exception {
        ServerUnderTest server = server();
        worker(server).register("doomed", job -> {
            throw new GearmanJobFailedException(job.handle(), "no luck");
        }).start();

        Throwable failure = failure(client(server).submit("doomed", bytes("x")));

        assertInstanceOf(GearmanJobFailedException.class, failure);
    }

    @Test
    void shouldCarryTheWorkersExceptionMessageToClientsThatAskedForExceptions() throws Exception {
        ServerUnderTest server = server();
        worker(server).register("throws", job -> {
            throw new IllegalStateException("boom: " + text(job.data()));
        }).start();

        Throwable withOption = failure(client(server).submit("throws", bytes("x")));
        Throwable withoutOption = failure(closeLater(clientBuilder(server).exceptions(false).build())
                .submit("throws", bytes("y")));

        assertInstanceOf(GearmanJobException.class, withOption);
        assertEquals("boom: x", withOption.getMessage());
        assertInstanceOf(GearmanJobFailedException.class, withoutOption);
    }

    @Test
    void shouldRunAThousandJobsOverEightWorkers() throws Exception {
        ServerUnderTest server = server();
        Set<String> workersUsed = ConcurrentHashMap.newKeySet();
        for (int w = 0; w < 8; w++) {
            String name = "w" + w;
            worker(server).register("upper", job -> {
                workersUsed.add(name);
                return bytes(text(job.data()).toUpperCase());
            }).start();
        }
        GearmanClient client = client(server);

        List<CompletableFuture<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            results.add(client.submit("upper", bytes("job-" + i)));
        }

        for (int i = 0; i < 1000; i++) {
            assertEquals("JOB-" + i, text(await(results.get(i))));
        }
        assertTrue(workersUsed.size() >= 2, "jobs ran on " + workersUsed);
    }

    @Test
    void shouldNeverRunMoreJobsAtOnceThanTheWorkersConcurrencyAcrossServers() throws Exception {
        ServerUnderTest a = server();
        ServerUnderTest b = server();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        closeLater(workerBuilder(a, b).concurrency(3).build()).register("busy", job -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                awaitLatch(release, "release");
            } finally {
                running.decrementAndGet();
            }
            return job.data();
        }).start();
        GearmanClient client = client(a, b);

        List<CompletableFuture<byte[]>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                results.add(client.submit("busy", bytes("j" + i), SubmitOptions.defaults().unique("busy-" + i)));
            }
            eventually("3 jobs running", () -> running.get() >= 3);
            // Three jobs hold their permits: the servers must not have handed out a fourth.
            assertEquals(3, runningOn(a, "busy") + runningOn(b, "busy"), "jobs the two servers count as running");
        } finally {
            release.countDown();
        }
        for (CompletableFuture<byte[]> result : results) {
            await(result);
        }

        assertEquals(3, maxRunning.get(), "most jobs running at once");
    }

    /** The running count of the function in the server's {@code status} (function, total, running, workers). */
    private static int runningOn(ServerUnderTest server, String function) throws Exception {
        String line = admin(server, "status");
        String[] columns = line.split("\t");
        assertEquals(function, columns[0], "first status line of " + server.hostPort() + ": " + line);
        return Integer.parseInt(columns[2]);
    }

    @Test
    void shouldCoalesceSubmissionsWithTheSameUniqueIntoOneRun() throws Exception {
        ServerUnderTest server = server();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker(server).register("once", job -> {
            runs.incrementAndGet();
            started.countDown();
            awaitLatch(release, "release");
            job.sendData(bytes("partial"));
            return bytes("shared");
        }).start();
        GearmanClient first = client(server);
        GearmanClient second = client(server);
        List<List<String>> seen = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        List<CompletableFuture<byte[]>> results = new ArrayList<>();
        try {
            results.add(first.submit("once", bytes("a"), options("same", seen.get(0))));
            awaitLatch(started, "job started");
            // a second attachment on the same connection, and one from another client
            results.add(first.submit("once", bytes("b"), options("same", seen.get(1))));
            results.add(second.submit("once", bytes("c"), options("same", seen.get(2))));
            eventually("3 clients attached", () -> first.statusByUnique("same").join().waitingClients() == 3);
        } finally {
            release.countDown();
        }

        for (CompletableFuture<byte[]> result : results) {
            assertEquals("shared", text(await(result)));
        }
        assertEquals(1, runs.get());
        for (List<String> events : seen) {
            assertEquals(List.of("partial"), events);
        }
    }

    private static SubmitOptions options(String unique, List<String> dataSeen) {
        return SubmitOptions.defaults().unique(unique).listener(new JobListener() {
            @Override
            public void onData(byte[] data) {
                dataSeen.add(text(data));
            }
        });
    }

    @Test
    void shouldGiveAJobToAnotherWorkerWhenItsWorkerDiesMidJob() throws Exception {
        ServerUnderTest server = server();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        GearmanWorker doomed = worker(server).register("task", job -> {
            started.countDown();
            never.await();
            return bytes("from the dead worker");
        }).start();
        GearmanClient client = client(server);

        CompletableFuture<byte[]> result = client.submit("task", bytes("x"));
        awaitLatch(started, "first worker has the job");
        worker(server).register("task", job -> bytes("from the second worker")).start();
        doomed.close();

        assertEquals("from the second worker", text(await(result)));
    }

    @Test
    void shouldFailOverToTheOtherServerWhenOneIsKilledMidWay() throws Exception {
        ServerUnderTest a = server();
        ServerUnderTest b = server();
        closeLater(workerBuilder(a, b).concurrency(4).build()).register("echo", job -> {
            Thread.sleep(2);
            return job.data();
        }).start();
        GearmanClient client = client(a, b);

        List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inFlight.add(client.submit("echo", bytes("m" + i)));
            if (i == 60) {
                await(inFlight.get(30));
                a.kill();
            }
        }

        int ok = 0;
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            try {
                assertEquals("m" + i, text(await(inFlight.get(i))));
                ok++;
            } catch (GearmanConnectionException e) {
                lost.add(i); // its job was on the killed server after JOB_CREATED
            }
        }
        assertEquals(200, ok + lost.size());
        assertTrue(ok >= 100, ok + " of 200 succeeded; lost " + lost);
        for (int i : lost) {
            assertEquals("m" + i, text(await(client.submit("echo", bytes("m" + i)))), "retry of " + i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("after" + i, text(await(client.submit("echo", bytes("after" + i),
                    SubmitOptions.defaults().unique("after-" + i)))));
        }
    }

    /**
     * Every request the dead server owed an answer fails with a connection error, long before
     * the request timeout could have ended it: the client notices the close itself. Requests
     * offered after the kill are retried until their request timeout, as for a server that is
     * down ({@link #shouldFailFastWhenNoServerIsReachable}); status questions pinned to the dead
     * server fail at once.
     */
    @Test
    void shouldCompleteEveryFutureWhenTheServerIsKilled() throws Exception {
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration noticeWithin = Duration.ofSeconds(3);
        ServerUnderTest server = server();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker(server).register("hang", job -> {
            started.countDown();
            release.await();
            return null;
        }).start();
        GearmanClient client = closeLater(clientBuilder(server).requestTimeout(requestTimeout).build());
        List<CompletableFuture<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                futures.add(client.submit("hang", bytes("x" + i)));
            }
            List<String> handles = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // on the same connection: once these are answered, so are the 20 JOB_CREATED before them
                handles.add(await(client.submitBackground("nobody", null, bytes("bg" + i), Priority.LOW)));
            }
            awaitLatch(started, "a job running");
            assertTrue(await(client.status(handles.get(0))).known(), "status of " + handles.get(0) + " before the kill");

            server.kill();
            long killedAt = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                futures.add(client.status(handles.get(i)));
            }

            for (CompletableFuture<?> future : futures) {
                long leftNanos = killedAt + noticeWithin.toNanos() - System.nanoTime();
                try {
                    Object value = future.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
                    fail("expected a connection failure after the kill, got " + value);
                } catch (ExecutionException e) {
                    assertInstanceOf(GearmanConnectionException.class, e.getCause(),
                            "a request to the killed server (request timeout " + requestTimeout.toMillis() + " ms)");
                } catch (TimeoutException e) {
                    fail("a future still pending " + noticeWithin.toMillis() + " ms after the server was killed"
                            + " (request timeout " + requestTimeout.toMillis() + " ms): the client did not notice"
                            + " the closed connection");
                }
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldWorkAgainAfterTheServerRestarts() throws Exception {
        ServerUnderTest server = server();
        worker(server).register("again", job -> job.data()).start();
        GearmanClient client = client(server);
        assertEquals("before", text(await(client.submit("again", bytes("before")))));

        server.restart();

        assertEquals("after", text(await(client.submit("again", bytes("after")))));
    }

    @Test
    void shouldFinishTheJobInHandOnGracefulShutdownAndTakeNoMore() throws Exception {
        ServerUnderTest server = server();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GearmanWorker worker = closeLater(workerBuilder(server).concurrency(2).build()).register("graceful", job -> {
            runs.incrementAndGet();
            started.countDown();
            awaitLatch(release, "release");
            return bytes("finished");
        }).start();
        GearmanClient client = client(server);
        CompletableFuture<byte[]> inHand = client.submit("graceful", bytes("1"));
        awaitLatch(started, "job in hand");

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> worker.shutdown(WAIT));
        eventually("worker stopping", worker::isStopping);
        String queued = await(client.submitBackground("graceful", bytes("2")));
        release.countDown();

        assertEquals("finished", text(await(inHand)));
        assertTrue(await(shutdown), "shutdown finished the job in hand");
        assertEquals(1, runs.get());
        assertTrue(await(client.status(queued)).known(), "the job submitted during shutdown is still queued");
    }

    @Test
    void shouldTimeOutAForegroundJobWithoutAResult() throws Exception {
        ServerUnderTest server = server();
        CountDownLatch release = new CountDownLatch(1);
        worker(server).register("stuck", job -> {
            release.await();
            return null;
        }).start();
        try {
            Throwable failure = failure(client(server).submit("stuck", bytes("x"),
                    SubmitOptions.defaults().timeout(Duration.ofMillis(300))));

            assertInstanceOf(GearmanTimeoutException.class, failure);
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldGetTheJobBackFromAWorkerOverItsCanDoTimeout() throws Exception {
        ServerUnderTest server = server();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker(server).register("limited", Duration.ofSeconds(1), job -> {
            started.countDown();
            release.await(); // overstays the 1 s limit: the server hands the job out again
            return bytes("too late");
        }).start();
        try {
            CompletableFuture<byte[]> result = client(server).submit("limited", bytes("x"));
            awaitLatch(started, "first worker has the job");
            worker(server).register("limited", Duration.ofSeconds(1), job -> bytes("second worker")).start();

            assertEquals("second worker", text(await(result)));
        } finally {
            release.countDown();
        }
    }

    @Test
    void shouldRunAnEpochJobWhoseTimeHasPassed() throws Exception {
        ServerUnderTest server = server();
        CompletableFuture<String> ran = new CompletableFuture<>();
        worker(server).register("scheduled", job -> {
            ran.complete(text(job.data()));
            return null;
        }).start();

        String handle = await(client(server).submitEpoch("scheduled", "ep-1", bytes("due"), Instant.now().minusSeconds(5)));

        assertFalse(handle.isEmpty());
        assertEquals("due", await(ran));
    }

    @Test
    void shouldReportTheServersErrorForARefusedSubmissionAndKeepTheConnection() throws Exception {
        ServerUnderTest server = server();
        GearmanClient client = client(server);
        String accepted = await(client.submitBackground("capped", bytes("1")));
        assertEquals("OK", admin(server, "maxqueue capped 1")); // applies to existing functions only

        CompletableFuture<String> refused = client.submitBackground("capped", bytes("2"));
        CompletableFuture<byte[]> echoed = client.echo(server.address(), bytes("still here"));

        assertFalse(accepted.isEmpty());
        Throwable failure = failure(refused);
        assertInstanceOf(GearmanServerErrorException.class, failure);
        assertEquals("QUEUE_ERROR", ((GearmanServerErrorException) failure).code());
        assertEquals("still here", text(await(echoed)));
    }

    @Test
    void shouldFailFastWhenNoServerIsReachable() throws Exception {
        ServerUnderTest server = server();
        server.kill();
        GearmanClient client = closeLater(clientBuilder(server).requestTimeout(Duration.ofMillis(800)).build());

        long start = System.nanoTime();
        Throwable failure = failure(client.submit("any", bytes("x")));

        assertInstanceOf(GearmanConnectionException.class, failure);
        assertTrue(failure.getMessage().contains(server.hostPort()), failure.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
    }
}
