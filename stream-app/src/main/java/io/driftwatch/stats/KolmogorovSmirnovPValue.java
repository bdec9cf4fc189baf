package io.driftwatch.stats;

/**
 * Two-sided p-value of the two-sample Kolmogorov–Smirnov test from the limiting (Kolmogorov)
 * distribution of √(n·m/(n+m))·D:
 * <pre>  p = Q(λ),  λ = √(n·m/(n+m)) · D,  Q(λ) = 2 Σ_{j≥1} (−1)^(j−1) e^(−2j²λ²)</pre>
 * with n, m the two sample sizes. For λ &lt; 1.18 the alternating series converges slowly and Q is
 * computed as 1 − K(λ) from the equivalent theta-function series of the CDF,
 * K(λ) = (√(2π)/λ) Σ_{j≥1} e^(−(2j−1)²π²/(8λ²)), the classic pair of forms with the same switch
 * point as Press et al., <i>Numerical Recipes</i>, 3rd ed., §6.14. Each is summed to double precision
 * in a few terms.
 *
 * <p>This is {@code scipy.stats.kstwobign.sf(sqrt(n*m/(n+m)) * D)}, the classic asymptotic p-value
 * (also commons-math's {@code KolmogorovSmirnovTest.approximateP}, whose {@code ksSum} sums only the
 * alternating series and fails to converge for small λ). Since version 1.5, scipy's
 * {@code ks_2samp(method='asymp')} evaluates instead the one-sample finite-n distribution
 * {@code kstwo.sf(D, round(n*m/(n+m)))}; the two differ by O(1/√(nm/(n+m))), the limiting form giving
 * slightly larger (more conservative) p-values on small samples, e.g. 0.27 instead of 0.25 at D = 0.1
 * with nm/(n+m) = 100. Evidently calls {@code ks_2samp} with {@code method='auto'}, exact below 10 000
 * values (evidentlyai/evidently, {@code src/evidently/legacy/calculations/stattests/ks_stattest.py});
 * a sketch has no sample to run an exact test on.
 */
public final class KolmogorovSmirnovPValue {

    /** Below this λ the theta-function form converges faster than the alternating series. */
    private static final double SERIES_SWITCH = 1.18;
    private static final double SQRT_2_PI = Math.sqrt(2 * Math.PI);
    private static final int MAX_TERMS = 100;

    private KolmogorovSmirnovPValue() {
    }

    /** p-value for KS distance {@code d} between samples of sizes {@code n} and {@code m}. */
    public static double pValue(double d, long n, long m) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("Sample sizes must be positive, got " + n + " and " + m);
        }
        double effectiveN = (double) n * m / ((double) n + m);
        return survival(Math.sqrt(effectiveN) * d);
    }

    /** Q(λ) = P(K &gt; λ) for the Kolmogorov distribution K, clipped to [0, 1]. */
    public static double survival(double lambda) {
        if (!(lambda > 0)) {
            return 1;
        }
        if (lambda < SERIES_SWITCH) {
            double w = Math.exp(-Math.PI * Math.PI / (8 * lambda * lambda));
            double sum = 0;
            for (int j = 1; j < MAX_TERMS; j += 2) {
                double term = Math.pow(w, (double) j * j);
                sum += term;
                if (term <= sum * 1e-17) {
                    break;
                }
            }
            return clip(1 - SQRT_2_PI / lambda * sum);
        }
        double sum = 0;
        double sign = 1;
        for (int j = 1; j < MAX_TERMS; j++) {
            double term = Math.exp(-2.0 * j * j * lambda * lambda);
            sum += sign * term;
            if (term <= Math.abs(sum) * 1e-17) {
                break;
            }
            sign = -sign;
        }
        return clip(2 * sum);
    }

    private static double clip(double p) {
        return Math.min(1, Math.max(0, p));
    }
}
