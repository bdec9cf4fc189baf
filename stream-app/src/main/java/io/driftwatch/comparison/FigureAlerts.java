package io.driftwatch.comparison;

import static io.driftwatch.alerting.SummaryText.number;
import static io.driftwatch.alerting.SummaryText.version;

import io.driftwatch.alerting.AlertFactory;
import io.driftwatch.alerting.AlertFingerprint;
import io.driftwatch.alerting.AlertLifecycle;
import io.driftwatch.alerting.AlertState;
import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.MetricFamily;
import io.driftwatch.alerting.Observation;
import io.driftwatch.alerting.Rule;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertEvidence;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rules on a comparison's judged figures ({@code comparison.difference.<metric>},
 * {@code comparison.cumulative_difference.<metric>}, {@code comparison.always_valid_p_value.<metric>},
 * {@code comparison.shadow.agreement_rate}) evaluated on each comparison report, with the same
 * lifecycle as rules on window reports: {@link AlertLifecycle} moves each fingerprint from window
 * to window ({@code for}, {@code resolve_after}, {@code min_samples}), and its order guarantees
 * hold here too, because a comparison report is one window of one comparison: transitions move
 * forward in window time, a report of a window older than the last evaluated one (a revision with
 * late labels, or a window whose second version reported late) never transitions, a revision of the
 * latest window may resolve but never fires twice. States are never forgotten (see
 * {@code RuleEngine} for why), so they number comparisons × rules.
 *
 * <p>{@code comparison.decision} is not evaluated here: a decision is final and alerts once
 * ({@link DecisionAlerts}). Inhibition groups and the false-alarm target's significance gate are
 * for window reports; a rule that wants significance watches the always-valid p-value.
 *
 * <p>A fingerprint is model, candidate version, rule and {@code control=<control version>} as its
 * segment, as a decision's is, so one candidate judged against two controls has two alerts.
 */
public final class FigureAlerts {

    private final AlertFingerprint fingerprints = new AlertFingerprint();

    /** The FIRING and RESOLVED alerts of this report under {@code rules}, in rule order; states read and written. */
    public List<Alert> evaluate(RuleSet rules, ComparisonReport report, AlertStateStore states, Instant now) {
        Objects.requireNonNull(report, "report");
        List<Alert> alerts = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            MetricFamily family = rule.metric().family();
            if (!family.readsComparisons() || family == MetricFamily.COMPARISON_DECISION
                || !rule.appliesTo(report.getModelId())) {
                continue;
            }
            for (Observation observation : rule.metric().observe(report)) {
                evaluate(rule, report, observation, states, now).ifPresent(alerts::add);
            }
        }
        return alerts;
    }

    /** The fingerprint of a rule's alert on a comparison. */
    public String fingerprint(String model, String control, String candidate, String rule) {
        return fingerprints.of(model, candidate, rule, null, "control=" + control);
    }

    private Optional<Alert> evaluate(Rule rule, ComparisonReport report, Observation observation, AlertStateStore states,
                                     Instant now) {
        String fingerprint = fingerprint(report.getModelId(), report.getControlVersion(), report.getCandidateVersion(),
            rule.name());
        AlertState before = states.get(fingerprint).orElse(AlertState.initial());
        AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, before, Optional.of(observation),
            report.getWindowEnd());
        if (!evaluation.state().equals(before)) {
            states.put(fingerprint, evaluation.state());
        }
        return evaluation.transition().map(status -> build(rule, report, observation, fingerprint, evaluation, now));
    }

    private static Alert build(Rule rule, ComparisonReport report, Observation observation, String fingerprint,
                               AlertLifecycle.Evaluation evaluation, Instant now) {
        AlertStatus status = evaluation.transition().orElseThrow();
        int windows = evaluation.windowsInRun();
        Map<String, String> labels = new TreeMap<>(rule.labels());
        labels.put("control_version", report.getControlVersion());
        labels.put("candidate_version", report.getCandidateVersion());
        labels.put("comparison_mode", report.getMode());
        return AlertFactory.transition(rule, observation, fingerprint, evaluation, report.getWindowStart(),
                report.getWindowEnd(), now)
            .setModelId(report.getModelId())
            .setModelVersion(report.getCandidateVersion())
            .setFeature(null)
            .setSegment(null)
            .setSummary(summary(rule, report, observation, status, windows))
            .setEvidence(AlertEvidence.newBuilder()
                .setEventCount(observation.sampleCount())
                .setSampleCount(observation.sampleCount())
                .setBaselineVersion(report.getControlVersion())
                .setBaselineSource("control version")
                .setWindowsInBreach(windows)
                .setDetails(details(rule, report))
                .build())
            .setLabels(labels)
            .build();
    }

    /** "<model> v<candidate>: <figure> <value> <op> <threshold> for N windows (<mode> against v<control>)", like other alerts. */
    static String summary(Rule rule, ComparisonReport report, Observation observation, AlertStatus status, int windows) {
        String figure = rule.metric().id() + " " + number(observation.value());
        String condition = rule.comparator().symbol() + " " + number(rule.threshold());
        String run = windows + (windows == 1 ? " window" : " windows");
        String what = status == AlertStatus.FIRING ? figure + " " + condition + " for " + run
            : "resolved after " + run + ": " + figure + ", not " + condition;
        return report.getModelId() + " " + version(report.getCandidateVersion()) + ": " + what + " (" + report.getMode()
            + " against " + version(report.getControlVersion()) + ", " + rule.severity().name().toLowerCase(Locale.ROOT)
            + ")";
    }

    private static Map<String, String> details(Rule rule, ComparisonReport report) {
        Map<String, String> details = new TreeMap<>();
        details.put("for", Integer.toString(rule.forWindows()));
        details.put("resolve_after", Integer.toString(rule.resolveAfter()));
        if (rule.minSamples() > 0) {
            details.put("min_samples", Long.toString(rule.minSamples()));
        }
        if (rule.description() != null) {
            details.put("description", rule.description());
        }
        details.put("windows_compared", Integer.toString(report.getWindowsCompared()));
        details.put("decision", report.getDecision().name());
        String parameter = rule.metric().parameter();
        for (ComparedMetric m : report.getMetrics()) {
            if (m.getMetric().equals(parameter)) {
                put(details, "control", m.getControl());
                put(details, "candidate", m.getCandidate());
                details.put("control_count", Long.toString(m.getControlCount()));
                details.put("candidate_count", Long.toString(m.getCandidateCount()));
                put(details, "difference", m.getDifference());
                put(details, "ci_low", m.getCiLow());
                put(details, "ci_high", m.getCiHigh());
                put(details, "cumulative_difference", m.getCumulativeDifference());
                put(details, "always_valid_p_value", m.getAlwaysValidPValue());
                put(details, "margin", m.getMargin());
                details.put("verdict", m.getVerdict());
            }
        }
        if (report.getShadow() != null && rule.metric().family() == MetricFamily.COMPARISON_SHADOW_AGREEMENT_RATE) {
            details.put("pairs", Long.toString(report.getShadow().getPairs()));
            details.put("unpaired_control", Long.toString(report.getShadow().getUnpairedControl()));
            details.put("unpaired_candidate", Long.toString(report.getShadow().getUnpairedCandidate()));
        }
        return details;
    }

    private static void put(Map<String, String> details, String key, Double value) {
        if (value != null) {
            details.put(key, Double.toString(value));
        }
    }
}
