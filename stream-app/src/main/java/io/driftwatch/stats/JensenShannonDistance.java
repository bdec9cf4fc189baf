package io.driftwatch.stats;

/**
 * Jensen–Shannon distance between the reference and the window:
 * <pre>  JS = √( ½ KL(p‖m) + ½ KL(q‖m) ),  m = (p + q) / 2
 *      = √( ½ Σᵢ [ pᵢ ln(2pᵢ/(pᵢ+qᵢ)) + qᵢ ln(2qᵢ/(pᵢ+qᵢ)) ] )</pre>
 * on the raw bin proportions (no smoothing: it stays finite with empty bins; 0·ln 0 = 0). Natural
 * logarithm, so it ranges over [0, √ln 2 ≈ 0.833]; it is a metric. This is
 * {@code scipy.spatial.distance.jensenshannon(p, q)} with its default base e, which Evidently's
 * {@code jensenshannon.py} calls, default threshold 0.1 (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/jensenshannon.py}).
 *
 * <p>Error bound: per-bin interval propagation, see {@link BinnedStatistic}.
 */
public final class JensenShannonDistance extends BinnedStatistic {

    private static final double LN_2 = Math.log(2);

    @Override
    boolean smoothed() {
        return false;
    }

    @Override
    double term(double p, double q) {
        double sum = p + q;
        if (sum == 0) {
            return 0;
        }
        double left = p == 0 ? 0 : p * Math.log(2 * p / sum);
        double right = q == 0 ? 0 : q * Math.log(2 * q / sum);
        return (left + right) / 2;
    }

    @Override
    double finish(double sum) {
        return Math.sqrt(Math.min(LN_2, Math.max(0, sum)));
    }
}
