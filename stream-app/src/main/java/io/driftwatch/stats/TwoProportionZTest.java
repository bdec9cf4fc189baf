package io.driftwatch.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Two-proportion z-test with pooled variance, for a feature with two categories:
 * <pre>  z = (p̂_win − p̂_ref) / √( P(1 − P) (1/n_ref + 1/n_win) ),  P = (x_ref + x_win) / (n_ref + n_win)
 *   p = 2 (1 − Φ(|z|)) = erfc(|z| / √2)</pre>
 * where x counts the values of the second category (in sorted order: {@code true} for booleans,
 * the larger value for 0/1 numbers) among n. When both samples hold one and the same category
 * (P ∈ {0, 1}) nothing differs: z = 0, p = 1.
 *
 * <p>As Evidently's {@code z_stattest.py} (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/z_stattest.py}), which computes
 * z = (p̂_ref − p̂_win)/se: Driftwatch reports the opposite sign, so that z &gt; 0 means the second
 * category became more frequent; the p-value is the same.
 */
public final class TwoProportionZTest {

    private TwoProportionZTest() {
    }

    /**
     * @param referenceHits values of the second category in the reference
     * @param referenceSize values in the reference, &gt; 0
     * @param windowHits    values of the second category in the window
     * @param windowSize    values in the window, &gt; 0
     */
    public static TestOutcome test(long referenceHits, long referenceSize, long windowHits, long windowSize) {
        if (referenceSize <= 0 || windowSize <= 0 || referenceHits < 0 || windowHits < 0
                || referenceHits > referenceSize || windowHits > windowSize) {
            throw new IllegalArgumentException("Need 0 <= hits <= size and size > 0, got " + referenceHits + "/"
                    + referenceSize + " and " + windowHits + "/" + windowSize);
        }
        double pooled = (double) (referenceHits + windowHits) / ((double) referenceSize + windowSize);
        double variance = pooled * (1 - pooled) * (1.0 / referenceSize + 1.0 / windowSize);
        if (variance == 0) {
            return new TestOutcome(0, 1);
        }
        double z = ((double) windowHits / windowSize - (double) referenceHits / referenceSize) / Math.sqrt(variance);
        return new TestOutcome(z, Erf.erfc(Math.abs(z) / Math.sqrt(2)));
    }
}
