package io.driftwatch.report;

import java.util.Map;
import java.util.Objects;

/**
 * The quality a window's realised quality is compared with, and how many labelled predictions it was
 * measured on when that is known. The count matters as much as the figures: a baseline fixed from a
 * few hundred labels carries as much sampling error as a window, and a drop test that takes it for
 * more labels than it had fires on stationary data.
 *
 * @param metrics        baseline figures by metric name
 * @param labelledCount  labelled predictions behind them, or null when not recorded (a reference
 *                       profile written before it recorded them)
 */
public record QualityBaseline(Map<String, Double> metrics, Long labelledCount) {

    /** No baseline quality. */
    public static final QualityBaseline NONE = new QualityBaseline(Map.of(), null);

    public QualityBaseline {
        metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
        if (labelledCount != null && labelledCount < 1) {
            throw new IllegalArgumentException("a baseline's labelled count " + labelledCount + " must be at least 1");
        }
    }

    /**
     * A reference profile's baseline quality, with the rows it was measured on when the profile records
     * them ({@code baseline_quality_count}; null in profiles written before it did).
     */
    public static QualityBaseline ofReference(Map<String, Double> metrics, Long measuredRows) {
        return new QualityBaseline(metrics, measuredRows == null || measuredRows < 1 ? null : measuredRows);
    }
}
