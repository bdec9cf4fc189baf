package io.driftwatch.bench.quality;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Column drift decided the way Evidently's data-drift preset decides by default (evidently
 * {@code legacy/calculations/stattests}: {@code registry._get_default_stattest} and the test modules),
 * on the raw values of one column, missing values dropped, with no sketch and no correction for the
 * number of columns:
 * <ul>
 *   <li>reference of at most 1000 values: numeric columns with more than 5 distinct values (reference
 *       and current together) by the two-sample Kolmogorov–Smirnov test, drift when p ≤ 0.05; other
 *       columns by Pearson's chi-square test of the current counts against the reference proportions
 *       (more than 2 values) or the two-proportion z-test (at most 2), drift when p &lt; 0.05;</li>
 *   <li>larger reference: numeric columns with more than 5 distinct values by the first Wasserstein
 *       distance divided by the reference's population standard deviation (at least 0.001), drift when
 *       ≥ 0.1; other columns by the Jensen–Shannon distance (natural log, square root of the divergence,
 *       as {@code scipy.spatial.distance.jensenshannon}) of the value proportions, drift when ≥ 0.1.</li>
 * </ul>
 * The KS p-value is commons-math's: exact below 10,000 for n·m, the asymptotic Kolmogorov distribution
 * above (scipy's {@code ks_2samp} computes it exactly up to 10,000 values per sample; the two agree to
 * about 10⁻³ at these sizes). A chi-square category that the reference lacks has expected count 0, so
 * its statistic is infinite and p = 0, as scipy returns.
 */
public final class ExactDriftTests {

    /** Evidently's default tests. */
    public enum Test { KS, CHI_SQUARE, Z, WASSERSTEIN, JENSEN_SHANNON }

    /**
     * One column's verdict.
     *
     * @param score the p-value (KS, chi-square, z) or the distance (Wasserstein, Jensen–Shannon)
     */
    public record Verdict(Test test, double score, boolean drift) {
    }

    static final int SMALL_REFERENCE = 1000;
    static final int CATEGORICAL_MAX_DISTINCT = 5;
    static final double P_THRESHOLD = 0.05;
    static final double DISTANCE_THRESHOLD = 0.1;

    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();
    private static final NormalDistribution NORMAL = new NormalDistribution((RandomGenerator) null, 0, 1);

    private ExactDriftTests() {
    }

    /** A numeric column (finite values only). */
    public static Verdict numeric(double[] reference, double[] current) {
        Set<Double> distinct = new HashSet<>();
        for (double v : reference) {
            distinct.add(v);
        }
        for (double v : current) {
            distinct.add(v);
        }
        boolean small = reference.length <= SMALL_REFERENCE;
        if (distinct.size() <= CATEGORICAL_MAX_DISTINCT) {
            String[] r = Arrays.stream(reference).mapToObj(Double::toString).toArray(String[]::new);
            String[] c = Arrays.stream(current).mapToObj(Double::toString).toArray(String[]::new);
            return small ? smallCategorical(r, c, distinct.size()) : jensenShannon(r, c);
        }
        if (small) {
            double p = KS.kolmogorovSmirnovTest(reference, current);
            return new Verdict(Test.KS, p, p <= P_THRESHOLD);
        }
        double distance = wasserstein(reference, current) / Math.max(populationStdDev(reference), 0.001);
        return new Verdict(Test.WASSERSTEIN, distance, distance >= DISTANCE_THRESHOLD);
    }

    /** A categorical column (missing values dropped). */
    public static Verdict categorical(String[] reference, String[] current) {
        Set<String> distinct = new HashSet<>(Arrays.asList(reference));
        distinct.addAll(Arrays.asList(current));
        return reference.length <= SMALL_REFERENCE ? smallCategorical(reference, current, distinct.size())
            : jensenShannon(reference, current);
    }

    private static Verdict smallCategorical(String[] reference, String[] current, int distinct) {
        if (distinct > 2) {
            double p = chiSquarePValue(reference, current);
            return new Verdict(Test.CHI_SQUARE, p, p < P_THRESHOLD);
        }
        double p = zTestPValue(reference, current);
        return new Verdict(Test.Z, p, p < P_THRESHOLD);
    }

    /**
     * Evidently's chi-square: expected counts are the reference counts scaled to the current sample size,
     * over the union of values; p from the chi-square distribution with (values − 1) degrees of freedom.
     */
    static double chiSquarePValue(String[] reference, String[] current) {
        Map<String, long[]> counts = counts(reference, current);
        if (counts.size() < 2) {
            return 1.0;
        }
        double scale = (double) current.length / reference.length;
        double statistic = 0;
        for (long[] c : counts.values()) {
            double expected = c[0] * scale;
            if (expected == 0) {
                return 0.0;
            }
            statistic += (c[1] - expected) * (c[1] - expected) / expected;
        }
        // No random generator: only the distribution function is needed.
        double p = 1.0 - new ChiSquaredDistribution((RandomGenerator) null, counts.size() - 1).cumulativeProbability(statistic);
        return Math.max(0.0, p);
    }

    /**
     * Evidently's two-proportion z-test: the share of values other than the smallest (sorted) value in
     * each sample, pooled standard error, two-sided normal p-value; 1 when both samples hold the same
     * single value, NaN (never drift) when the pooled share is 0 or 1.
     */
    static double zTestPValue(String[] reference, String[] current) {
        TreeSet<String> keys = new TreeSet<>(Arrays.asList(reference));
        keys.addAll(Arrays.asList(current));
        if (keys.size() == 1) {
            return 1.0;
        }
        String first = keys.first();
        double p1 = share(reference, first);
        double p2 = share(current, first);
        int n1 = reference.length;
        int n2 = current.length;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
    }

    private static double share(String[] values, String first) {
        long other = 0;
        for (String v : values) {
            if (!v.equals(first)) {
                other++;
            }
        }
        return (double) other / values.length;
    }

    /** Jensen–Shannon distance of the value proportions (natural log), scipy's definition. */
    static Verdict jensenShannon(String[] reference, String[] current) {
        double js = 0;
        for (long[] c : counts(reference, current).values()) {
            double p = (double) c[0] / reference.length;
            double q = (double) c[1] / current.length;
            double m = (p + q) / 2;
            js += relativeEntropy(p, m) + relativeEntropy(q, m);
        }
        double distance = Math.sqrt(Math.max(0, js / 2));
        return new Verdict(Test.JENSEN_SHANNON, distance, distance >= DISTANCE_THRESHOLD);
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }

    /** Counts per value: [reference, current]. */
    private static Map<String, long[]> counts(String[] reference, String[] current) {
        Map<String, long[]> counts = new HashMap<>();
        for (String v : reference) {
            counts.computeIfAbsent(v, k -> new long[2])[0]++;
        }
        for (String v : current) {
            counts.computeIfAbsent(v, k -> new long[2])[1]++;
        }
        return counts;
    }

    /**
     * First Wasserstein distance between two empirical distributions, ∫|F_u(x) − F_v(x)| dx, as
     * {@code scipy.stats.wasserstein_distance} computes it.
     */
    static double wasserstein(double[] u, double[] v) {
        double[] a = u.clone();
        double[] b = v.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double distance = 0;
        double previous = Math.min(a[0], b[0]);
        while (i < a.length || j < b.length) {
            double next = j >= b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
            distance += Math.abs((double) i / a.length - (double) j / b.length) * (next - previous);
            while (i < a.length && a[i] == next) {
                i++;
            }
            while (j < b.length && b[j] == next) {
                j++;
            }
            previous = next;
        }
        return distance;
    }

    static double populationStdDev(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
