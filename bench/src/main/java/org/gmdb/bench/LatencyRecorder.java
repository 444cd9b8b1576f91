package org.gmdb.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Every latency of one connection, exact (no buckets): a growable array of nanoseconds.
 * Percentiles come from the merged, sorted samples of all connections.
 *
 * <p>Caveat: one writer thread; read only after that thread is done with it.
 */
final class LatencyRecorder {

    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** All samples of the given recorders, sorted ascending. */
    static long[] mergeSorted(List<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.size);
            at += r.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The nearest-rank percentile of sorted samples (p in 0..100), or NaN when there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
