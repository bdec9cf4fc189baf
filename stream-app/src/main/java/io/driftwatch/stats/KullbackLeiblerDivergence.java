package io.driftwatch.stats;

/**
 * Kullback–Leibler divergence of the reference from the window:
 * <pre>  KL(p'‖q') = Σᵢ p'ᵢ · ln(p'ᵢ / q'ᵢ)</pre>
 * with p' the reference and q' the window bin proportions after {@link BinSmoothing} (additive,
 * α = 10⁻⁴); natural logarithm (nats). The direction is Evidently's {@code kl_div.py}
 * ({@code scipy.stats.entropy(reference_percents, current_percents)}), as is the default threshold 0.1
 * (evidentlyai/evidently, {@code src/evidently/legacy/calculations/stattests/kl_div.py}).
 *
 * <p>Error bound: per-bin interval propagation, see {@link BinnedStatistic}. The term p·ln(p/q) is
 * jointly convex but not zero on the diagonal: it decreases in q, and in p it is smallest at p = q/e,
 * which gives its minimum over a box; the lower end is clamped at 0 (Gibbs' inequality).
 */
public final class KullbackLeiblerDivergence extends BinnedStatistic {

    @Override
    boolean smoothed() {
        return true;
    }

    @Override
    double term(double p, double q) {
        return p * Math.log(p / q);
    }

    @Override
    double termMin(double pLow, double pHigh, double qLow, double qHigh) {
        double p = Math.min(pHigh, Math.max(pLow, qHigh / Math.E));
        return term(p, qHigh);
    }

    @Override
    double finish(double sum) {
        return Math.max(0, sum);
    }
}
