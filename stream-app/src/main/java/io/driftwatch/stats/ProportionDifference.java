package io.driftwatch.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The difference of two proportions, p_b − p_a (e.g. candidate accuracy − control accuracy):
 * the pooled two-proportion z-test ({@link TwoProportionZTest}) and Newcombe's hybrid score
 * interval of the difference (Newcombe 1998, "Interval estimation for the difference between
 * independent proportions", Statistics in Medicine 17, method 10), built from the two Wilson
 * score intervals [l_a, u_a], [l_b, u_b]:
 * <pre>  δ = p̂_b − p̂_a
 *   low  = δ − √( (p̂_b − l_b)² + (u_a − p̂_a)² )
 *   high = δ + √( (u_b − p̂_b)² + (p̂_a − l_a)² )</pre>
 * Unlike the Wald interval it stays inside [−1, 1] and keeps its coverage near 0 and 1, where
 * accuracies and error rates live. Equal to statsmodels'
 * {@code confint_proportions_2indep(x_b, n_b, x_a, n_a, method='newcomb')}.
 */
public final class ProportionDifference {

    private ProportionDifference() {
    }

    /**
     * @param difference p̂_b − p̂_a
     * @param z          pooled z statistic of b against a
     * @param pValue     two-sided p-value of the z-test
     * @param ciLow      Newcombe's lower bound of the difference
     * @param ciHigh     Newcombe's upper bound
     */
    public record Result(double difference, double z, double pValue, double ciLow, double ciHigh) {
    }

    public static Result test(long hitsA, long countA, long hitsB, long countB, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        TestOutcome z = TwoProportionZTest.test(hitsA, countA, hitsB, countB);
        double zc = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double pa = (double) hitsA / countA;
        double pb = (double) hitsB / countB;
        double[] a = wilson(hitsA, countA, zc);
        double[] b = wilson(hitsB, countB, zc);
        double d = pb - pa;
        double low = d - Math.sqrt(sq(pb - b[0]) + sq(a[1] - pa));
        double high = d + Math.sqrt(sq(b[1] - pb) + sq(pa - a[0]));
        return new Result(d, z.statistic(), z.pValue(), low, high);
    }

    /** Wilson's score interval of hits/count at critical value z. */
    static double[] wilson(long hits, long count, double z) {
        double n = count;
        double p = hits / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static double sq(double x) {
        return x * x;
    }
}
