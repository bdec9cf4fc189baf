package io.driftwatch.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A distribution-free interval of the difference of one quantile (e.g. p99 latency) between two
 * samples, from their quantile sketches.
 *
 * <p>For one sample of n values, the order statistics at ranks q ± z·√(q(1 − q)/n) bracket the true
 * q-quantile with probability ≈ 1 − α (the binomial interval of the quantile, normal approximation;
 * no assumption on the distribution's shape). A sketch answers a quantile query only to within its
 * normalized rank error ε, so each rank is widened by ε. Each sample's interval is taken at level
 * 1 − α/2, so the difference interval [low_b − high_a, high_b − low_a] covers the true difference
 * with probability ≥ 1 − α (Bonferroni). It is conservative, never anti-conservative: it says
 * "worse" only when the sketches prove it.
 */
public final class QuantileDifference {

    private QuantileDifference() {
    }

    /** What the comparison needs of a quantile sketch. */
    public interface Sketch {
        long count();

        /** The value at normalized rank {@code rank} in [0, 1]. */
        double quantile(double rank);

        /** The sketch's normalized rank error (0 while exact). */
        double rankError();

        /** The rank error near {@code rank}; sketches whose error depends on the rank (REQ) say so here. */
        default double rankError(double rank) {
            return rankError();
        }
    }

    /**
     * @param quantileA estimate of the quantile of a
     * @param quantileB estimate of the quantile of b
     * @param ciLow     lower bound of quantile_b − quantile_a
     * @param ciHigh    upper bound
     */
    public record Result(double quantileA, double quantileB, double ciLow, double ciHigh) {
        public double difference() {
            return quantileB - quantileA;
        }
    }

    public static Result compare(Sketch a, Sketch b, double q, double confidence) {
        if (!(q > 0 && q < 1) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("q and confidence must be in (0, 1), got " + q + " and " + confidence);
        }
        if (a.count() == 0 || b.count() == 0) {
            throw new IllegalArgumentException("both sketches must hold values, got " + a.count() + " and " + b.count());
        }
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 4);
        double[] ia = interval(a, q, z);
        double[] ib = interval(b, q, z);
        return new Result(a.quantile(q), b.quantile(q), ib[0] - ia[1], ib[1] - ia[0]);
    }

    /**
     * The interval [low, high] of one sample's q-quantile covering it with probability ≥ {@code confidence}
     * (two-sided, the sketch's rank error included).
     */
    public static double[] bounds(Sketch s, double q, double confidence) {
        if (!(q > 0 && q < 1) || !(confidence > 0 && confidence < 1) || s.count() == 0) {
            throw new IllegalArgumentException("q and confidence must be in (0, 1) and the sketch must hold values, got "
                + q + ", " + confidence + " and " + s.count() + " values");
        }
        return interval(s, q, new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2));
    }

    /** The interval of one sample's q-quantile at critical value z. */
    static double[] interval(Sketch s, double q, double z) {
        double half = z * Math.sqrt(q * (1 - q) / s.count()) + s.rankError(q);
        double low = Math.max(0, q - half);
        double high = Math.min(1, q + half);
        return new double[] {s.quantile(low), s.quantile(high)};
    }
}
