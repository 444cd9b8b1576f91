package org.gmdb.bench.mail;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds) from many threads and answers percentiles by the
 * nearest-rank method over every sample (no histogram buckets, so p99 is exact).
 *
 * <p>Caveat: keeps every sample; fine for the tens of thousands a bench run takes.
 */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds; NaN without samples. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    synchronized double maxMillis() {
        long max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, samples[i]);
        }
        return count == 0 ? Double.NaN : max / 1e6;
    }
}
