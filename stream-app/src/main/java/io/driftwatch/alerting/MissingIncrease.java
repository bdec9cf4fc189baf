package io.driftwatch.alerting;

import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.stats.FisherExactTest;
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
 * <p><b>Significance</b> ({@link #pValue}): an increase counts when the window's usable share is significantly below the
 * baseline's, by Fisher's exact test of the two samples' usable counts ({@link FisherExactTest}), which counts the
 * baseline's own sampling error (a baseline of 100 rows is about as noisy as a window) and holds its level for shares
 * near 1, where the pooled z-test does not. The missing-values tests of a window share one of the model-level shares of
 * the false-alarm target, split evenly over the features observed (Bonferroni, valid however the features' missing
 * values depend on one another): a window's features reject falsely together with probability at most that share.
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
            if (!observed(feature)) {
                continue;
            }
            double increase = usableShareInBaseline(report, feature) - usableShareInWindow(report, feature);
            observations.add(new Observation(feature.getFeature(), null, increase, events));
        }
        return observations;
    }

    /** Whether {@link #observe} has an observation for this feature of a report it observes: the baseline has it. */
    private static boolean observed(FeatureDrift feature) {
        return feature.getVerdict() != Verdict.NO_BASELINE;
    }

    /** How many of the report's features its baseline has: each has an observation when {@link #observe} has any. */
    static int observedFeatures(WindowReport report) {
        int features = 0;
        for (FeatureDrift feature : report.getFeatures()) {
            if (observed(feature)) {
                features++;
            }
        }
        return features;
    }

    /**
     * The one-sided p-value that the feature's usable share fell from the baseline's to the window's by chance: small
     * when the window's events lack a usable value significantly more often than the baseline's rows did. Fisher's
     * exact test ({@link FisherExactTest}). Only for a report {@link #observe} observes.
     */
    static double pValue(WindowReport report, FeatureDrift feature) {
        long events = report.getEventCount() - report.getErrorCount();
        long rows = report.getBaseline().getRowCount();
        long inWindow = Math.min(feature.getWindowCount(), events);
        long inBaseline = Math.min(feature.getReferenceCount(), rows);
        // Beyond the test's int range (billions of rows or events), both samples scaled down to fit, shares kept: a
        // test that knows the samples less well, never one that rejects more.
        double fit = Math.min(1, (Integer.MAX_VALUE - 2.0) / ((double) rows + events));
        if (fit < 1) {
            rows = Math.max(1, (long) (rows * fit));
            events = Math.max(1, (long) (events * fit));
            inBaseline = Math.min(rows, Math.round(inBaseline * fit));
            inWindow = Math.min(events, Math.round(inWindow * fit));
        }
        return FisherExactTest.lowerInSecond(inBaseline, rows, inWindow, events);
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
