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
 * A comparison's decision as alerts on the {@code alerts} topic, so the consumers already wired to
 * it (Alertmanager through the sink connector, webhooks, a deployment tool) receive it. Which
 * decisions alert, how severely and with which labels and runbook is the rules file's: every rule on
 * the metric {@code comparison.decision} (-1 ROLL_BACK, 1 PROMOTE, 2 INCONCLUSIVE) whose model glob
 * matches and whose comparator holds for the decision fires once. The default rules are
 * {@code comparison-roll-back} (critical), {@code comparison-promote} (info) and
 * {@code comparison-inconclusive} (warning). A decision is final, so its alert fires once; a rule's
 * {@code for} and {@code min_samples} do not apply to it.
 *
 * <p>It stays firing while the condition it reports holds: both versions serving side by side, and
 * resolves when they no longer do ({@link SideBySideEnd}).
 */
public final class DecisionAlerts {

    public static final String METRIC = "comparison.decision";

    private DecisionAlerts() {
    }

    /** The figure the comparison.decision rules compare: -1 roll back, 1 promote, 2 inconclusive, 0 none. */
    public static double code(String decision) {
        return switch (decision) {
            case "ROLL_BACK" -> -1;
            case "PROMOTE" -> 1;
            case "INCONCLUSIVE" -> 2;
            default -> 0;
        };
    }

    /** The built-in name of a decision's rule, which the default rules keep. */
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

    /** The alerts of a newly concluded comparison under {@code rules}: one per matching comparison.decision rule. */
    public static java.util.List<Alert> of(ComparisonSpec spec, ComparisonReport report, Instant now,
                                           io.driftwatch.alerting.RuleSet rules) {
        double code = code(report.getDecision().name());
        java.util.List<Alert> alerts = new java.util.ArrayList<>();
        for (io.driftwatch.alerting.Rule rule : rules.rules()) {
            if (rule.metric().family() == io.driftwatch.alerting.MetricFamily.COMPARISON_DECISION
                && rule.appliesTo(spec.model()) && rule.breachedBy(code)) {
                alerts.add(build(spec, report, now, rule.name(), rule.severity(), rule.labels(), rule.runbookUrl()));
            }
        }
        return alerts;
    }

    /** The alert under the built-in rule of its decision (the default rules' name and severity). */
    public static Alert of(ComparisonSpec spec, ComparisonReport report, Instant now) {
        String decision = report.getDecision().name();
        return build(spec, report, now, rule(decision), severity(decision), Map.of(), null);
    }

    private static Alert build(ComparisonSpec spec, ComparisonReport report, Instant now, String rule, Severity severity,
                               Map<String, String> ruleLabels, String runbookUrl) {
        String decision = report.getDecision().name();
        ComparedMetric primary = report.getMetrics().stream()
            .filter(m -> m.getMetric().equals(spec.primaryMetric().id())).findFirst().orElse(null);
        long samples = primary == null ? 0 : primary.getControlCount() + primary.getCandidateCount();
        Map<String, String> labels = new TreeMap<>(ruleLabels);
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
            .setSeverity(severity)
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
            .setRunbookUrl(runbookUrl)
            .build();
    }
}
