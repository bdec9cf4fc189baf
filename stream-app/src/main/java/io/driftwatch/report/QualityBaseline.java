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
 *                       profile's baseline quality)
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

    /** Figures from a reference profile, which does not record how many of its rows were labelled. */
    public static QualityBaseline ofReference(Map<String, Double> metrics) {
        return new QualityBaseline(metrics, null);
    }
}
