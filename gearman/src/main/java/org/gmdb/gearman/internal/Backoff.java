package org.gmdb.gearman.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay: initial, doubled after each failure up to max, with +-20%
 * jitter so that many clients of a restarted server do not reconnect in lock step.
 * Not thread-safe: each connection owns one and uses it on its event loop.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff " + initial + ".." + max
                    + " (expected: 0 < initial <= max)");
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
    }

    /** The delay to wait now, and doubles the one after. */
    public long nextDelayNanos() {
        long base = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return (long) (base * jitter);
    }

    /** After a successful connect, start again from the initial delay. */
    public void reset() {
        nextNanos = initialNanos;
    }
}
