package org.gmdb.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Jobs completed by a set of driver workers; signals when a target count is reached. */
final class WorkTally {

    private final long target;
    private final AtomicLong completed = new AtomicLong();
    private final CountDownLatch reached = new CountDownLatch(1);
    private volatile long reachedNanos;

    /** @param target count to signal at; {@code Long.MAX_VALUE} for none */
    WorkTally(long target) {
        this.target = target;
    }

    void completed() {
        if (completed.incrementAndGet() == target) {
            reachedNanos = System.nanoTime();
            reached.countDown();
        }
    }

    /** Whether the target is not reached yet (workers stop grabbing once it is). */
    boolean wantsMore() {
        return completed.get() < target;
    }

    long count() {
        return completed.get();
    }

    /** Waits for the target; returns the {@link System#nanoTime()} it was reached at, or -1 on timeout. */
    long awaitTarget(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit) ? reachedNanos : -1;
    }
}
