package org.gmdb.bench;

import java.util.Arrays;
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
        this(new long[(int) (total / STEP) + 1], startNanos);
    }

    private AckTimeline(long[] stamps, long startNanos) {
        this.stamps = stamps;
        this.startNanos = startNanos;
    }

    /** A timeline already recorded: {@code stamps[i]} is when {@code i * STEP} acks were in (tests). */
    static AckTimeline recorded(long... stamps) {
        return new AckTimeline(stamps.clone(), stamps[0]);
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

    /**
     * The median of the rates over consecutive pieces of {@code piece} acks between two depths:
     * robust against a pause of the server or driver by the machine's other load.
     */
    double medianRate(long fromCount, long toCount, long piece) {
        double[] rates = pieceRates(fromCount, toCount, piece);
        Arrays.sort(rates);
        int pieces = rates.length;
        return pieces % 2 == 1 ? rates[pieces / 2] : (rates[pieces / 2 - 1] + rates[pieces / 2]) / 2;
    }

    /** The rates over consecutive pieces of {@code piece} acks between two depths, in order. */
    double[] pieceRates(long fromCount, long toCount, long piece) {
        int pieces = (int) ((toCount - fromCount) / piece);
        if (pieces < 1) {
            throw new IllegalArgumentException("window " + fromCount + ".." + toCount + " shorter than one piece of "
                    + piece);
        }
        double[] rates = new double[pieces];
        for (int i = 0; i < pieces; i++) {
            rates[i] = rate(fromCount + i * piece, fromCount + (i + 1) * piece);
        }
        return rates;
    }

    /** Acks per second between two depths (both multiples of {@link #STEP}). */
    double rate(long fromCount, long toCount) {
        return (toCount - fromCount) * 1e9 / (nanosAt(toCount) - nanosAt(fromCount));
    }
}
