package io.driftwatch.alerting;

/**
 * One value of a metric in one window report, for one feature and/or segment.
 *
 * @param feature     feature name (or concept-drift detector id) for per-feature metrics, else null
 * @param segment     {@code attribute} (fairness) or {@code attribute=value} (per-group) for segment
 *                    metrics, else null
 * @param value       the figure; always finite (non-finite figures yield no observation)
 * @param sampleCount how many values the figure was computed from, compared with a rule's
 *                    {@code min_samples} (see {@link MetricFamily#sampleCountMeaning()})
 */
public record Observation(String feature, String segment, double value, long sampleCount) {

    public Observation {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("observation value must be finite, got " + value
                    + " (feature " + feature + ", segment " + segment + ")");
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + sampleCount);
        }
    }
}
