package io.driftwatch.stats;

import static org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE;

import java.util.Arrays;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Bins for the binned statistics of a numeric feature (PSI, Jensen–Shannon, Hellinger, KL): quantile
 * bins of the <em>reference</em> sketch, and bin proportions read from any sketch's CDF.
 *
 * <p>Split points are the reference quantiles at ranks i/B, i = 1…B−1 ({@code getQuantiles} with
 * {@link org.apache.datasketches.quantilescommon.QuantileSearchCriteria#INCLUSIVE INCLUSIVE}: the
 * smallest retained value whose rank is at least i/B; on exact data, the ⌈i·n/B⌉-th smallest value),
 * with equal split points merged. The bins are (−∞, s₁], (s₁, s₂], …, (s_m, ∞), and a sketch's bin
 * proportions are differences of its CDF F̂(s) = rank(s, INCLUSIVE) at the split points.
 *
 * <p>Error: a KLL sketch with normalized rank error ε has |F̂(x) − F(x)| ≤ ε at every x (99%
 * confidence), so a proportion between two split points is within 2ε of the exact proportion of the
 * same bin, and the first and last bins, which have one estimated edge, within ε. The split points
 * themselves come from the reference sketch: they sit within ε in rank of the exact deciles, and the
 * statistics are exact <em>for these bins</em> up to that error.
 */
public final class QuantileBinning {

    private QuantileBinning() {
    }

    /**
     * Strictly increasing split points at the reference sketch's quantiles i/bins, i = 1…bins−1, equal
     * ones merged.
     */
    public static double[] splitPoints(KllDoublesSketch reference, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("Need at least 2 bins, got " + bins);
        }
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("Cannot bin on an empty reference sketch");
        }
        double[] ranks = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            ranks[i - 1] = (double) i / bins;
        }
        double[] quantiles = reference.getQuantiles(ranks, INCLUSIVE);
        int distinct = 0;
        for (double quantile : quantiles) {
            if (distinct == 0 || quantile > quantiles[distinct - 1]) {
                quantiles[distinct++] = quantile;
            }
        }
        return distinct == quantiles.length ? quantiles : Arrays.copyOf(quantiles, distinct);
    }

    /**
     * Strictly increasing split points at the reference sketch's quantiles at the given ranks
     * (increasing, in (0, 1)), equal ones merged.
     */
    public static double[] splitPointsAt(KllDoublesSketch reference, double[] ranks) {
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("Cannot bin on an empty reference sketch");
        }
        double[] quantiles = reference.getQuantiles(ranks.clone(), INCLUSIVE);
        int distinct = 0;
        for (double quantile : quantiles) {
            if (distinct == 0 || quantile > quantiles[distinct - 1]) {
                quantiles[distinct++] = quantile;
            }
        }
        return distinct == quantiles.length ? quantiles : Arrays.copyOf(quantiles, distinct);
    }

    /** The sketch's proportion of values in each of the {@code splitPoints.length + 1} bins. */
    public static double[] proportions(KllDoublesSketch sketch, double[] splitPoints) {
        if (splitPoints.length == 0) {
            return new double[] {1.0};
        }
        double[] cdf = sketch.getCDF(splitPoints, INCLUSIVE); // ends with 1.0, the CDF at +∞
        double[] proportions = new double[cdf.length];
        double previous = 0;
        for (int i = 0; i < cdf.length; i++) {
            proportions[i] = cdf[i] - previous;
            previous = cdf[i];
        }
        return proportions;
    }

    /**
     * Bound on each bin proportion's error for a sketch with rank error ε: ε for the two end bins, 2ε
     * for the bins between (see the class comment); 0 for a single bin.
     */
    public static double[] proportionErrors(int bins, double rankError) {
        double[] errors = new double[bins];
        if (bins > 1) {
            Arrays.fill(errors, 2 * rankError);
            errors[0] = rankError;
            errors[bins - 1] = rankError;
        }
        return errors;
    }
}
