package io.driftwatch.stats;

/**
 * Hellinger distance between the reference and the window:
 * <pre>  H = √( ½ Σᵢ (√pᵢ − √qᵢ)² ) = √( 1 − Σᵢ √(pᵢ qᵢ) )</pre>
 * on the raw bin proportions (no smoothing, no logarithm), in [0, 1]. Evidently's
 * {@code hellinger_distance.py} computes the second form (categorical features) with default threshold
 * 0.1 (evidentlyai/evidently, {@code src/evidently/legacy/calculations/stattests/hellinger_distance.py});
 * Driftwatch computes the first, equal for distributions that sum to 1, because its per-bin terms vanish
 * on p = q, which keeps the sketch error bound tight (see {@link BinnedStatistic}).
 */
public final class HellingerDistance extends BinnedStatistic {

    @Override
    boolean smoothed() {
        return false;
    }

    @Override
    double term(double p, double q) {
        double difference = Math.sqrt(p) - Math.sqrt(q);
        return difference * difference / 2;
    }

    @Override
    double finish(double sum) {
        return Math.sqrt(Math.min(1, Math.max(0, sum)));
    }
}
