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
            worst = Math.max(worst, Math.max(sketch.getRankUpperBound(rank, 2) - rank, rank - sketch.getRankLowerBound(rank, 2)));
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

    byte[] sketchBytes() {
        return sketch.toByteArray();
    }

    static LatencyAccumulator fromBytes(byte[] sketchBytes, double max) {
        return new LatencyAccumulator(ReqSketch.heapify(Memory.wrap(sketchBytes)), max);
    }
}
