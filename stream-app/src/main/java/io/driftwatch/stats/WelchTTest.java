package io.driftwatch.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's unequal-variances t-test of two means from their summaries (mean, sample variance with
 * n − 1 in the denominator, count), and the confidence interval of the difference:
 * <pre>  d = m_b − m_a,   se² = s_a²/n_a + s_b²/n_b,   t = d / se
 *   ν = se⁴ / ( (s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1) )     (Welch–Satterthwaite)
 *   p = 2 (1 − F_ν(|t|)),   CI = d ± F_ν⁻¹(1 − α/2) · se</pre>
 * The same as SciPy's {@code ttest_ind(a, b, equal_var=False)} with the sign of b − a. This is the
 * "two-sample t-test to confirm improvement" of the deployment playbooks; Driftwatch uses it per
 * window, for reading, and decides with the sequential test ({@link MixtureSprt}).
 */
public final class WelchTTest {

    private WelchTTest() {
    }

    /**
     * @param difference  m_b − m_a
     * @param t           the t statistic
     * @param degreesOfFreedom Welch–Satterthwaite ν
     * @param pValue      two-sided p-value
     * @param ciLow       lower end of the confidence interval of the difference
     * @param ciHigh      upper end
     */
    public record Result(double difference, double t, double degreesOfFreedom, double pValue, double ciLow, double ciHigh) {
    }

    /** The test of b against a, with a {@code confidence} (e.g. 0.95) interval of m_b − m_a. */
    public static Result test(double meanA, double varianceA, long countA, double meanB, double varianceB, long countB,
                              double confidence) {
        if (countA < 2 || countB < 2) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 observations per sample, got "
                + countA + " and " + countB);
        }
        if (!(varianceA >= 0) || !(varianceB >= 0) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("variances must be >= 0 and confidence in (0, 1), got "
                + varianceA + ", " + varianceB + ", " + confidence);
        }
        double qa = varianceA / countA;
        double qb = varianceB / countB;
        double se2 = qa + qb;
        double difference = meanB - meanA;
        if (se2 == 0) {
            // Both samples constant: the difference is known exactly.
            return new Result(difference, difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference),
                Double.NaN, difference == 0 ? 1 : 0, difference, difference);
        }
        double se = Math.sqrt(se2);
        double df = se2 * se2 / (qa * qa / (countA - 1) + qb * qb / (countB - 1));
        TDistribution t = new TDistribution(null, df);
        double statistic = difference / se;
        double p = 2 * t.cumulativeProbability(-Math.abs(statistic));
        double half = t.inverseCumulativeProbability(1 - (1 - confidence) / 2) * se;
        return new Result(difference, statistic, df, p, difference - half, difference + half);
    }
}
