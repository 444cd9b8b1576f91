package org.gmdb.mailstore.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.gmdb.mail.event.MailEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the write events of the jobs in hand and applies them in one transaction per
 * batch, on one thread: a batch closes when it holds {@code maxBatch} events or
 * {@code linger} has passed since its first one. Each submitted event gets a future that
 * completes once its batch committed.
 *
 * <p>A database that is away (see {@link DatabaseFailures}) never fails a future: the batch
 * is retried with exponential backoff until it commits (events are idempotent), or until
 * {@link #close()}, which abandons the batch with its futures left pending, so that the job
 * server, seeing the worker's connections close, requeues the jobs. Any other failure splits
 * the batch and applies its events one by one; only an event that fails alone, for a reason
 * other than the database being away, fails its future.
 *
 * <p>Caveat: while the database is away the batch in retry holds the thread, so events
 * submitted meanwhile wait in the queue (bounded by the worker's concurrency).
 */
public final class WriteBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);

    private final Function<List<MailEvent>, Integer> store;
    private final int maxBatch;
    private final long lingerNanos;
    private final long backoffInitialNanos;
    private final long backoffMaxNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Object sleeper = new Object();
    private volatile boolean closed;
    private volatile boolean databaseAway;

    /**
     * @param store    applies a batch in one transaction and returns how many were new; throws on failure
     * @param name     for the thread's name
     */
    public WriteBatcher(String name, Function<List<MailEvent>, Integer> store, int maxBatch, Duration linger,
            Duration backoffInitial, Duration backoffMax) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch " + maxBatch + " (expected: >= 1)");
        }
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.backoffInitialNanos = Math.max(1, backoffInitial.toNanos());
        this.backoffMaxNanos = Math.max(backoffInitialNanos, backoffMax.toNanos());
        this.thread = new Thread(this::run, "write-batcher-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an event; the future completes when it is committed, or fails if it can never be stored. */
    public CompletableFuture<Void> submit(MailEvent event) {
        Pending p = new Pending(Objects.requireNonNull(event, "event"), new CompletableFuture<>());
        if (closed) {
            // Left pending on purpose: the caller's job goes back to the job server's queue.
            log.debug("event {} not queued: the batcher is closed", event.id());
            return p.done;
        }
        queue.add(p);
        return p.done;
    }

    /** Events committed by this batcher (new ones, not counting replays). */
    public long applied() {
        return applied.get();
    }

    /** Events whose future failed (input that can never be stored). */
    public long failed() {
        return failed.get();
    }

    /** Transactions committed (a batch split after a failure counts each part). */
    public long batches() {
        return batches.get();
    }

    /** Times a batch was retried because the database was away. */
    public long retries() {
        return retries.get();
    }

    /** Whether the last attempt found the database away. */
    public boolean isDatabaseAway() {
        return databaseAway;
    }

    /** Events waiting for their batch. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops: the batch in retry (if any) and the queued events are abandoned, their futures
     * left pending. Call after the Gearman worker has stopped taking jobs.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.info("write batcher closed with {} events not applied; the job server requeues their jobs", queue.size());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                flush(batch);
            } catch (InterruptedException e) {
                if (!closed) {
                    log.warn("write batcher interrupted; {} events abandoned to the job server", batch.size());
                }
                return;
            } catch (RuntimeException e) {
                // A bug here must not stop the thread: the jobs stay pending and are requeued at shutdown.
                log.error("write batcher failed on a batch of {} events; they stay unanswered", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Applies the batch, retrying while the database is away; splits it on any other failure. */
    private void flush(List<Pending> batch) throws InterruptedException {
        List<MailEvent> events = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            events.add(p.event);
        }
        long backoff = backoffInitialNanos;
        while (true) {
            try {
                int fresh = store.apply(events);
                applied.addAndGet(fresh);
                batches.incrementAndGet();
                if (databaseAway) {
                    databaseAway = false;
                    log.info("database is back: applied a batch of {} events after {} retries", events.size(), retries.get());
                }
                for (Pending p : batch) {
                    p.done.complete(null);
                }
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    // Shutting down (the pool may be closing under us): leave the jobs to the job server.
                    throw new InterruptedException("closed during a batch: " + e);
                }
                if (DatabaseFailures.isDatabaseAway(e)) {
                    if (!databaseAway) {
                        databaseAway = true;
                        log.warn("database away; holding {} events and retrying: {}", events.size(), e.toString());
                    } else {
                        log.debug("database still away: {}", e.toString());
                    }
                    retries.incrementAndGet();
                    pause(backoff);
                    backoff = Math.min(backoffMaxNanos, backoff * 2);
                    if (closed) {
                        throw new InterruptedException("closed while the database was away");
                    }
                    continue;
                }
                if (batch.size() > 1) {
                    log.info("batch of {} events failed ({}); applying them one by one", batch.size(), e.toString());
                    for (Pending p : batch) {
                        flush(List.of(p));
                    }
                    return;
                }
                Pending bad = batch.get(0);
                failed.incrementAndGet();
                log.error("event {} ({} of {}) cannot be stored: {}", bad.event.id(), bad.event.op().wireName(),
                        bad.event.user(), e.getMessage(), e);
                bad.done.completeExceptionally(e);
                return;
            }
        }
    }

    private void pause(long nanos) throws InterruptedException {
        synchronized (sleeper) {
            if (!closed) {
                TimeUnit.NANOSECONDS.timedWait(sleeper, nanos);
            }
        }
    }

    private record Pending(MailEvent event, CompletableFuture<Void> done) {
    }
}
