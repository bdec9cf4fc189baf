package io.driftwatch.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A numeric feature's summary over a window or a reference: a KLL quantile sketch of its finite
 * values and exact moments and low-cardinality counts.
 *
 * <p>The sketch may be updatable or compact; its {@code k} (the smallest k merged into it) fixes its
 * rank error. The evaluator only reads it, but the first read builds and caches the sketch's sorted
 * view (and may sort the sketch's level 0 in place), so a sketch is not safe to read from several
 * threads at once before that: call {@code sketch.getSortedView()} once before sharing one sketch
 * between threads (e.g. a reference sketch used by several stream threads), and keep that one object
 * so the view is built only once.
 *
 * @param sketch         KLL sketch of the finite values
 * @param count          number of finite values, equal to {@code sketch.getN()}
 * @param mean           mean of the finite values (0 when there are none)
 * @param stdDev         <em>population</em> standard deviation of the finite values (divided by
 *                       {@code count}, numpy's {@code np.std} default), 0 when there are none
 * @param distinctValues number of distinct values while at most {@link #DISTINCT_CAP}; a larger number
 *                       ({@code DISTINCT_CAP + 1} by convention, or the exact count) means "more than
 *                       {@link #DISTINCT_CAP}"
 * @param valueCounts    exact count of each distinct value while there are at most
 *                       {@link #DISTINCT_CAP} of them, empty beyond
 */
public record NumericSummary(KllDoublesSketch sketch, long count, double mean, double stdDev,
                             int distinctValues, Map<Double, Long> valueCounts) {

    /** Distinct values counted exactly before {@link #valueCounts()} is given up. */
    public static final int DISTINCT_CAP = 20;

    public NumericSummary {
        Objects.requireNonNull(sketch, "sketch");
        Objects.requireNonNull(valueCounts, "valueCounts (use an empty map beyond " + DISTINCT_CAP + " values)");
        if (count != sketch.getN()) {
            throw new IllegalArgumentException("count " + count + " differs from the sketch's n " + sketch.getN()
                    + "; count must be the number of finite values, all of which go into the sketch");
        }
        if (!Double.isFinite(mean) || !Double.isFinite(stdDev) || stdDev < 0) {
            throw new IllegalArgumentException("mean and stdDev must be finite and stdDev >= 0, got mean "
                    + mean + ", stdDev " + stdDev);
        }
        if (distinctValues < 0) {
            throw new IllegalArgumentException("distinctValues must be >= 0, got " + distinctValues);
        }
        valueCounts = Map.copyOf(valueCounts);
        if (!valueCounts.isEmpty()) {
            checkValueCounts(valueCounts, count, distinctValues);
        } else if (count > 0 && distinctValues < DISTINCT_CAP) {
            throw new IllegalArgumentException("valueCounts is empty but distinctValues is " + distinctValues
                    + "; give the count of each value while there are at most " + DISTINCT_CAP + " of them");
        }
    }

    private static void checkValueCounts(Map<Double, Long> valueCounts, long count, int distinctValues) {
        if (valueCounts.size() > DISTINCT_CAP || valueCounts.size() != distinctValues) {
            throw new IllegalArgumentException("valueCounts holds " + valueCounts.size()
                    + " values but distinctValues is " + distinctValues + "; it must hold every distinct value"
                    + " while there are at most " + DISTINCT_CAP + " of them, and be empty beyond");
        }
        long sum = 0;
        for (Map.Entry<Double, Long> entry : valueCounts.entrySet()) {
            if (!Double.isFinite(entry.getKey()) || entry.getValue() <= 0) {
                throw new IllegalArgumentException("valueCounts must map finite values to positive counts, got "
                        + entry.getKey() + " -> " + entry.getValue());
            }
            sum += entry.getValue();
        }
        if (sum != count) {
            throw new IllegalArgumentException("valueCounts sum to " + sum + " but count is " + count);
        }
    }

    /**
     * Summarises finite values exactly as a window profile would: a fresh KLL sketch with the given
     * {@code k}, mean, population standard deviation and value counts. Used for baselines built from
     * data at hand and in tests.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (filter them first: the profile
     *                                  counts them apart)
     */
    public static NumericSummary of(double[] values, int k) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(k);
        Map<Double, Long> counts = new HashMap<>();
        boolean overCap = false;
        double sum = 0;
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("values must be finite, got " + value);
            }
            sketch.update(value);
            sum += value;
            if (!overCap) {
                counts.merge(value + 0.0, 1L, Long::sum); // + 0.0 folds -0.0 into 0.0, as the sketch does
                overCap = counts.size() > DISTINCT_CAP;
            }
        }
        int n = values.length;
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double stdDev = n == 0 ? 0 : Math.sqrt(squares / n);
        if (overCap) {
            return new NumericSummary(sketch, n, mean, stdDev, DISTINCT_CAP + 1, Map.of());
        }
        return new NumericSummary(sketch, n, mean, stdDev, counts.size(), counts);
    }

    /** True when {@link #valueCounts()} lists every value (at most {@link #DISTINCT_CAP} distinct, or none). */
    public boolean hasValueCounts() {
        return !valueCounts.isEmpty() || count == 0;
    }

    /**
     * The sketch's normalized rank error ε: with 99% confidence every rank the sketch returns is within
     * ε of the exact rank ({@code KllSketch.getNormalizedRankError(false)}, an empirical fit to the
     * maximum rank error over thousands of trials). 0 when the sketch is not in estimation mode: it
     * then holds every value and is exact.
     */
    public double rankError() {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
    }
}
