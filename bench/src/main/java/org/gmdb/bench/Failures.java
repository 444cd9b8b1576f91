package org.gmdb.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Errors seen by the driver's connections during one phase: how many, and the first one in words. */
final class Failures {

    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();

    void add(String what) {
        count.incrementAndGet();
        first.compareAndSet(null, what);
    }

    long count() {
        return count.get();
    }

    /** Fails the phase when any connection saw an error. */
    void throwIfAny(String phase) {
        long n = count.get();
        if (n > 0) {
            throw new IllegalStateException(phase + ": " + n + " driver errors, the first: " + first.get());
        }
    }
}
