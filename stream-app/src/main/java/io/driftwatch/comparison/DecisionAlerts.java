package io.driftwatch.comparison;

import io.driftwatch.alerting.AlertFingerprint;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertEvidence;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A comparison's decision as an alert on the {@code alerts} topic, so the consumers already wired
 * to it (Alertmanager through the sink connector, webhooks, a deployment tool) receive it. The
 * built-in rules: {@code comparison-roll-back} (critical), {@code comparison-promote} (info) and
 * {@code comparison-inconclusive} (warning), on the metric {@code comparison.decision}. A decision
 * is final, so its alert fires once and is not resolved by Driftwatch.
 */
public final class DecisionAlerts {

    public static final String METRIC = "comparison.decision";

    private DecisionAlerts() {
    }

    public static String rule(String decision) {
        return switch (decision) {
            case "ROLL_BACK" -> "comparison-roll-back";
            case "PROMOTE" -> "comparison-promote";
            default -> "comparison-inconclusive";
        };
    }

    static Severity severity(String decision) {
        return switch (decision) {
            case "ROLL_BACK" -> Severity.CRITICAL;
            case "PROMOTE" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }

    public static Alert of(ComparisonSpec spec, ComparisonReport report, Instant now) {
        String decision = report.getDecision().name();
        String rule = rule(decision);
        ComparedMetric primary = report.getMetrics().stream()
            .filter(m -> m.getMetric().equals(spec.primaryMetric().id())).findFirst().orElse(null);
        long samples = primary == null ? 0 : primary.getControlCount() + primary.getCandidateCount();
        Map<String, String> labels = new TreeMap<>();
        labels.put("control_version", spec.control());
        labels.put("candidate_version", spec.candidate());
        labels.put("comparison_mode", spec.mode().id());
        labels.put("decision", decision);
        return Alert.newBuilder()
            .setFingerprint(new AlertFingerprint().of(spec.model(), spec.candidate(), rule, null, "control=" + spec.control()))
            .setModelId(spec.model())
            .setModelVersion(spec.candidate())
            .setRule(rule)
            .setMetric(METRIC)
            .setFeature(null)
            .setSegment(null)
            .setSeverity(severity(decision))
            .setStatus(AlertStatus.FIRING)
            .setObservedValue(primary == null || primary.getCumulativeDifference() == null ? Double.NaN
                : primary.getCumulativeDifference())
            .setThreshold(primary == null || primary.getMargin() == null ? 0 : -primary.getMargin())
            .setComparator(decision.equals("PROMOTE") ? ">" : "<")
            .setWindowStart(report.getWindowStart())
            .setWindowEnd(report.getWindowEnd())
            .setStartsAt(report.getWindowEnd())
            .setEndsAt(null)
            .setEmittedAt(now)
            // "<model> v<version>: ..." like every other alert's summary, so consoles and tools read it alike.
            .setSummary(spec.model() + " v" + spec.candidate() + ": " + decision + " (" + spec.mode().id() + " against v"
                + spec.control() + "). " + report.getDecisionReason())
            .setEvidence(AlertEvidence.newBuilder().setEventCount(samples).setSampleCount(samples)
                .setBaselineVersion(spec.control()).setBaselineSource("control version")
                .setWindowsInBreach(report.getWindowsCompared()).build())
            .setLabels(labels)
            .setRunbookUrl(null)
            .build();
    }
}
