package org.gmdb.jobserver.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps function names to metric label values, with a cap: the first {@code max} distinct
 * functions keep their own name for the life of the process, every later one is reported as
 * {@value #OTHER}. Keeps the number of time series bounded when clients invent function names.
 *
 * <p>Caveat: a function literally named {@value #OTHER} shares its series with the overflow.
 */
final class FunctionLabels {

    static final String OTHER = "other";

    private final int max;
    private final ConcurrentHashMap<String, Boolean> admitted = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    FunctionLabels(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max function labels " + max + " (expected: >= 1)");
        }
        this.max = max;
    }

    String label(String function) {
        if (admitted.containsKey(function)) {
            return function;
        }
        // Reserve a slot first so concurrent callers never admit more than max.
        if (count.incrementAndGet() <= max) {
            if (admitted.putIfAbsent(function, Boolean.TRUE) != null) {
                count.decrementAndGet(); // someone else admitted it meanwhile
            }
            return function;
        }
        count.decrementAndGet();
        return admitted.containsKey(function) ? function : OTHER;
    }

    int admittedCount() {
        return admitted.size();
    }
}
