package io.driftwatch.comparison;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.audit.AuditChain;
import io.driftwatch.audit.AuditPayloads;
import io.driftwatch.audit.ChainHead;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.WindowReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comparison stage, per model (its input is keyed by model id): remembers which role each
 * version had in each window and each version's window figures; when both versions of a comparison
 * have reported a window (or revised it), judges the candidate ({@link ComparisonJudge}) and emits the
 * comparison report; when that concludes, emits the decision as an alert; evaluates the rules on the
 * judged figures ({@link FigureAlerts}); resolves a comparison's alerts once its two versions no longer run side by
 * side ({@link SideBySideEnd}); and links every alert transition into the
 * model's comparison audit chain ({@code <model>#comparisons}: its own chain, because the model's
 * main chain belongs to another task and a chain has exactly one writer). Shadow pairs add to the
 * shadow agreement of their comparison. Everything is in changelogged stores, under exactly-once.
 */
public final class ComparisonProcessor implements Processor<String, ComparisonInput, String, ComparisonOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(ComparisonProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ROLES = new TypeReference<>() {
    };

    /** The audit chain of a model's comparison decisions. '#' cannot appear in a chain of a model's own. */
    public static String chain(String model) {
        return model + "#comparisons";
    }

    private final ComparisonStores names;
    private final ComparisonsSource source;
    private final ComparisonGauges gauges;
    private final Duration reloadInterval;
    private final long retentionMs;
    private final long windowMs;
    private final io.driftwatch.alerting.RulesSource rules;
    // The merge stage's alert and audit counters: /metrics counts every alert, decisions included.
    private final io.driftwatch.metrics.ReportMetrics alertMetrics;
    private ProcessorContext<String, ComparisonOutput> context;
    private KeyValueStore<String, byte[]> roles;
    private KeyValueStore<String, byte[]> figures;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, byte[]> auditHeads;
    private KeyValueStore<String, io.driftwatch.schemas.ComparisonReport> latest;
    private KeyValueStore<String, byte[]> alertStates;
    private KeyValueStore<String, Alert> activeAlerts;
    // This task's part of driftwatch_alerts_active: counted from the restored store, then follows each transition.
    private io.driftwatch.metrics.TaskFiringAlerts firing;
    // The digest of the rules whose coverage of the firing alerts was last checked; null until the first check.
    private String rulesChecked;
    private final AuditChain chain = new AuditChain();
    private final FigureAlerts figureAlerts = new FigureAlerts();
    private long latestWindow = Long.MIN_VALUE;
    // The comparisons whose gauges this task set, withdrawn when it closes.
    private final java.util.Set<ComparisonGauges.Subject> gauged = new java.util.HashSet<>();

    /**
     * @param retention how long window figures, roles and each comparison's compared windows are kept for revisions
     *                  (the label horizon plus a window)
     * @param windowMs  the window size
     */
    public ComparisonProcessor(ComparisonStores names, ComparisonsSource source, ComparisonGauges gauges,
                               io.driftwatch.metrics.ReportMetrics alertMetrics, Duration reloadInterval, Duration retention,
                               long windowMs, io.driftwatch.alerting.RulesSource rules) {
        this.names = names;
        this.source = source;
        this.gauges = gauges;
        this.alertMetrics = alertMetrics;
        this.reloadInterval = reloadInterval;
        this.retentionMs = retention.toMillis();
        this.windowMs = windowMs;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, ComparisonOutput> context) {
        this.context = context;
        this.roles = context.getStateStore(names.roles());
        this.figures = context.getStateStore(names.figures());
        this.states = context.getStateStore(names.states());
        this.auditHeads = context.getStateStore(names.auditHeads());
        this.latest = context.getStateStore(names.latest());
        this.alertStates = context.getStateStore(names.alertStates());
        this.activeAlerts = context.getStateStore(names.activeAlerts());
        this.firing = alertMetrics.activeAlerts().addTask(activeAlerts);
        exportRestoredGauges();
        // As after a restart: a revived task (init again, same instance) replays from its last commit.
        this.latestWindow = Long.MIN_VALUE;
        this.rulesChecked = null;
        context.schedule(reloadInterval, PunctuationType.WALL_CLOCK_TIME, t -> {
            source.reload();
            resolveUncovered();
        });
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, t -> forgetOld());
    }

    /**
     * Exports each comparison's gauges from its latest report in the restored store when the task starts (a restart,
     * or a rebalance that moved it here): the old owner withdrew them at its close, and waiting for each comparison's
     * next judgement would leave them absent for up to a window, long enough for Prometheus to resolve every rule
     * firing on them.
     */
    private void exportRestoredGauges() {
        try (KeyValueIterator<String, io.driftwatch.schemas.ComparisonReport> it = latest.all()) {
            while (it.hasNext()) {
                io.driftwatch.schemas.ComparisonReport report = it.next().value;
                gauges.record(report, true);
                gauged.add(ComparisonGauges.Subject.of(report));
            }
        }
    }

    /**
     * The task is leaving this instance (rebalance) or stopping: its comparisons' gauges go, and its alerts from those
     * firing, or they would be exported at their last values next to the new owner's for as long as this instance runs.
     */
    @Override
    public void close() {
        gauged.forEach(gauges::withdraw);
        gauged.clear();
        if (firing != null) {
            firing.withdraw();
        }
    }

    @Override
    public void process(Record<String, ComparisonInput> record) {
        ComparisonInput input = record.value();
        if (input instanceof ComparisonInput.RoleSeen seen) {
            String key = seen.model() + '/' + seen.windowStart();
            Map<String, String> known = readRoles(key);
            if (!known.containsKey(seen.version()) || !java.util.Objects.equals(known.get(seen.version()), seen.role())) {
                // A version seen with two roles in one window keeps the non-primary one: that is what makes it a candidate
                // (a canary promoted mid-window). Null and "primary" are the same role, so neither may overwrite a canary.
                if (!ComparisonMode.isPrimary(seen.role()) || !known.containsKey(seen.version())) {
                    known.put(seen.version(), seen.role());
                    roles.put(key, json(known));
                }
            }
        } else if (input instanceof ComparisonInput.VersionReport report) {
            onReport(report.report(), report.outputs(), record.timestamp());
        } else if (input instanceof ComparisonInput.ShadowPaired pair) {
            updateShadow(pair.model(), pair.controlVersion(), pair.candidateVersion(),
                s -> s.withPair(pair.controlLabel(), pair.candidateLabel(), pair.controlScore(), pair.candidateScore()));
        } else if (input instanceof ComparisonInput.ShadowUnpaired unpaired) {
            for (String key : stateKeysOf(unpaired.model())) {
                String[] parts = key.split("/", 3);
                if (unpaired.control() ? parts[1].equals(unpaired.version()) : parts[2].equals(unpaired.version())) {
                    updateShadow(unpaired.model(), parts[1], parts[2], s -> s.withUnpaired(unpaired.control()));
                }
            }
        } else if (input instanceof ComparisonInput.ShadowJudged judged) {
            updateShadow(judged.model(), judged.controlVersion(), judged.candidateVersion(),
                s -> s.withJudged(judged.controlRight(), judged.candidateRight()));
        }
    }

    private void onReport(WindowReport report, byte[] outputs, long timestamp) {
        String model = report.getModelId();
        VersionFigures carried = VersionFigures.of(report, outputs);
        String figureKey = model + '/' + carried.version() + '/' + carried.windowStart();
        byte[] previousBytes = figures.get(figureKey);
        VersionFigures previous = previousBytes == null ? null : readFigures(previousBytes);
        if (previous != null && previous.revision() > carried.revision()) {
            return; // an older revision replayed after a newer one
        }
        // A revision carries no profile: the window's events, and so its outputs, are the first report's.
        VersionFigures now = previous == null ? carried : carried.withOutputs(previous.outputs());
        List<ComparisonSpec> specs = specsFor(model, carried.windowStart());
        String version = carried.version();
        if (specs.stream().noneMatch(s -> s.control().equals(version) || s.candidate().equals(version))) {
            // Kept for the label horizon (7 days by default) and rewritten on every revision: the outputs of a version
            // no comparison judges would be most of this store for nothing (bench/RESULTS.md section 6). Roles reach
            // this processor with the window's first predictions, long before its report, so a discovered comparison
            // is known by now; one whose roles came later judges that window without its sketches.
            now = now.withoutOutputs();
        }
        figures.put(figureKey, json(now));
        latestWindow = Math.max(latestWindow, now.windowStart());
        resolveEndedPairs(model, now.version(), now.windowStart(), timestamp);
        for (ComparisonSpec spec : specs) {
            boolean isControl = spec.control().equals(now.version());
            if (!isControl && !spec.candidate().equals(now.version())) {
                continue;
            }
            String otherVersion = isControl ? spec.candidate() : spec.control();
            byte[] otherBytes = figures.get(model + '/' + otherVersion + '/' + now.windowStart());
            if (otherBytes == null) {
                continue;
            }
            VersionFigures other = readFigures(otherBytes);
            VersionFigures ctrl = isControl ? now : other;
            VersionFigures cand = isControl ? other : now;
            VersionFigures previousCtrl = isControl ? previous : other;
            VersionFigures previousCand = isControl ? other : previous;
            byte[] stateBytes = states.get(spec.key());
            ComparisonState state = stateBytes == null ? ComparisonState.initial() : ComparisonState.fromBytes(stateBytes);
            ComparisonState updated = state.withWindow(now.windowStart(), ctrl, cand, previousCtrl, previousCand, retentionMs);
            Instant emitted = Instant.ofEpochMilli(context.currentSystemTimeMs());
            ComparisonJudge.Judgement judgement = ComparisonJudge.judge(spec, updated, ctrl, cand, emitted);
            states.put(spec.key(), judgement.state().toBytes());
            context.forward(new Record<>(spec.key(), new ComparisonOutput.Report(judgement.report()), timestamp));
            io.driftwatch.schemas.ComparisonReport previousReport = latest.get(spec.key());
            boolean newest = previousReport == null
                || !previousReport.getWindowStart().isAfter(judgement.report().getWindowStart());
            if (newest) {
                latest.put(spec.key(), judgement.report());
            }
            gauges.record(judgement.report(), newest);
            gauged.add(ComparisonGauges.Subject.of(judgement.report()));
            io.driftwatch.alerting.RuleSet ruleSet = rules.current();
            if (judgement.newlyDecided()) {
                LOG.info("Comparison {} decided: {}", spec.key(), judgement.report().getDecisionReason());
                // The rules file's comparison.decision rules say which decisions alert, how severely, with which labels.
                DecisionAlerts.of(spec, judgement.report(), emitted, ruleSet).forEach(alert -> publish(model, alert, timestamp));
            }
            // Rules on the judged figures go through the alert lifecycle, window after window, like window reports' rules.
            figureAlerts.evaluate(ruleSet, judgement.report(), alertStateStore(), emitted)
                .forEach(alert -> publish(model, alert, timestamp));
        }
    }

    private io.driftwatch.alerting.AlertStateStore alertStateStore() {
        return io.driftwatch.alerting.AlertStateStore.overBytes(alertStates::get, alertStates::put, alertStates::delete);
    }

    /** Resolves the firing comparison alerts of {@code model} that {@code version}'s report of a window ends ({@link SideBySideEnd}). */
    private void resolveEndedPairs(String model, String version, long windowStart, long timestamp) {
        List<Alert> ended = new ArrayList<>();
        io.driftwatch.alerting.RuleSet ruleSet = rules.current();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try (KeyValueIterator<String, Alert> it = activeAlerts.prefixScan(model + '/',
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (it.hasNext()) {
                Alert firing = it.next().value;
                SideBySideEnd.endedBy(firing, version, windowStart, windowMs,
                        SideBySideEnd.windowsToResolve(ruleSet, firing.getRule()),
                        (v, w) -> figures.get(model + '/' + v + '/' + w) != null, now)
                    .ifPresent(ended::add);
            }
        }
        ended.forEach(alert -> publishEnded(model, alert, timestamp));
    }

    /** A comparison alert ended outside its lifecycle; a figure rule's state starts a new episode if the pair runs again. */
    private void publishEnded(String model, Alert resolved, long timestamp) {
        io.driftwatch.alerting.AlertStateStore states = alertStateStore();
        states.get(resolved.getFingerprint()).ifPresent(s -> states.put(resolved.getFingerprint(), s.silenced()));
        publish(model, resolved, timestamp);
    }

    /** An alert transition to the alerts topic and to the model's comparison audit chain, in the same transaction. */
    private void publish(String model, Alert alert, long timestamp) {
        if (alert.getStatus() == io.driftwatch.schemas.AlertStatus.FIRING) {
            activeAlerts.put(model + '/' + alert.getFingerprint(), alert);
        } else {
            activeAlerts.delete(model + '/' + alert.getFingerprint());
        }
        firing.record(model + '/' + alert.getFingerprint(), alert);
        context.forward(new Record<>(alert.getFingerprint(), new ComparisonOutput.AlertTransition(alert), timestamp));
        String chainId = chain(model);
        io.driftwatch.schemas.AuditRecord link = append(chainId, alert);
        context.forward(new Record<>(chainId, new ComparisonOutput.AuditLink(link), timestamp));
        alertMetrics.record(alert);
        alertMetrics.recordAudit(link.getType());
    }

    /** Declared comparisons of the model, or the one discovered from the roles of this window. */
    private List<ComparisonSpec> specsFor(String model, long windowStart) {
        ComparisonPlan plan = source.current();
        List<ComparisonSpec> declared = plan.declaredFor(model);
        if (!declared.isEmpty()) {
            return declared;
        }
        Optional<ComparisonSpec> found = plan.discover(model, readRoles(model + '/' + windowStart));
        return found.map(List::of).orElse(List.of());
    }

    private void updateShadow(String model, String control, String candidate,
                              java.util.function.UnaryOperator<ShadowTally> change) {
        String key = model + '/' + control + '/' + candidate;
        byte[] bytes = states.get(key);
        ComparisonState state = bytes == null ? ComparisonState.initial() : ComparisonState.fromBytes(bytes);
        states.put(key, state.withShadow(change.apply(state.shadow())).toBytes());
    }

    private List<String> stateKeysOf(String model) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = states.prefixScan(model + '/',
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private io.driftwatch.schemas.AuditRecord append(String chainId, Alert alert) {
        AuditType type = alert.getStatus() == io.driftwatch.schemas.AlertStatus.FIRING ? AuditType.ALERT_FIRED
            : AuditType.ALERT_RESOLVED;
        AuditChain.Appended appended = chain.append(ChainHead.fromBytes(chainId, auditHeads.get(chainId)), type,
            alert.getEmittedAt(), alert.getFingerprint(), AuditPayloads.alert(alert));
        auditHeads.put(chainId, appended.head().toBytes());
        return appended.record();
    }

    /** Drops window figures and roles older than the retention behind the newest window seen. */
    private void forgetOld() {
        if (latestWindow == Long.MIN_VALUE) {
            return;
        }
        long cutoff = latestWindow - retentionMs;
        for (KeyValueStore<String, byte[]> store : List.of(figures, roles)) {
            List<String> old = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    long start = Long.parseLong(kv.key.substring(kv.key.lastIndexOf('/') + 1));
                    if (start < cutoff) {
                        old.add(kv.key);
                    }
                }
            }
            old.forEach(store::delete);
        }
        resolveForgottenPairs();
    }

    /**
     * Once per rules change (the merge stage reloads the shared rules file), and once after start: resolves the
     * stage's firing alerts that the rules no longer cover ({@link io.driftwatch.alerting.UncoveredAlerts}).
     */
    private void resolveUncovered() {
        io.driftwatch.alerting.RuleSet ruleSet = rules.current();
        if (ruleSet.digest().equals(rulesChecked)) {
            return;
        }
        List<Alert> active = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = activeAlerts.all()) {
            it.forEachRemaining(kv -> active.add(kv.value));
        }
        long now = context.currentSystemTimeMs();
        io.driftwatch.alerting.UncoveredAlerts.resolvedAmong(active, ruleSet, Instant.ofEpochMilli(now))
            .forEach(alert -> publishEnded(alert.getModelId(), alert, now));
        rulesChecked = ruleSet.digest();
    }

    /** Resolves comparison alerts whose two versions have no window figures left: neither has reported within the retention. */
    private void resolveForgottenPairs() {
        List<KeyValue<String, Alert>> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = activeAlerts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Alert> kv = it.next();
                Alert a = kv.value;
                String control = SideBySideEnd.otherVersion(a, a.getModelVersion());
                if (control != null && !hasFigures(a.getModelId(), control) && !hasFigures(a.getModelId(), a.getModelVersion())) {
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

    private boolean hasFigures(String model, String version) {
        try (KeyValueIterator<String, byte[]> it = figures.prefixScan(model + '/' + version + '/',
                new org.apache.kafka.common.serialization.StringSerializer())) {
            return it.hasNext();
        }
    }

    private Map<String, String> readRoles(String key) {
        byte[] bytes = roles.get(key);
        if (bytes == null) {
            return new LinkedHashMap<>();
        }
        try {
            return new HashMap<>(JSON.readValue(bytes, ROLES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VersionFigures readFigures(byte[] bytes) {
        try {
            return JSON.readValue(bytes, VersionFigures.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
