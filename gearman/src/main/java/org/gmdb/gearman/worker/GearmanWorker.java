package org.gmdb.gearman.worker;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gmdb.gearman.ConnectionBuilder;
import org.gmdb.gearman.ConnectionSettings;
import org.gmdb.gearman.GearmanJobFailedException;
import org.gmdb.gearman.ServerAddress;
import org.gmdb.gearman.internal.Backoff;
import org.gmdb.gearman.internal.GearmanTransport;
import org.gmdb.gearman.internal.WireText;
import org.gmdb.gearman.protocol.Packet;
import org.gmdb.gearman.protocol.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gearman worker: connects to every job server, registers its functions, and runs the
 * jobs it grabs, at most {@code concurrency} at a time over all servers. Job code runs on a
 * thread pool (it may block); IO runs on Netty.
 *
 * <p>Use: build, {@link #register} functions, {@link #start()}; at the end
 * {@link #shutdown(Duration)} (stop grabbing, finish the jobs in hand) or {@link #close()}.
 * Connections that drop are reopened with exponential backoff, and the functions registered
 * again.
 *
 * <p>Caveat: a job whose connection drops while it runs has already been given back to the
 * server's queue; its result is then dropped here and the job runs again elsewhere, so job
 * code must be idempotent.
 */
public final class GearmanWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GearmanWorker.class);

    private final GearmanTransport transport;
    private final List<WorkerConnection> connections = new ArrayList<>();
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final String clientId;
    private final int concurrency;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<WorkerConnection> permitWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger jobsInProgress = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean started;
    private volatile boolean stopping;
    /** Set before {@link #stopping}: no GRAB goes out once it is. */
    private volatile boolean noNewJobs;
    private volatile boolean closed;

    private GearmanWorker(Builder b, ConnectionSettings c) {
        this.transport = new GearmanTransport("gearman-worker", c);
        this.clientId = c.clientId();
        this.concurrency = b.concurrency;
        this.permits = new Semaphore(b.concurrency);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(b.concurrency, r -> {
                Thread t = new Thread(r, "gearman-job-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.ownsExecutor = true;
        }
        for (ServerAddress server : c.servers()) {
            connections.add(new WorkerConnection(this, server, transport.nextLoop(),
                    new Backoff(c.backoffInitial(), c.backoffMax())));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers (or replaces) a function; allowed before and after {@link #start()}. */
    public GearmanWorker register(String function, JobFunction code) {
        return register(function, null, code);
    }

    /**
     * Registers a function with a run limit: the server gives a job back to its queue when this
     * worker holds it longer (CAN_DO_TIMEOUT; gearmand raises limits under 1 s to 1 s).
     * Caveat: gearmand 1.1 keeps one timer per connection and PRE_SLEEP cancels it, so with
     * concurrency above 1 (the connection sleeps while a job runs) the limit is not enforced there.
     */
    public GearmanWorker register(String function, Duration timeout, JobFunction code) {
        Objects.requireNonNull(code, "code");
        return registerAsync(function, timeout, job -> CompletableFuture.completedFuture(code.run(job)));
    }

    /** Registers a function whose result comes later (batching workers). */
    public GearmanWorker registerAsync(String function, AsyncJobFunction code) {
        return registerAsync(function, null, code);
    }

    public GearmanWorker registerAsync(String function, Duration timeout, AsyncJobFunction code) {
        if (Objects.requireNonNull(function, "function").isEmpty()) {
            throw new IllegalArgumentException("empty function name");
        }
        long timeoutMillis = timeout == null ? 0 : timeout.toMillis();
        Registration registration = new Registration(function, timeoutMillis, Objects.requireNonNull(code, "code"));
        Registration previous = registrations.put(function, registration);
        if (started && (previous == null || previous.timeoutMillis() != timeoutMillis)) {
            if (previous != null) {
                connections.forEach(c -> c.onUnregistered(previous));
            }
            connections.forEach(c -> c.onRegistered(registration));
        }
        return this;
    }

    /** Unregisters a function (CANT_DO). Caveat: the server requeues jobs of it that this worker is running. */
    public void unregister(String function) {
        Registration previous = registrations.remove(function);
        if (previous != null && started) {
            connections.forEach(c -> c.onUnregistered(previous));
        }
    }

    /** Connects to every job server and starts taking jobs. */
    public synchronized GearmanWorker start() {
        if (closed) {
            throw new IllegalStateException("worker closed");
        }
        if (!started) {
            started = true;
            connections.forEach(WorkerConnection::start);
        }
        return this;
    }

    /** Jobs running now. */
    public int jobsInProgress() {
        return jobsInProgress.get();
    }

    /**
     * Stops taking jobs, waits up to {@code grace} for the jobs in hand to finish and their
     * results to be sent, then closes. Jobs still running at the deadline lose their
     * connection, so the servers hand them to other workers.
     *
     * Caveat: never call it from job code; it would wait for its own job.
     *
     * @return whether every job in hand finished within the grace period
     */
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        noNewJobs = true;
        endPendingGrabs(deadline);
        stopping = true;
        boolean finished;
        synchronized (drained) {
            while (permits.availablePermits() < concurrency) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            finished = permits.availablePermits() >= concurrency;
        }
        if (!finished) {
            log.warn("worker shutdown: {} jobs still running after {} ms; closing, the servers requeue them",
                    jobsInProgress.get(), grace.toMillis());
        }
        close();
        return finished;
    }

    /** Closes every connection at once; jobs still running are requeued by their servers. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        connections.forEach(c -> closing.add(c.close()));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("worker connections not closed within 5 s", e);
        }
        transport.close();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    // ---- used by the connections ----

    GearmanTransport transport() {
        return transport;
    }

    String clientId() {
        return clientId;
    }

    java.util.Collection<Registration> registrations() {
        return registrations.values();
    }

    /**
     * Whether shutdown or close has begun: no new jobs are taken. During a shutdown, true once
     * every GRAB the servers might still answer with a job has been ended.
     */
    public boolean isStopping() {
        return stopping;
    }

    boolean takesNoJobs() {
        return noNewJobs || stopping;
    }

    /** Waits (up to the deadline, at most a second) until each connection's pending GRAB is ended. */
    private void endPendingGrabs(long deadline) {
        List<CompletableFuture<Void>> ending = new ArrayList<>();
        connections.forEach(c -> ending.add(c.endPendingGrab()));
        long wait = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(0, deadline - System.nanoTime()));
        try {
            CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new)).get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("worker shutdown: pending GRABs not ended in time", e);
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean tryAcquirePermit() {
        return permits.tryAcquire();
    }

    /** Queues a connection that wants to grab until a permit frees up. */
    void awaitPermit(WorkerConnection connection) {
        if (connection.waitingForPermit.compareAndSet(false, true)) {
            permitWaiters.add(connection);
        }
        wakeWaiters(); // a permit may have come back between the failed tryAcquire and the add
    }

    void releasePermit() {
        permits.release();
        synchronized (drained) {
            drained.notifyAll();
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        for (int free = permits.availablePermits(); free > 0; free--) {
            WorkerConnection waiting = permitWaiters.poll();
            if (waiting == null) {
                return;
            }
            waiting.wakeForPermit();
        }
    }

    /** A JOB_ASSIGN* arrived on the connection's loop; runs the job on the executor. Holds a permit. */
    void startJob(Channel channel, Packet assign) {
        // JOB_ASSIGN: handle\0function\0data; _UNIQ adds unique; _ALL adds unique and reducer
        byte[] handle = assign.field(0);
        String function = WireText.utf8(assign.field(1));
        String unique = assign.type() == PacketType.JOB_ASSIGN ? "" : WireText.utf8(assign.field(2));
        byte[] data = assign.field(assign.fieldCount() - 1);
        Job job = new Job(channel, handle, function, unique, data);
        jobsInProgress.incrementAndGet();
        try {
            executor.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            log.debug("{} not run: the worker is closing", job);
            jobDone();
        }
    }

    private void run(Job job) {
        Registration registration = registrations.get(job.function());
        if (registration == null) {
            finish(job, null, new GearmanJobFailedException(job.handle(), "function " + job.function()
                    + " is not registered here"));
            return;
        }
        CompletionStage<byte[]> stage;
        try {
            stage = registration.code().run(job);
        } catch (Throwable t) {
            finish(job, null, t);
            return;
        }
        if (stage == null) {
            finish(job, null, new NullPointerException("job function of " + job.function() + " returned no stage"));
            return;
        }
        stage.whenComplete((result, error) -> finish(job, result, error));
    }

    private void finish(Job job, byte[] result, Throwable error) {
        Packet reply;
        try {
            reply = reply(job, result, error);
        } catch (RuntimeException e) {
            log.warn("{}: cannot build its reply", job, e);
            jobDone();
            return;
        }
        if (!job.isConnected()) {
            log.info("{} ended after its connection closed; the server has requeued it, result dropped", job);
            jobDone();
            return;
        }
        // The slot frees once the reply is written, so that a graceful shutdown closes only after it.
        job.send(reply).addListener(f -> {
            if (!f.isSuccess()) {
                log.info("{}: result not delivered ({}); the server requeues the job", job, f.cause().toString());
            }
            jobDone();
        });
    }

    private void jobDone() {
        jobsInProgress.decrementAndGet();
        releasePermit();
    }

    private static Packet reply(Job job, byte[] result, Throwable error) {
        if (error == null) {
            return Packet.request(PacketType.WORK_COMPLETE, job.handleBytes(), result == null ? new byte[0] : result);
        }
        Throwable cause = unwrap(error);
        if (cause instanceof GearmanJobFailedException) {
            log.debug("{} failed: {}", job, cause.getMessage());
            return Packet.request(PacketType.WORK_FAIL, job.handleBytes());
        }
        log.debug("{} threw", job, cause);
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return Packet.request(PacketType.WORK_EXCEPTION, job.handleBytes(), WireText.utf8(message));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Settings of a {@link GearmanWorker}; only the servers are required. */
    public static final class Builder extends ConnectionBuilder<Builder> {
        private int concurrency = 1;
        private ExecutorService executor;

        private Builder() {
        }

        /** Jobs in progress at once, over all servers (default 1). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency " + concurrency + " (expected: >= 1)");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Where job code runs; by default a pool of {@code concurrency} threads, closed with the worker. */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            return this;
        }

        public GearmanWorker build() {
            return new GearmanWorker(this, connectionSettings());
        }
    }
}
