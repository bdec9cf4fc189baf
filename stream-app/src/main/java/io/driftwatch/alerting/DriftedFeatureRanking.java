package io.driftwatch.alerting;

import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import java.util.Comparator;
import java.util.List;

/**
 * Orders a window's tested features from most to least drifted, for the evidence of drift alerts:
 * <ol>
 *   <li>verdict DRIFT before NO_DRIFT (features without a verdict, INSUFFICIENT_DATA or
 *       NO_BASELINE, are left out);</li>
 *   <li>within a verdict, features tested with a p-value first, by p-value ascending (stronger
 *       evidence first);</li>
 *   <li>then features tested with a distance, by statistic ÷ threshold descending, so that PSI,
 *       Wasserstein and Jensen–Shannon values are compared relative to their own thresholds (by the
 *       statistic alone when the threshold is not positive); a null statistic sorts last;</li>
 *   <li>ties by feature name.</li>
 * </ol>
 * p-values and distances are on different scales, so neither is converted into the other: the
 * p-value tests simply come first.
 */
public final class DriftedFeatureRanking {

    private static final Comparator<FeatureDrift> ORDER = Comparator
            .comparingInt((FeatureDrift drift) -> drift.getVerdict() == Verdict.DRIFT ? 0 : 1)
            .thenComparingInt(drift -> drift.getPValue() != null ? 0 : 1)
            .thenComparingDouble(DriftedFeatureRanking::strengthKey)
            .thenComparing(FeatureDrift::getFeature);

    private DriftedFeatureRanking() {
    }

    /** The {@code limit} most drifted tested features, most drifted first. */
    public static List<FeatureDrift> mostDrifted(List<FeatureDrift> features, int limit) {
        return features.stream()
                .filter(drift -> drift.getVerdict() == Verdict.DRIFT || drift.getVerdict() == Verdict.NO_DRIFT)
                .sorted(ORDER)
                .limit(limit)
                .toList();
    }

    // Ascending key: the p-value itself, or minus the distance relative to its threshold.
    private static double strengthKey(FeatureDrift drift) {
        if (drift.getPValue() != null) {
            return drift.getPValue();
        }
        Double statistic = drift.getStatistic();
        if (statistic == null || statistic.isNaN()) {
            return Double.POSITIVE_INFINITY;
        }
        return drift.getThreshold() > 0 ? -statistic / drift.getThreshold() : -statistic;
    }
}
