package org.gmdb.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When each thousandth JOB_CREATED arrived during a fill, so that the submit rate can be read
 * over any window of queue depth afterwards (with no workers, depth = acks so far).
 *
 * <p>Caveat: written by driver threads; read only after every submitter is done.
 */
final class AckTimeline {

    static final int STEP = 1000;

    private final long[] stamps;
    private final AtomicLong acks = new AtomicLong();
    private final long startNanos;

    AckTimeline(long total, long startNanos) {
        this.stamps = new long[(int) (total / STEP) + 1];
        this.startNanos = startNanos;
    }

    void ack() {
        long n = acks.incrementAndGet();
        if (n % STEP == 0) {
            stamps[(int) (n / STEP)] = System.nanoTime();
        }
    }

    long acks() {
        return acks.get();
    }

    /** Time at which {@code count} acks were in (a multiple of {@link #STEP}, or 0 for the start). */
    long nanosAt(long count) {
        if (count % STEP != 0) {
            throw new IllegalArgumentException("count " + count + " (expected: a multiple of " + STEP + ")");
        }
        return count == 0 ? startNanos : stamps[(int) (count / STEP)];
    }

    /** Acks per second between two depths (both multiples of {@link #STEP}). */
    double rate(long fromCount, long toCount) {
        return (toCount - fromCount) * 1e9 / (nanosAt(toCount) - nanosAt(fromCount));
    }
}
