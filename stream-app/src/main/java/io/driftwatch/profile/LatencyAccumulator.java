package io.driftwatch.profile;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.req.ReqSketch;

/**
 * Inference latency of one window: a Relative Error Quantiles (REQ) sketch in high-rank-accuracy
 * mode plus the exact maximum.
 *
 * <p>REQ is used rather than KLL because tail quantiles are what latency alerts watch: its rank
 * error is relative to the distance from the top (1 − rank), so p99 is known far more tightly
 * than with a sketch whose error is uniform over ranks. {@link #rankError()} states the bound.
 */
public final class LatencyAccumulator {

    static final int K = 24;

    private final ReqSketch sketch;
    private double max = Double.NEGATIVE_INFINITY;

    public LatencyAccumulator() {
        this(ReqSketch.builder().setK(K).setHighRankAccuracy(true).build(), Double.NEGATIVE_INFINITY);
    }

    private LatencyAccumulator(ReqSketch sketch, double max) {
        this.sketch = sketch;
        this.max = max;
    }

    public void add(double latencyMs) {
        sketch.update((float) latencyMs);
        if (latencyMs > max) {
            max = latencyMs;
        }
    }

    public void merge(LatencyAccumulator other) {
        if (!other.sketch.isEmpty()) {
            sketch.merge(other.sketch);
            max = Math.max(max, other.max);
        }
    }

    public long count() {
        return sketch.getN();
    }

    /** The latency at normalized rank {@code rank} (e.g. 0.99), inclusive search criterion. */
    public double quantile(double rank) {
        return sketch.getQuantile(rank, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE);
    }

    public double max() {
        return count() == 0 ? Double.NaN : max;
    }

    /**
     * Largest rank error, at two standard deviations (about 95% confidence), of the reported quantiles
     * p50, p95 and p99, from the sketch's own a-posteriori rank bounds; 0 while the sketch is exact.
     * In high-rank-accuracy mode the bound shrinks towards the top, so p99 is usually the tightest.
     */
    public double rankError() {
        if (!sketch.isEstimationMode()) {
            return 0.0;
        }
        double worst = 0.0;
        for (double rank : REPORTED_RANKS) {
            worst = Math.max(worst, Math.max(sketch.getRankUpperBound(rank, 3) - rank, rank - sketch.getRankLowerBound(rank, 3)));
        }
        return worst;
    }

    /**
     * Rank error at {@code rank}, at three standard deviations, from the sketch's own a-posteriori
     * bounds; 0 while exact. Near the top (p99) it is far smaller than {@link #rankError()}, which
     * is the worst over p50 to p99.
     */
    public double rankError(double rank) {
        if (!sketch.isEstimationMode()) {
            return 0.0;
        }
        return Math.max(sketch.getRankUpperBound(rank, 3) - rank, rank - sketch.getRankLowerBound(rank, 3));
    }

    private static final double[] REPORTED_RANKS = {0.50, 0.95, 0.99};

    /**
     * Ranks at which the report gives the latency for tests of a quantile against a threshold
     * ({@code io.driftwatch.stats.QuantileThresholdTest}): dense in the tail, where p95 and p99 rules
     * need to know how many values lie beyond the threshold, sparse below.
     */
    public static final double[] TAIL_RANKS = {0.5, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98,
        0.985, 0.99, 0.9925, 0.995, 0.9975, 0.999};

    /** The latency at each of {@link #TAIL_RANKS}, keyed by the rank as a decimal ("0.99"). */
    public java.util.Map<String, Double> tailQuantiles() {
        java.util.Map<String, Double> values = new java.util.TreeMap<>();
        if (count() == 0) {
            return values;
        }
        for (double rank : TAIL_RANKS) {
            values.put(Double.toString(rank), quantile(rank));
        }
        return values;
    }

    /**
     * The rank error of each value of {@link #tailQuantiles()}, at three standard deviations of the
     * sketch's own a-posteriori bounds, by the same keys; 0 while the sketch is exact. Three, not the two
     * of {@link #rankError()}: these bounds decide alerts (a latency rule's test), so they should be
     * wrong far less often than the false-alarm target allows. Per rank, because in high-rank-accuracy
     * mode the error near the top is a small fraction of the error at the median.
     */
    public java.util.Map<String, Double> tailRankErrors() {
        java.util.Map<String, Double> errors = new java.util.TreeMap<>();
        if (count() == 0) {
            return errors;
        }
        for (double rank : TAIL_RANKS) {
            double error = !sketch.isEstimationMode() ? 0.0
                : Math.max(sketch.getRankUpperBound(rank, 3) - rank, rank - sketch.getRankLowerBound(rank, 3));
            errors.put(Double.toString(rank), error);
        }
        return errors;
    }

    byte[] sketchBytes() {
        return sketch.toByteArray();
    }

    static LatencyAccumulator fromBytes(byte[] sketchBytes, double max) {
        return new LatencyAccumulator(ReqSketch.heapify(Memory.wrap(sketchBytes)), max);
    }
}
