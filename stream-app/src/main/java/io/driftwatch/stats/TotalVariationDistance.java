package io.driftwatch.stats;

/**
 * Total variation distance between the reference and the window:
 * <pre>  TVD = ½ Σᵢ |pᵢ − qᵢ|</pre>
 * on the raw category proportions, in [0, 1]: the share of the probability mass that would have to
 * move. Evidently's {@code tvd_stattest.py} (evidentlyai/evidently,
 * {@code src/evidently/legacy/calculations/stattests/tvd_stattest.py}) computes the same distance and
 * then a permutation-test p-value from the raw rows; Driftwatch holds summaries, not rows, so it
 * judges the distance itself against 0.1 (a tenth of the mass moved).
 */
public final class TotalVariationDistance extends BinnedStatistic {

    @Override
    boolean smoothed() {
        return false;
    }

    @Override
    double term(double p, double q) {
        return Math.abs(p - q) / 2;
    }

    @Override
    double finish(double sum) {
        return Math.min(1, Math.max(0, sum));
    }
}
