package io.driftwatch.comparison;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.profile.AgreedWindowLayout;
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
 * main chain belongs to another task and a chain has exactly one writer), all of it through
 * {@link ComparisonAlertPublisher}. Shadow pairs add to the
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
    private final AgreedWindowLayout windows;
    private final long graceMs;
    private final io.driftwatch.topology.CommitOnClose commitOnClose;
    private final io.driftwatch.alerting.RulesSource rules;
    private final io.driftwatch.metrics.ReportMetrics alertMetrics;
    private ProcessorContext<String, ComparisonOutput> context;
    private KeyValueStore<String, byte[]> roles;
    private KeyValueStore<String, byte[]> figures;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, io.driftwatch.schemas.ComparisonReport> latest;
    private ComparisonAlertPublisher alerts;
    private final FigureAlerts figureAlerts = new FigureAlerts();
    private long latestWindow = Long.MIN_VALUE;
    // The comparisons whose gauges this task set, withdrawn when it closes.
    private final java.util.Set<ComparisonGauges.Subject> gauged = new java.util.HashSet<>();

    /**
     * @param retention how long window figures, roles and each comparison's compared windows are kept for revisions
     *                  (the label horizon plus a window)
     * @param windows   the windows the merge stage cuts
     * @param grace     the windows' grace: a window's reports come once its end plus grace has passed
     */
    public ComparisonProcessor(ComparisonStores names, ComparisonsSource source, ComparisonGauges gauges,
                               io.driftwatch.metrics.ReportMetrics alertMetrics, Duration reloadInterval, Duration retention,
                               AgreedWindowLayout windows, Duration grace, io.driftwatch.alerting.RulesSource rules) {
        this.names = names;
        this.source = source;
        this.gauges = gauges;
        this.alertMetrics = alertMetrics;
        this.reloadInterval = reloadInterval;
        this.retentionMs = retention.toMillis();
        this.windows = windows;
        this.graceMs = grace.toMillis();
        this.commitOnClose = new io.driftwatch.topology.CommitOnClose(windows.current().currentSizeMs());
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, ComparisonOutput> context) {
        this.context = context;
        this.roles = context.getStateStore(names.roles());
        this.figures = context.getStateStore(names.figures());
        this.states = context.getStateStore(names.states());
        this.latest = context.getStateStore(names.latest());
        // Made here, as after a restart: a revived task (init again, same instance) replays from its last commit.
        this.alerts = new ComparisonAlertPublisher(context, context.getStateStore(names.activeAlerts()),
            context.getStateStore(names.alertStates()), context.getStateStore(names.auditHeads()), rules, alertMetrics);
        exportRestoredGauges();
        this.latestWindow = Long.MIN_VALUE;
        context.schedule(reloadInterval, PunctuationType.WALL_CLOCK_TIME, t -> {
            source.reload();
            alerts.resolveUncovered();
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
        if (alerts != null) {
            alerts.withdraw();
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
        alerts.resolveEndedPairs(model, now.version(), now.windowStart(), windows.current(),
            (v, w) -> figures.get(model + '/' + v + '/' + w) != null, timestamp);
        boolean judged = false;
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
                DecisionAlerts.of(spec, judgement.report(), emitted, ruleSet).forEach(alert -> alerts.publish(model, alert, timestamp));
            }
            // Rules on the judged figures go through the alert lifecycle, window after window, like window reports' rules.
            figureAlerts.evaluate(ruleSet, judgement.report(), alerts.states(), emitted)
                .forEach(alert -> alerts.publish(model, alert, timestamp));
            judged = true;
        }
        // The report and any decision reach read_committed readers when this task's transaction commits. A live
        // window's judgement asks for that commit at once, as the merge stage does for the window's own reports, so a
        // roll-back decision waits for no commit interval; a replayed backlog's waits for the interval (CommitOnClose).
        if (judged && commitOnClose.worthCommitting(windows.current().endOf(now.windowStart()) + graceMs, context.currentSystemTimeMs())) {
            context.commit();
        }
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
        alerts.resolveForgottenPairs(this::hasFigures);
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
