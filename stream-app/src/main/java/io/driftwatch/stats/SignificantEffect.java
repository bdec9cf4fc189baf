package io.driftwatch.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * A drift decision that needs both a practical effect and statistical significance, with the
 * sketch's own error taken into account: the effect-size threshold practitioners use (normalised
 * Wasserstein 0.1, Jensen–Shannon 0.1) is the practical bar, and a significance test against the
 * reference (Kolmogorov–Smirnov for numeric features, chi-square or the z-test for categories) at
 * level α says whether the window's figure can be told apart from sampling noise at this window
 * size and reference size.
 *
 * <p>Why both: a fixed distance threshold alone is noisy on small windows (100 values drawn from
 * the reference itself reach a normalised Wasserstein of 0.1 about 70% of the time), and a test
 * alone is over-sensitive on large ones (evidently#50: at n = 10⁶ any negligible shift is
 * significant). Their conjunction fires at most as often as the test does on stationary data, so
 * its false-alarm rate is at most α at any window size, and never on a negligible effect.
 *
 * <p>Sketch error: a KS p-value computed from sketches lies in [p(D + ε), p(D − ε)], ε the KS
 * distance's rank-error bound; p-values from exact counts (chi-square, z-test) are exact. The
 * decision is DRIFT only when even the largest p-value of that interval is below α (then the exact
 * test rejects too, so P(DRIFT) ≤ α on stationary data whatever the sketch did), NO_DRIFT when even
 * the smallest is not. When the interval straddles α, the verdict is UNCERTAIN (with the reason, and
 * no alert fires) if the effect is above its threshold even at the low end of its own error bound;
 * if the effect itself is within its sketch error of the bar, nothing points to drift: NO_DRIFT.
 * That last case is the heavy-tailed one, where the Wasserstein distance's bound (range × rank
 * error) dwarfs the threshold and must not decide anything.
 *
 * <p>Pure functions; no state.
 */
public final class SignificantEffect {

    /**
     * A decision and, for UNCERTAIN, why.
     *
     * @param verdict DRIFT, NO_DRIFT or UNCERTAIN
     * @param pValue  the largest p-value the sketch error allows (the one DRIFT is decided on)
     * @param reason  for UNCERTAIN, a sentence naming the interval and the level; else null
     */
    public record Decision(Outcome verdict, double pValue, String reason) {
    }

    /** The three outcomes of a decision. */
    public enum Outcome { DRIFT, NO_DRIFT, UNCERTAIN }

    /** Statistic id of the chi-square p-value with sparse categories pooled ({@link ChiSquareHomogeneity#testPooled}). */
    public static final String CHI_SQUARE_POOLED_P_VALUE = "chi_square_pooled_p_value";
    /** Cochran's rule: every bin of a chi-square significance test expects at least 5 values. */
    public static final double MIN_EXPECTED_COUNT = 5;

    private SignificantEffect() {
    }

    /**
     * Decides.
     *
     * @param effect          the effect size (a distance), or +∞ for a test without an effect bar
     * @param effectThreshold the effect-size threshold (DRIFT needs effect ≥ it)
     * @param effectBound     the sketch error bound of the effect, 0 when exact
     * @param pLow            the smallest p-value the sketch error allows
     * @param pHigh           the largest (equal to pLow when computed from exact data)
     * @param alpha           the significance level, in (0, 1)
     */
    public static Decision decide(double effect, double effectThreshold, double effectBound, double pLow,
                                  double pHigh, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
        if (Double.isNaN(effect) || !(pLow <= pHigh) || !(effectBound >= 0)) {
            throw new IllegalArgumentException("need a numeric effect, bound >= 0 and pLow <= pHigh, got " + effect
                    + ", " + effectBound + ", [" + pLow + ", " + pHigh + "]");
        }
        if (effect < effectThreshold || pLow >= alpha) {
            return new Decision(Outcome.NO_DRIFT, pHigh, null);
        }
        if (pHigh < alpha) {
            return new Decision(Outcome.DRIFT, pHigh, null);
        }
        if (effect - effectBound < effectThreshold) {
            return new Decision(Outcome.NO_DRIFT, pHigh, null);
        }
        return new Decision(Outcome.UNCERTAIN, pHigh, "the sketch error leaves the p-value in [" + round(pLow) + ", "
                + round(pHigh) + "], which straddles the significance level " + round(alpha)
                + "; a larger window, a larger sketch (k) or more reference data decides");
    }

    /**
     * Decides a feature compared by {@link FeatureDriftEvaluator}, at level {@code alpha}: its own
     * p-value test without an effect bar, or its distance above its threshold and significant by
     * {@link #significancePValueId}.
     *
     * @return the decision, or null when the result has no verdict to decide (INSUFFICIENT_DATA)
     */
    public static Decision decide(FeatureDriftResult result, double alpha) {
        String id = significancePValueId(result.statistics(), result.test());
        if (id == null || result.verdict() == DriftVerdict.INSUFFICIENT_DATA) {
            return null;
        }
        double[] p = pValueInterval(id, result.statistics(), result.errorBounds(), result.referenceCount(),
                result.windowCount());
        boolean pValueTest = result.test().hasPValue();
        Double effectBound = result.errorBounds().get(result.test().id());
        return decide(pValueTest ? Double.POSITIVE_INFINITY : result.statistic(), pValueTest ? 0 : result.threshold(),
                pValueTest || effectBound == null ? 0 : effectBound, p[0], p[1], alpha);
    }

