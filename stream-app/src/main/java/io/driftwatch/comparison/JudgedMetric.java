package io.driftwatch.comparison;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A figure on which a candidate version is judged against its control, read from the two versions'
 * window reports. The name is how the comparisons file, the report and the rule metrics
 * ({@code comparison.difference.<name>}, {@code comparison.cumulative_difference.<name>},
 * {@code comparison.always_valid_p_value.<name>}; see {@code alerting.MetricFamily}) spell it.
 */
public enum JudgedMetric {
    /** Share of labelled predictions that were right (classifiers). Margin in absolute points (0.02 = 2 points). */
    ACCURACY(true, Kind.PROPORTION, 0.02),
    /** Share of predictions the model server failed to make. Margin in absolute points. */
    ERROR_RATE(false, Kind.PROPORTION, 0.01),
    /** Mean absolute error of labelled predictions (regression). Margin in the target's unit; 0 = any increase. */
    ABSOLUTE_ERROR(false, Kind.MEAN, 0.0),
    /** Inference latency quantiles. Margin relative to control (0.2 = 20% slower is tolerated). */
    LATENCY_P50(false, Kind.QUANTILE, 0.2),
    LATENCY_P95(false, Kind.QUANTILE, 0.2),
    LATENCY_P99(false, Kind.QUANTILE, 0.2);

    /** How the figure is tested. */
    public enum Kind {
        /** A share of events: two-proportion test per window, mSPRT over windows. */
        PROPORTION,
        /** A mean with a variance: Welch's t-test per window, mSPRT over windows. */
        MEAN,
        /** A quantile: judged from both versions' latency sketches against a relative margin. */
        QUANTILE
    }

    private final boolean higherIsBetter;
    private final Kind kind;
    private final double defaultMargin;

    JudgedMetric(boolean higherIsBetter, Kind kind, double defaultMargin) {
        this.higherIsBetter = higherIsBetter;
        this.kind = kind;
        this.defaultMargin = defaultMargin;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public Kind kind() {
        return kind;
    }

    public double defaultMargin() {
        return defaultMargin;
    }

    /** Whether the mSPRT over per-window tallies judges this figure (quantiles are judged from sketches instead). */
    public boolean sequential() {
        return kind != Kind.QUANTILE;
    }

    /** The normalized rank of a latency quantile (0.99 for p99); NaN for other figures. */
    public double rank() {
        return switch (this) {
            case LATENCY_P50 -> 0.50;
            case LATENCY_P95 -> 0.95;
            case LATENCY_P99 -> 0.99;
            default -> Double.NaN;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JudgedMetric> parse(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(JudgedMetric::id).toList());
    }
}
