package io.driftwatch.alerting;

import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code feature.missing_increase}: how much larger the share of a feature's unusable values is in the window than in
 * its baseline. A feature whose values stop arriving (a broken feature pipeline), arrive as NaN, or change kind (a
 * producer that starts sending numbers as text) leaves its drift test with too few values: INSUFFICIENT_DATA, which no
 * drift rule can see. This figure sees it.
 *
 * <p>Only against the version's own baseline: a fallback to another version's lists that version's features, and a
 * new version that dropped one of them is not missing it.
 *
 * <p>Usable values are those the feature's test compares: {@code FeatureDrift.window_count} of the window and
 * {@code reference_count} of the baseline. Their shares are taken of the window's events that are not errors (a
 * model server that fails before it has features would otherwise make every feature look missing during an error
 * burst, which the error-rate rule reports) and of the baseline's {@code row_count}, each capped at 1, so
 * <pre>
 *   increase = min(1, reference_count / row_count) − min(1, window_count / (event_count − error_count))
 * </pre>
 * Error events that do carry features only make the window's share look fuller, never emptier.
 *
 * <p>No significance test: with at least {@value #MIN_BASELINE_ROWS} baseline rows, n window events and a feature
 * whose unusable share does not change, Hoeffding's inequality bounds the chance of an increase of 0.5 or more by
 * exp(−2·{@value #MIN_BASELINE_ROWS}·0.3²) + exp(−2·n·0.2²): 1.5·10⁻⁸ for the baseline and 1.1·10⁻⁷ for a window of
 * 200 events, far below the rules' false-alarm target, so the default rule at 0.5 takes no share of it.
 */
final class MissingIncrease {

    /** Below this, a baseline's own share is too uncertain to compare with (no observation). */
    static final long MIN_BASELINE_ROWS = 100;

    private MissingIncrease() {
    }

    static List<Observation> observe(WindowReport report) {
        BaselineRef baseline = report.getBaseline();
        long events = report.getEventCount() - report.getErrorCount();
        // Another version's baseline (a fallback) lists the features of that version: a new version that dropped one
        // is not missing it.
        if (baseline == null || baseline.getFallback() || baseline.getRowCount() < MIN_BASELINE_ROWS || events <= 0) {
            return List.of();
        }
        List<Observation> observations = new ArrayList<>();
        for (FeatureDrift feature : report.getFeatures()) {
            if (feature.getVerdict() == Verdict.NO_BASELINE) {
                continue;
            }
            double increase = usableShareInBaseline(report, feature) - usableShareInWindow(report, feature);
            observations.add(new Observation(feature.getFeature(), null, increase, events));
        }
        return observations;
    }

    /** The share of the window's events that are not errors with a usable value of the feature, at most 1. */
    static double usableShareInWindow(WindowReport report, FeatureDrift feature) {
        return Math.min(1.0, (double) feature.getWindowCount() / (report.getEventCount() - report.getErrorCount()));
    }

    /** The share of the baseline's rows with a usable value of the feature, at most 1. */
    static double usableShareInBaseline(WindowReport report, FeatureDrift feature) {
        return Math.min(1.0, (double) feature.getReferenceCount() / report.getBaseline().getRowCount());
    }
}
