package org.gmdb.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Median, lowest and highest of one measure over the repeats of a run.
 *
 * @param count how many values there were (NaN ones left out)
 */
record Spread(double median, double min, double max, int count) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    /** The median of an even count is the mean of the two middle values. */
    static Spread of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
        if (sorted.length == 0) {
            return NONE;
        }
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
