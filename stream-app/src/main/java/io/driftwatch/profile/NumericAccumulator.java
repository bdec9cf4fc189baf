package io.driftwatch.profile;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Running summary of one numeric feature within one window: a KLL quantile sketch of the
 * finite values, exact moments, the count of NaN/infinite values, and exact counts of each
 * distinct value while there are at most {@link #DISTINCT_CAP} of them.
 *
 * <p>Moments are kept as count, mean and the sum of squared deviations (M2) and merged with
 * Chan et al.'s pairwise formula, which stays accurate where the naive sum of squares cancels
 * catastrophically. Mutable and single-threaded: one stream task owns each instance.
 */
public final class NumericAccumulator {

    /** Distinct values are counted exactly up to this many; beyond it only "at least 20" is known. */
    public static final int DISTINCT_CAP = 20;

    private final KllDoublesSketch sketch;
    private long nonFinite;
    private double mean;
    private double m2;
    // Exact value counts while distinct <= DISTINCT_CAP; null once the cap is exceeded.
    private double[] values = new double[4];
    private long[] valueCounts = new long[4];
    private int distinct;
    private boolean overflowed;

    public NumericAccumulator(int kllK) {
        this.sketch = KllDoublesSketch.newHeapInstance(kllK);
    }

    NumericAccumulator(KllDoublesSketch sketch, long nonFinite, double mean, double m2,
                       double[] values, long[] valueCounts, int distinct, boolean overflowed) {
        this.sketch = sketch;
        this.nonFinite = nonFinite;
        this.mean = mean;
        this.m2 = m2;
        this.values = values;
        this.valueCounts = valueCounts;
        this.distinct = distinct;
        this.overflowed = overflowed;
    }

    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return;
        }
        sketch.update(value);
        long n = sketch.getN();
        double delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
        if (!overflowed) {
            countValue(value, 1);
        }
    }

    private void countValue(double value, long count) {
        for (int i = 0; i < distinct; i++) {
            // Compare bit patterns so that -0.0 and 0.0 stay apart exactly as Double keys do.
            if (Double.doubleToLongBits(values[i]) == Double.doubleToLongBits(value)) {
                valueCounts[i] += count;
                return;
            }
        }
        if (distinct == DISTINCT_CAP) {
            overflowed = true;
            values = null;
            valueCounts = null;
            return;
        }
        if (distinct == values.length) {
            values = Arrays.copyOf(values, Math.min(DISTINCT_CAP, distinct * 2));
            valueCounts = Arrays.copyOf(valueCounts, values.length);
        }
        values[distinct] = value;
        valueCounts[distinct] = count;
        distinct++;
    }

    /** Adds everything {@code other} has seen; {@code other} is left unchanged. */
    public void merge(NumericAccumulator other) {
        long n1 = sketch.getN();
        long n2 = other.sketch.getN();
        if (n2 > 0) {
            double delta = other.mean - mean;
            long n = n1 + n2;
            mean = mean + delta * n2 / n;
            m2 = m2 + other.m2 + delta * delta * ((double) n1 * n2 / n);
            sketch.merge(other.sketch);
        }
        nonFinite += other.nonFinite;
        if (other.overflowed) {
            overflowed = true;
            values = null;
            valueCounts = null;
        } else if (!overflowed) {
            for (int i = 0; i < other.distinct && !overflowed; i++) {
                countValue(other.values[i], other.valueCounts[i]);
            }
        }
    }

    public KllDoublesSketch sketch() {
        return sketch;
    }

    /** Finite values seen. */
    public long count() {
        return sketch.getN();
    }

    public long nonFinite() {
        return nonFinite;
    }

    public double mean() {
        return count() == 0 ? 0.0 : mean;
    }

    double m2() {
        return m2;
    }

    /** Population standard deviation of the finite values. */
    public double stdDev() {
        long n = count();
        return n == 0 ? 0.0 : Math.sqrt(Math.max(0.0, m2 / n));
    }

    public double min() {
        return count() == 0 ? Double.NaN : sketch.getMinItem();
    }

    public double max() {
        return count() == 0 ? Double.NaN : sketch.getMaxItem();
    }

    /** Distinct finite values, exact up to {@link #DISTINCT_CAP}, which then means "at least that many". */
    public int distinctValues() {
        return overflowed ? DISTINCT_CAP : distinct;
    }

    boolean overflowed() {
        return overflowed;
    }

    int distinctTracked() {
        return overflowed ? 0 : distinct;
    }

    double trackedValue(int i) {
        return values[i];
    }

    long trackedCount(int i) {
        return valueCounts[i];
    }

    /** Exact count per distinct value, in first-seen order; empty once there were more than {@link #DISTINCT_CAP}. */
    public Map<Double, Long> valueCounts() {
        if (overflowed) {
            return Map.of();
        }
        Map<Double, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < distinct; i++) {
            counts.put(values[i], valueCounts[i]);
        }
        return counts;
    }
}
