package io.driftwatch.topology;

import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.RuleEngine;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesSource;
import io.driftwatch.alerting.UncoveredAlerts;
import io.driftwatch.audit.AuditPayloads;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.metrics.TaskFiringAlerts;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.bus.BusMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that follows a window report, in the same processing step (so in the same
 * transaction): the report itself, the latest-report store the HTTP API reads, metrics, the alert
 * rules and their transitions, and the audit records of all of it.
 */
final class ReportPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);
    private static final String APPLIED_RULES = "applied-rules-digest";

    private final ProcessorContext<String, MergeOutput> context;
    private final LatestReports latestReports;
    private final KeyValueStore<String, Alert> activeAlerts;
    private final KeyValueStore<String, byte[]> alertStates;
    private final AuditTrail audit;
    private final RulesSource rules;
    private final ReportMetrics metrics;
    private final Clock clock;
    private RuleEngine engine;
    // This task's part of driftwatch_alerts_active: counted from the restored store, then follows each transition.
    private final TaskFiringAlerts firing;
    // The same alerts by model version, for each report's rules.
    private final FiringAlertIndex firingByVersion;
    // The model versions whose gauges this task set (model, version), withdrawn when the task closes.
    private final Set<Map.Entry<String, String>> gauged = new HashSet<>();

    ReportPublisher(ProcessorContext<String, MergeOutput> context, LatestReports latestReports,
                    KeyValueStore<String, Alert> activeAlerts, KeyValueStore<String, byte[]> alertStates,
                    AuditTrail audit, RulesSource rules, ReportMetrics metrics, Clock clock) {
        this.context = context;
        this.latestReports = latestReports;
        this.activeAlerts = activeAlerts;
        this.alertStates = alertStates;
        this.audit = audit;
        this.rules = rules;
        this.metrics = metrics;
        this.clock = clock;
        this.engine = new RuleEngine(rules.current(), clock);
        this.firing = metrics.activeAlerts().addTask(activeAlerts);
        this.firingByVersion = FiringAlertIndex.of(activeAlerts);
    }

    /**
     * Removes the gauges of every model version this task reported, and its alerts from those firing: the task is
     * closing (revoked in a rebalance, moved to another instance, or the application stops). Left registered, they
     * would be exported at their last values next to the new owner's for as long as this instance runs.
     */
    void withdrawGauges() {
        gauged.forEach(v -> metrics.withdraw(v.getKey(), v.getValue()));
        gauged.clear();
        firing.withdraw();
    }

    /**
     * Exports the gauges of each model version from its latest report in the restored store, and its realised-quality
     * gauges from its latest report with labels, when the task starts (a restart, or a rebalance that moved it here):
     * the old owner withdrew them at its close, and waiting for each version's next window (for quality, its next
     * labels) would leave them absent for up to a window, long enough for Prometheus to resolve every rule firing on
     * them and start its {@code for:} again. Versions already silent (retired) stay withdrawn.
     *
     * @param silent whether a version ("model/version") has gone silent, as {@link #resolveSilentVersions} would find it
     */
    void exportRestoredGauges(java.util.function.Predicate<String> silent) {
        latestReports.replay(silent, latest -> {
            metrics.record(latest);
            gauged.add(Map.entry(latest.getModelId(), latest.getModelVersion()));
        }, metrics::recordQuality);
    }

    void publish(WindowReport report, long windowEnd) {
        publish(report, null, windowEnd);
    }

    /** @param outputs the window's outputs-only profile, encoded, for the comparison stage; null on a revision */
    void publish(WindowReport report, byte[] outputs, long windowEnd) {
        // The rules' latency objectives decided into the report itself (BREACHED / UNCERTAIN with why),
        // before it is forwarded: the threshold lives in the rules, not in the report builder.
        io.driftwatch.alerting.LatencyObjectives.annotate(report, engine.ruleSet());
        context.forward(new Record<>(LatestReports.versionKey(report), new MergeOutput.Report(report, outputs), windowEnd));
        if (latestReports.offer(report)) {
            // The gauges show what the API's latest report shows: a revision of an older window (late labels,
            // again every revision interval up to the label horizon) would set them back to that window.
            metrics.record(report);
            gauged.add(Map.entry(report.getModelId(), report.getModelVersion()));
        } else {
            // Labels of an older window may still be the newest labels the version has.
            metrics.recordQuality(report);
        }
        auditLink(report.getModelId(), AuditType.WINDOW_EVALUATED, report.getWindowEnd(),
            report.getModelVersion() + "@" + report.getWindowStart() + "#" + report.getRevision(),
            AuditPayloads.windowReport(report), windowEnd);
        for (Alert alert : engine.evaluate(report, states(),
                firingByVersion.firingOf(report.getModelId(), report.getModelVersion(), activeAlerts))) {
            transition(alert, windowEnd);
        }
    }

    /** This task's firing alerts that {@code which} selects. */
    private java.util.List<Alert> activeAlertsWhere(java.util.function.Predicate<Alert> which) {
        java.util.List<Alert> selected = new java.util.ArrayList<>();
        try (org.apache.kafka.streams.state.KeyValueIterator<String, Alert> it = activeAlerts.all()) {
            while (it.hasNext()) {
                Alert alert = it.next().value;
                if (which.test(alert)) {
                    selected.add(alert);
                }
            }
        }
        return selected;
    }

    /**
     * Emits RESOLVED transitions made outside the lifecycle (no report will evaluate their alerts again), and resets
     * each alert's state so that a later breach starts a new episode.
     */
    private void endOutsideLifecycle(java.util.List<Alert> resolved, long timestamp) {
        AlertStateStore states = states();
        for (Alert alert : resolved) {
            states.get(alert.getFingerprint()).ifPresent(s -> states.put(alert.getFingerprint(), s.silenced()));
            LOG.info("Alert {} ({}) resolved: {}", alert.getRule(), alert.getFingerprint(), alert.getSummary());
            transition(alert, timestamp);
        }
    }

    /**
     * Resolves the firing alerts of every model version gone silent ({@link RetiredVersions}): the version was
     * retired or rolled back, and no report of it can come any more to resolve them. Left firing, the Alertmanager
     * connector would re-post them for ever.
     *
     * @param lastWindowEnd end of a version's newest reported window ("model/version"), for the resolution's time
     * @param silent        whether a version ("model/version") has gone silent
     */
    void resolveSilentVersions(java.util.function.ToLongFunction<String> lastWindowEnd,
                               java.util.function.Predicate<String> silent, long now) {
        java.util.function.ToLongFunction<Alert> lastOf = a -> lastWindowEnd.applyAsLong(a.getModelId() + '/' + a.getModelVersion());
        java.util.List<Alert> resolved = activeAlertsWhere(a -> a.getStatus() == AlertStatus.FIRING
            && a.getModelVersion() != null && silent.test(a.getModelId() + '/' + a.getModelVersion())).stream()
            .map(alert -> {
                long last = lastOf.applyAsLong(alert);
                return Alert.newBuilder(alert)
                    .setStatus(AlertStatus.RESOLVED)
                    .setEndsAt(Instant.ofEpochMilli(alert.getStartsAt() == null ? last
                        : Math.max(last, alert.getStartsAt().toEpochMilli())))
                    .setEmittedAt(Instant.ofEpochMilli(now))
                    .setSummary(alert.getModelId() + " v" + alert.getModelVersion() + ": resolved, the version has"
                        + " reported no window since " + Instant.ofEpochMilli(last) + " (retired or rolled back): "
                        + alert.getRule())
                    .build();
            }).toList();
        // Their gauges too: exported at the last window's values, they would keep Prometheus rules firing on a version
        // that no longer serves.
        for (java.util.Iterator<Map.Entry<String, String>> it = gauged.iterator(); it.hasNext(); ) {
            Map.Entry<String, String> v = it.next();
            if (silent.test(v.getKey() + '/' + v.getValue())) {
                metrics.withdraw(v.getKey(), v.getValue());
                it.remove();
            }
        }
        endOutsideLifecycle(resolved, now);
    }

    /** An alert transition: to the alerts topic, the firing set, the metrics and the model's audit chain. */
    private void transition(Alert alert, long timestamp) {
        context.forward(new Record<>(alert.getFingerprint(), new MergeOutput.AlertTransition(alert), timestamp));
        if (alert.getStatus() == AlertStatus.FIRING) {
            activeAlerts.put(alert.getFingerprint(), alert);
            // DEBUG: the alerts topic, the audit chain and the demo console carry each transition
            // already; an INFO line too printed every alert twice on the demo's terminal.
            LOG.debug("Alert FIRING: {}", alert.getSummary());
        } else {
            activeAlerts.delete(alert.getFingerprint());
            LOG.debug("Alert RESOLVED: {}", alert.getSummary());
        }
        firingByVersion.transition(alert);
        firing.record(alert.getFingerprint(), alert);
        metrics.record(alert);
        auditLink(alert.getModelId(), alert.getStatus() == AlertStatus.FIRING ? AuditType.ALERT_FIRED : AuditType.ALERT_RESOLVED,
            alert.getWindowEnd(), alert.getFingerprint(), AuditPayloads.alert(alert), timestamp);
    }

    void baselineSet(ReferenceProfile profile, long timestamp) {
        auditLink(profile.getModelId(), AuditType.BASELINE_SET, profile.getCreatedAt(),
            profile.getModelVersion() + "@" + profile.getCreatedAt(), AuditPayloads.referenceProfileSummary(profile), timestamp);
    }

    /** The dead letters of one input partition's task over one window of wall-clock time, on the system chain. */
    void inputRejected(BusMessage.RejectSummary rejects) {
        Instant start = Instant.ofEpochMilli(rejects.windowStart());
        Instant end = Instant.ofEpochMilli(rejects.windowEnd());
        auditLink(AuditTrail.SYSTEM_CHAIN, AuditType.INPUT_REJECTED, end, rejects.source() + "@" + start,
            AuditPayloads.inputRejected(rejects.source(), start, end, rejects.counts()), rejects.windowEnd());
    }

    /**
     * Applies the current rules if this task has not yet: every chain this task writes records the
     * change, so each model's audit shows the rules its alerts came from. A chain opened later starts
     * with the rules in force (see {@link #auditLink}); no other task may write to a chain, so none is
     * created here.
     */
    void applyCurrentRules(KeyValueStore<String, byte[]> applied, long timestamp) {
        RuleSet current = rules.current();
        byte[] digest = applied.get(APPLIED_RULES);
        String appliedDigest = digest == null ? null : new String(digest, StandardCharsets.US_ASCII);
        if (current.digest().equals(appliedDigest)) {
            return;
        }
        RuleSet previous = engine.ruleSet().digest().equals(appliedDigest) ? engine.ruleSet() : null;
        engine = new RuleEngine(current, clock);
        String payload = AuditPayloads.rulesChanged(previous, current);
        for (String model : audit.models()) {
            auditLink(model, AuditType.RULES_CHANGED, Instant.ofEpochMilli(timestamp), "rules@" + current.digest().substring(0, 12),
                payload, timestamp);
        }
        applied.put(APPLIED_RULES, current.digest().getBytes(StandardCharsets.US_ASCII));
        resolveUncovered(current, timestamp);
    }

    /** Resolves the firing alerts the rules in force no longer cover ({@link UncoveredAlerts}). */
    private void resolveUncovered(RuleSet current, long timestamp) {
        endOutsideLifecycle(UncoveredAlerts.resolvedAmong(activeAlertsWhere(a -> true), current, clock.instant()), timestamp);
    }

    Optional<io.driftwatch.alerting.SignificancePolicy> significance() {
        return engine.ruleSet().significancePolicy();
    }

    private void auditLink(String modelId, AuditType type, Instant time, String subject, String payload, long timestamp) {
        if (type != AuditType.RULES_CHANGED && audit.head(modelId).nextSequence() == 0) {
            // A new chain opens with the rules in force, so it shows what its alerts were decided by.
            RuleSet current = engine.ruleSet();
            context.forward(new Record<>(modelId, new MergeOutput.AuditLink(audit.append(modelId, AuditType.RULES_CHANGED,
                time, "rules@" + current.digest().substring(0, 12), AuditPayloads.rulesChanged(null, current))), timestamp));
            metrics.recordAudit(AuditType.RULES_CHANGED);
        }
        metrics.recordAudit(type);
        context.forward(new Record<>(modelId, new MergeOutput.AuditLink(audit.append(modelId, type, time, subject, payload)),
            timestamp));
    }

    private AlertStateStore states() {
        return AlertStateStore.overBytes(alertStates::get, alertStates::put, alertStates::delete);
    }
}