    /**
     * The interval of the significance p-value under the sketch error.
     *
     * <p>For a feature compared as numbers ({@code pValueId} is Kolmogorov–Smirnov's) the significance
     * test is two tests, each at half the feature's level (Bonferroni, valid under any dependence
     * between them): KS, which sees a shift of location or shape, and the chi-square test on the PSI's
     * reference-quantile bins ({@link BinnedChiSquare}), which sees a change of spread or tails that KS
     * sees late. The combined p-value is min(1, 2·min(p_KS, p_bins)). The binned test enters with the
     * largest p-value its sketch error allows at both ends of the interval: it can make the decision
     * DRIFT (when even that is small), but it never makes one UNCERTAIN. Its interval sums worst-case
     * errors over the bins and is wide when the sampling noise is small against the sketch's error (at
     * 10,000 values a side a stationary window's lower end falls far below any level), so on its own
     * it would call stationary windows UNCERTAIN; whether a window that neither test rejects is
     * NO_DRIFT or UNCERTAIN is KS's interval's to say, as before. The false-alarm bound needs only
     * that DRIFT implies a rejection by the exact test, which this keeps. Without the binned test
     * (reports made before it) KS alone decides at the full level, as before.
     *
     * <p>The KS interval is [p(D + ε), p(D − ε)] with the KS distance D and its bound ε; the binned
     * test's is its p-value ± its error bound; other p-values are exact, so the interval is the p-value
     * twice.
     */
    public static double[] pValueInterval(String pValueId, Map<String, Double> statistics,
                                          Map<String, Double> errorBounds, long referenceCount, long windowCount) {
        double[] interval = singleInterval(pValueId, statistics, errorBounds, referenceCount, windowCount);
        Double binned = statistics.get(BinnedChiSquare.P_VALUE_ID);
        if (!DriftTest.KS.pValueId().equals(pValueId) || binned == null || binned.isNaN()) {
            return interval;
        }
        double binnedHigh = Math.min(1, binned + errorBounds.getOrDefault(BinnedChiSquare.P_VALUE_ID, 0.0));
        return new double[] {Math.min(1, 2 * Math.min(interval[0], binnedHigh)),
                Math.min(1, 2 * Math.min(interval[1], binnedHigh))};
    }

    /**
     * The p-value of a feature's significance test as computed, not widened by the sketch error: the same test as
     * {@link #pValueInterval} (for numbers, Kolmogorov–Smirnov and the binned chi-square together), at the point
     * estimates of its statistics. A decision to fire takes the interval's largest p-value, so that a sketch never
     * makes a stationary window DRIFT; whether a window still shows a problem already found is the opposite question,
     * where that cautious end would count a window that shows it as clear ({@code alerting.ProblemPersistence}). NaN
     * when the statistics hold no p-value of the test.
     */
    public static double pointPValue(Map<String, Double> statistics, DriftTest test) {
        String id = significancePValueId(statistics, test);
        return id == null ? Double.NaN : pValueInterval(id, statistics, Map.of(), 0, 0)[0];
    }

    private static double[] singleInterval(String pValueId, Map<String, Double> statistics,
                                           Map<String, Double> errorBounds, long referenceCount, long windowCount) {
        double p = statistics.get(pValueId);
        Double d = statistics.get(DriftTest.KS.id());
        Double epsilon = errorBounds.get(DriftTest.KS.id());
        if (!DriftTest.KS.pValueId().equals(pValueId) || d == null || epsilon == null) {
            return new double[] {p, p};
        }
        double low = KolmogorovSmirnovPValue.pValue(Math.min(1, d + epsilon), referenceCount, windowCount);
        double high = KolmogorovSmirnovPValue.pValue(Math.max(0, d - epsilon), referenceCount, windowCount);
        return new double[] {Math.min(low, p), Math.max(high, p)};
    }

    /**
     * The statistic holding the p-value of a feature's significance test: the test's own for a
     * p-value test (chi-square with sparse categories pooled); for a distance, the pooled chi-square
     * when the feature was compared as categories (exact counts), else Kolmogorov–Smirnov
     * (distribution-free; from the sketches, with its bound). Null when the statistics hold none.
     *
     * @param statistics the feature's statistics by id
     * @param test       the test that judges the feature
     */
    public static String significancePValueId(Map<String, Double> statistics, DriftTest test) {
        String[] candidates = test == DriftTest.CHI_SQUARE
                ? new String[] {CHI_SQUARE_POOLED_P_VALUE, test.pValueId()}
                : test.hasPValue() ? new String[] {test.pValueId()}
                : new String[] {CHI_SQUARE_POOLED_P_VALUE, DriftTest.CHI_SQUARE.pValueId(), DriftTest.KS.pValueId()};
        for (String id : candidates) {
            Double p = statistics.get(id);
            if (p != null && !p.isNaN()) {
                return id;
            }
        }
        return null;
    }

    private static String round(double value) {
        return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
