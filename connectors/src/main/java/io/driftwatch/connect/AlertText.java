package io.driftwatch.connect;

import io.driftwatch.connect.AlertTransition.Evidence;
import io.driftwatch.connect.AlertTransition.FeatureEvidence;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of an alert, shared by the Alertmanager description and the Slack message so
 * that both tell an on-call engineer the same thing.
 */
final class AlertText {

    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private AlertText() {
    }

    /** E.g. {@code "feature.psi = 0.3112 (>= 0.25)"}; {@code null} when the alert carries no value. */
    static String condition(AlertTransition alert) {
        if (alert.observedValue() == null) {
            return null;
        }
        String metric = alert.metric() == null ? "value" : alert.metric();
        String text = metric + " = " + number(alert.observedValue());
        if (alert.threshold() != null) {
            String comparator = alert.comparator() == null ? "threshold" : alert.comparator();
            text += " (" + comparator + " " + number(alert.threshold()) + ")";
        }
        return text;
    }

    /** E.g. {@code "2026-11-22T04:00:00Z .. 2026-11-22T04:05:00Z"}; {@code null} when absent. */
    static String window(AlertTransition alert) {
        if (alert.windowStart() == null && alert.windowEnd() == null) {
            return null;
        }
        return (alert.windowStart() == null ? "?" : alert.windowStart().toString()) + " .. "
                + (alert.windowEnd() == null ? "?" : alert.windowEnd().toString());
    }

    /** What the alert is about: model and version, plus the feature or segment when set. */
    static String subject(AlertTransition alert) {
        String text = alert.modelId() + " " + alert.modelVersion();
        if (alert.feature() != null) {
            text += ", feature " + alert.feature();
        }
        if (alert.segment() != null) {
            text += ", segment " + alert.segment();
        }
        return text;
    }

    /** E.g. {@code "amount: psi 0.31 (threshold 0.25, p 0.001) drifted"}. */
    static String featureLine(FeatureEvidence feature) {
        StringBuilder line = new StringBuilder(feature.feature()).append(':');
        if (feature.test() != null) {
            line.append(' ').append(feature.test());
        }
        if (feature.statistic() != null) {
            line.append(' ').append(number(feature.statistic()));
        }
        List<String> qualifiers = new ArrayList<>();
        if (feature.threshold() != null) {
            qualifiers.add("threshold " + number(feature.threshold()));
        }
        if (feature.pValue() != null) {
            qualifiers.add("p " + number(feature.pValue()));
        }
        if (!qualifiers.isEmpty()) {
            line.append(" (").append(String.join(", ", qualifiers)).append(')');
        }
        if (feature.verdict() != null) {
            line.append(' ').append(feature.verdict());
        }
        return line.toString();
    }

    /** Counts and baseline, e.g. {@code "events 1200, samples 1180, baseline v2 (training, 50000 rows)"}. */
    static String evidenceLine(Evidence evidence) {
        StringBuilder line = new StringBuilder("events ").append(evidence.eventCount())
                .append(", samples ").append(evidence.sampleCount());
        if (evidence.windowsInBreach() > 0) {
            line.append(", windows in breach ").append(evidence.windowsInBreach());
        }
        if (evidence.baselineVersion() != null) {
            line.append(", baseline ").append(evidence.baselineVersion());
            List<String> about = new ArrayList<>();
            if (evidence.baselineSource() != null) {
                about.add(evidence.baselineSource());
            }
            if (evidence.baselineRowCount() > 0) {
                about.add(evidence.baselineRowCount() + " rows");
            }
            if (!about.isEmpty()) {
                line.append(" (").append(String.join(", ", about)).append(')');
            }
        }
        return line.toString();
    }

    /**
     * The multi-line description: condition, window, counts and baseline, top features, details.
     * Plain text, one fact per line, for Alertmanager's {@code description} annotation.
     */
    static String description(AlertTransition alert) {
        List<String> lines = new ArrayList<>();
        String condition = condition(alert);
        if (condition != null) {
            lines.add(condition);
        }
        String window = window(alert);
        if (window != null) {
            lines.add("window " + window);
        }
        Evidence evidence = alert.evidence();
        lines.add(evidenceLine(evidence));
        if (!evidence.topFeatures().isEmpty()) {
            lines.add("top features:");
            evidence.topFeatures().forEach(f -> lines.add("- " + featureLine(f)));
        }
        evidence.details().forEach((name, value) -> lines.add(name + ": " + value));
        return String.join("\n", lines);
    }

    /** Four significant digits, no exponent for everyday magnitudes: 0.3112, 1250, 0.00012. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = BigDecimal.valueOf(value).round(FOUR_DIGITS).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude >= 1e-4 && magnitude < 1e7 ? rounded.toPlainString() : rounded.toString();
    }
}
