package io.driftwatch.stats;

/**
 * Kullback–Leibler divergence of the reference from the window:
 * <pre>  KL(p'‖q') = Σᵢ p'ᵢ · ln(p'ᵢ / q'ᵢ)</pre>
 * with p' the reference and q' the window bin proportions after {@link BinSmoothing} (additive,
 * α = 10⁻⁴); natural logarithm (nats). The direction is Evidently's {@code kl_div.py}
 * ({@code scipy.stats.entropy(reference_percents, current_percents)}), as is the default threshold 0.1
 * (evidentlyai/evidently, {@code src/evidently/legacy/calculations/stattests/kl_div.py}).
 *
 * <p>It is summed as Σᵢ (p'ᵢ ln(p'ᵢ/q'ᵢ) − p'ᵢ + q'ᵢ), the same value since both smoothed
 * distributions sum to 1, because these terms are non-negative, vanish on p' = q' and grow away from
 * it: the per-bin interval propagation of {@link BinnedStatistic} then gives a bound about half as
 * wide as with the raw terms p' ln(p'/q'), which are negative wherever p' &lt; q'.
 */
public final class KullbackLeiblerDivergence extends BinnedStatistic {

    @Override
    boolean smoothed() {
        return true;
    }

    @Override
    double term(double p, double q) {
        return p * Math.log(p / q) - p + q;
    }

    @Override
    double finish(double sum) {
        return Math.max(0, sum);
    }
}
