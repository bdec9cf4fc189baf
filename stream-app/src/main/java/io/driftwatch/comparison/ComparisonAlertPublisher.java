package io.driftwatch.comparison;

import io.driftwatch.alerting.AlertStateStore;
import io.driftwatch.alerting.RuleSet;
import io.driftwatch.alerting.RulesSource;
import io.driftwatch.alerting.UncoveredAlerts;
import io.driftwatch.audit.AuditPayloads;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.metrics.TaskFiringAlerts;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.topology.AuditTrail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every transition of a comparison alert (a decision, a rule on the judged figures, the end of a pair's side-by-side
 * run), in the processing step that caused it, so in its transaction: the task's firing alerts (store and gauge), the
 * alerts topic, the alert counters, and a link in the model's comparison audit chain
 * ({@link ComparisonProcessor#chain}). It also ends the firing alerts nothing would judge again: those whose pair no
 * longer runs side by side ({@link SideBySideEnd}), those the rules no longer cover, and those whose two versions have
 * both stopped reporting.
 */
final class ComparisonAlertPublisher {

    private final ProcessorContext<String, ComparisonOutput> context;
    // Keyed by model and fingerprint, so that a model's alerts are one prefix scan.
    private final KeyValueStore<String, Alert> activeAlerts;
    private final KeyValueStore<String, byte[]> alertStates;
    private final AuditTrail audit;
    private final RulesSource rules;
    // The merge stage's alert and audit counters: /metrics counts every alert, decisions included.
    private final ReportMetrics alertMetrics;
    // This task's part of driftwatch_alerts_active: counted from the restored store, then follows each transition.
    private final TaskFiringAlerts firing;
    // The digest of the rules whose coverage of the firing alerts was last checked; null until the first check.
    private String rulesChecked;

    ComparisonAlertPublisher(ProcessorContext<String, ComparisonOutput> context, KeyValueStore<String, Alert> activeAlerts,
                             KeyValueStore<String, byte[]> alertStates, KeyValueStore<String, byte[]> auditHeads,
                             RulesSource rules, ReportMetrics alertMetrics) {
        this.context = context;
        this.activeAlerts = activeAlerts;
        this.alertStates = alertStates;
        this.audit = new AuditTrail(auditHeads);
        this.rules = rules;
        this.alertMetrics = alertMetrics;
        this.firing = alertMetrics.activeAlerts().addTask(activeAlerts);
    }

    /** The lifecycle state of each figure rule's fingerprint, for {@link FigureAlerts}. */
    AlertStateStore states() {
        return AlertStateStore.overBytes(alertStates::get, alertStates::put, alertStates::delete);
    }

    /** An alert transition to the alerts topic and to the model's comparison audit chain, in the same transaction. */
    void publish(String model, Alert alert, long timestamp) {
        if (alert.getStatus() == AlertStatus.FIRING) {
            activeAlerts.put(model + '/' + alert.getFingerprint(), alert);
        } else {
            activeAlerts.delete(model + '/' + alert.getFingerprint());
        }
        firing.record(model + '/' + alert.getFingerprint(), alert);
        context.forward(new Record<>(alert.getFingerprint(), new ComparisonOutput.AlertTransition(alert), timestamp));
        String chainId = ComparisonProcessor.chain(model);
        AuditRecord link = append(chainId, alert);
        context.forward(new Record<>(chainId, new ComparisonOutput.AuditLink(link), timestamp));
        alertMetrics.record(alert);
        alertMetrics.recordAudit(link.getType());
    }

    /** Resolves the firing comparison alerts of {@code model} that {@code version}'s report of a window ends. */
    void resolveEndedPairs(String model, String version, long windowStart, io.driftwatch.profile.WindowLayout windows,
                           SideBySideEnd.WindowsReported reported, long timestamp) {
        List<Alert> ended = new ArrayList<>();
        RuleSet ruleSet = rules.current();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try (KeyValueIterator<String, Alert> it = activeAlerts.prefixScan(model + '/', new StringSerializer())) {
            while (it.hasNext()) {
                Alert alert = it.next().value;
                SideBySideEnd.endedBy(alert, version, windowStart, windows,
                        SideBySideEnd.windowsToResolve(ruleSet, alert.getRule()), reported, now)
                    .ifPresent(ended::add);
            }
        }
        ended.forEach(alert -> publishEnded(model, alert, timestamp));
    }

    /**
     * Once per rules change (the merge stage reloads the shared rules file), and once after start: resolves the
     * stage's firing alerts that the rules no longer cover ({@link UncoveredAlerts}).
     */
    void resolveUncovered() {
        RuleSet ruleSet = rules.current();
        if (ruleSet.digest().equals(rulesChecked)) {
            return;
        }
        List<Alert> active = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = activeAlerts.all()) {
            it.forEachRemaining(kv -> active.add(kv.value));
        }
        long now = context.currentSystemTimeMs();
        UncoveredAlerts.resolvedAmong(active, ruleSet, Instant.ofEpochMilli(now))
            .forEach(alert -> publishEnded(alert.getModelId(), alert, now));
        rulesChecked = ruleSet.digest();
    }

    /**
     * Resolves comparison alerts whose two versions have no window figures left ({@code hasFigures} of the model and
     * version): neither has reported within the retention.
     */
    void resolveForgottenPairs(BiPredicate<String, String> hasFigures) {
        List<KeyValue<String, Alert>> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = activeAlerts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Alert> kv = it.next();
                Alert a = kv.value;
                String control = SideBySideEnd.otherVersion(a, a.getModelVersion());
                if (control != null && !hasFigures.test(a.getModelId(), control)
                        && !hasFigures.test(a.getModelId(), a.getModelVersion())) {
                    forgotten.add(kv);
                }
            }
        }
        long now = context.currentSystemTimeMs();
        for (KeyValue<String, Alert> kv : forgotten) {
            publishEnded(kv.value.getModelId(), SideBySideEnd.ended(kv.value, Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(now), "neither version has reported a window within the retention"), now);
        }
    }

    /** The task is leaving this instance or stopping: its alerts leave the firing gauge with it. */
    void withdraw() {
        firing.withdraw();
    }

    /** A comparison alert ended outside its lifecycle; a figure rule's state starts a new episode if the pair runs again. */
    private void publishEnded(String model, Alert resolved, long timestamp) {
        AlertStateStore states = states();
        states.get(resolved.getFingerprint()).ifPresent(s -> states.put(resolved.getFingerprint(), s.silenced()));
        publish(model, resolved, timestamp);
    }

    private AuditRecord append(String chainId, Alert alert) {
        AuditType type = alert.getStatus() == AlertStatus.FIRING ? AuditType.ALERT_FIRED : AuditType.ALERT_RESOLVED;
        return audit.append(chainId, type, alert.getEmittedAt(), alert.getFingerprint(), AuditPayloads.alert(alert));
    }
}
