package io.driftwatch.stats;

/**
 * The mixture sequential probability ratio test (mSPRT) of a difference of means, with a normal
 * mixture over the alternative: a test and a confidence sequence that stay valid however often they
 * are looked at (Robbins 1970, "Statistical methods related to the law of the iterated logarithm",
 * Ann. Math. Statist. 41; Johari, Pekelis, Walsh 2017, "Peeking at A/B tests: why it matters, and what
 * to do about it", KDD'17, and Johari, Koomen, Pekelis, Walsh, "Always valid inference", Operations
 * Research 70(3), 2022).
 *
 * <p>With θ̂ the estimated difference (candidate − control) and v its variance (σ_a²/n_a + σ_b²/n_b,
 * plug-in variances), the likelihood ratio of N(θ, v) mixed over θ ~ N(θ₀, τ²) against θ = θ₀ is
 * <pre>  Λ(θ₀) = √( v / (v + τ²) ) · exp( τ² (θ̂ − θ₀)² / (2 v (v + τ²)) )</pre>
 * (Johari et al.'s Λ_n with v = V/n). Under θ = θ₀, Λ is a martingale, so by Ville's inequality
 * P(Λ ever ≥ 1/α) ≤ α: rejecting when it does is valid at every look. The always-valid p-value is
 * the running minimum of 1/Λ, and inverting the test gives the confidence sequence
 * <pre>  θ̂ ± √( v (v + τ²) / τ² · ( 2 ln(1/α) + ln((v + τ²)/v) ) )</pre>
 * which covers θ at every look simultaneously with probability ≥ 1 − α. τ is the scale of the
 * differences the test is tuned to find fastest (Johari et al. advise the effect size one cares about).
 */
public final class MixtureSprt {

    private MixtureSprt() {
    }

    /** Λ(θ₀) for estimate {@code estimate} with variance {@code variance} and mixture s.d. {@code tau}. */
    public static double likelihoodRatio(double estimate, double variance, double tau, double theta0) {
        requirePositive(variance, tau);
        double t2 = tau * tau;
        double d = estimate - theta0;
        return Math.sqrt(variance / (variance + t2)) * Math.exp(t2 * d * d / (2 * variance * (variance + t2)));
    }

    /** The half-width of the (1 − α) confidence sequence around the estimate at this look. */
    public static double halfWidth(double variance, double tau, double alpha) {
        requirePositive(variance, tau);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        double t2 = tau * tau;
        return Math.sqrt(variance * (variance + t2) / t2 * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance)));
    }

    /** The always-valid p-value after this look: the smaller of the previous one and 1/Λ(θ₀). */
    public static double alwaysValidPValue(double previous, double estimate, double variance, double tau, double theta0) {
        return Math.min(previous, Math.min(1, 1 / likelihoodRatio(estimate, variance, tau, theta0)));
    }

    private static void requirePositive(double variance, double tau) {
        if (!(variance > 0) || !(tau > 0)) {
            throw new IllegalArgumentException("variance and tau must be > 0, got " + variance + " and " + tau);
        }
    }
}
