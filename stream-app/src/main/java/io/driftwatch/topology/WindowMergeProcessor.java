package io.driftwatch.topology;

import io.driftwatch.baseline.BaselineCatalog;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.performance.SegmentAccumulator;
import io.driftwatch.performance.WindowQuality;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.report.BaselineChoice;
import io.driftwatch.report.QualityBaseline;
import io.driftwatch.report.QualitySections;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage: merges the partial profiles of every input partition per model version and window,
 * and closes a window once every input partition's watermark has passed its end plus grace. A
 * closed window is compared with its baseline and reported together with its quality so far; a
 * version without a baseline gets one captured from its first window(s) if the capture policy says
 * so. Labels that arrive for an already reported window revise it (a new report with a higher
 * revision) at most once per revision interval, until the label horizon has passed.
 *
 * <p>Input partitions that have sent no heartbeat for {@code window.stall.timeout} of wall-clock time
 * while others did (their task is dead, or restoring or moving for that long) stop holding windows open;
 * an outage that silences every partition does not (see {@link SourceWatermarks}). A partial that
 * arrives for a window already reported is counted as late events of the version's next report.
 */
public final class WindowMergeProcessor implements Processor<String, BusMessage, String, MergeOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowMergeProcessor.class);
    private static final long MIN_OUTAGE_MS = 5_000;

    private final TopologyStores stores;
    private final DriftwatchConfig config;
    private final WindowReportBuilder reports;
    private final QualitySections quality;
    private final TopologyDependencies deps;
    private final MeterRegistry metrics;
    private final WindowProfileCodec codec = new WindowProfileCodec();
    private final AgreedWindowLayout layout;
    private final long graceMs;
    private final CommitOnClose commitOnClose;

    private ProcessorContext<String, MergeOutput> context;
    private LiveObjectStore<WindowProfile> windowStore;
    private OpenWindowIndex openWindows;
    private LiveObjectStore<WindowQuality> windowQuality;
    private LiveObjectStore<ReportedWindow> reported;
    private DetectorsByVersion conceptDrift;
    private SourceWatermarks watermarks;
    private RetiredVersions retired;
    private KeyValueStore<String, byte[]> progress;
    private KeyValueStore<String, byte[]> rulesApplied;
    private BaselineCatalog baselines;
    private QualityReferences qualityReferences;
    private BaselineCapture capture;
    private ReportPublisher publisher;
    private Counter lateCounter;
    private Counter lateLabels;
    private Counter windowsClosed;
    private FeatureCapNotices featureCap;

    public WindowMergeProcessor(TopologyStores stores, DriftwatchConfig config, WindowReportBuilder reports,
                                QualitySections quality, TopologyDependencies deps) {
        this.stores = stores;
        this.config = config;
        this.reports = reports;
        this.quality = quality;
        this.deps = deps;
        this.metrics = deps.registry();
        this.layout = deps.windowLayout(config.windows());
        this.graceMs = config.windows().grace().toMillis();
        this.commitOnClose = new CommitOnClose(layout.current().currentSizeMs());
    }

    @Override
    public void init(ProcessorContext<String, MergeOutput> context) {
        this.context = context;
        this.featureCap = new FeatureCapNotices(metrics);
        this.windowStore = context.getStateStore(stores.mergedWindows());
        // Made here, not with the processor: Kafka Streams initialises the same processor again when it revives a task,
        // its store back at the last commit, and windows created since then must not stay indexed.
        this.openWindows = new OpenWindowIndex();
        windowStore.keys().forEach(k -> openWindows.add(WindowKey.decode(k)));
        this.windowQuality = context.getStateStore(stores.windowQuality());
        this.reported = context.getStateStore(stores.reportedWindows());
        this.conceptDrift = new DetectorsByVersion(context.getStateStore(stores.detectors()),
            config.labels().detectors(), metrics);
        this.progress = context.getStateStore(stores.versionProgress());
        ReadOnlyKeyValueStore<String, ReferenceProfile> published = context.getStateStore(stores.publishedBaselines());
        KeyValueStore<String, ReferenceProfile> captured = context.getStateStore(stores.capturedBaselines());
        this.baselines = new BaselineCatalog(published, captured);
        this.qualityReferences = new QualityReferences(context.getStateStore(stores.qualityBaselines()), baselines,
            config.labels());
        this.rulesApplied = context.getStateStore(stores.rulesApplied());
        this.publisher = new ReportPublisher(context, new LatestReports(context.getStateStore(stores.latestReports()),
                context.getStateStore(stores.latestLabelledReports())),
            context.getStateStore(stores.activeAlerts()), context.getStateStore(stores.alertStates()),
            new AuditTrail(context.getStateStore(stores.auditHeads())), deps.rules(), deps.reportMetrics(), deps.clock());
        this.capture = new BaselineCapture(config.baseline(), baselines, context.getStateStore(stores.pendingBaselines()),
            progress, publisher, context);
        this.retired = new RetiredVersions(publisher, progress, config.labels().enabled() ? reported : null, layout,
            config.labels().horizon().toMillis());
        List<String> sources = new ArrayList<>();
        for (int p = 0; p < deps.inputPartitions(); p++) {
            // Every input partition is waited for from the start, not only those already heard from.
            sources.add(config.topics().predictions() + "-" + p);
        }
        // A partition counts as stalled only after a long silence while others talk: its task may be
        // restoring state after a crash, which takes minutes on a busy machine. An outage silences everyone
        // alike and must not close windows early.
        long stallMs = config.windows().stallTimeout().toMillis();
        long outageMs = Math.max(3 * config.windows().heartbeatInterval().toMillis(), MIN_OUTAGE_MS);
        this.watermarks = new SourceWatermarks(context.getStateStore(stores.sourceWatermarks()), stallMs, outageMs,
            sources, context.currentSystemTimeMs());
        publisher.exportRestoredGauges(retired.silentBy(watermarks.global(context.currentSystemTimeMs())));
        this.lateCounter = Counter.builder("driftwatch_late_events")
            .description("Prediction events that arrived after their window had closed")
            .tag("stage", "merge")
            .register(metrics);
        this.lateLabels = Counter.builder("driftwatch_late_labels")
            .description("Joined outcomes whose window had passed the label horizon")
            .register(metrics);
        this.windowsClosed = Counter.builder("driftwatch_windows_evaluated")
            .description("Windows closed, compared with their baseline and reported")
            .register(metrics);
        context.schedule(config.windows().heartbeatInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeReady);
        context.schedule(config.alerts().reloadInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
            deps.rules().reload();
            publisher.applyCurrentRules(rulesApplied, t);
        });
        if (config.labels().enabled()) {
            context.schedule(config.labels().revisionInterval(), PunctuationType.WALL_CLOCK_TIME, this::revise);
        }
    }

    /** The task is leaving this instance, or stopping: its versions' gauges go with it (a new owner sets its own). */
    @Override
    public void close() {
        if (publisher != null) {
            publisher.withdrawGauges();
        }
    }

    @Override
    public void process(Record<String, BusMessage> record) {
        BusMessage message = record.value();
        publisher.applyCurrentRules(rulesApplied, record.timestamp());
        if (message instanceof BusMessage.PartialWindow partial) {
            mergePartial(partial);
        } else if (message instanceof BusMessage.Watermark wm) {
            watermarks.heard(wm.source(), wm.watermark(), context.currentSystemTimeMs());
            closeReady(context.currentSystemTimeMs());
        } else if (message instanceof BusMessage.LateEvents late) {
            addLate(late.modelId(), late.modelVersion(), late.count());
        } else if (message instanceof BusMessage.QualityDelta delta) {
            mergeQuality(delta);
        } else if (message instanceof BusMessage.ErrorBatch batch) {
            conceptDrift.feed(batch);
        } else if (message instanceof BusMessage.RejectSummary rejects) {
            publisher.inputRejected(rejects);
        }
    }

    private void mergePartial(BusMessage.PartialWindow partial) {
        WindowKey key = partial.window();
        WindowProfile incoming = codec.decode(partial.profile());
        if (isClosed(key)) {
            LOG.debug("Partial of {} from {} arrived after the window was reported; counting {} late events",
                key, partial.source(), incoming.events());
            addLate(key.modelId(), key.modelVersion(), incoming.events());
            return;
        }
        windowStore.getForUpdate(key.encode(), () -> new WindowProfile(incoming.settings())).merge(incoming);
        openWindows.add(key);
    }

    private boolean isClosed(WindowKey key) {
        VersionProgress p = VersionProgress.decode(progress.get(key.modelVersionKey()));
        return layout.current().endOf(key.windowStart()) <= p.lastClosedEnd();
    }

    private void mergeQuality(BusMessage.QualityDelta delta) {
        WindowKey key = delta.window();
        WindowQuality incoming = WindowQuality.fromBytes(delta.quality());
        if (isClosed(key)) {
            ReportedWindow window = reported.get(key.encode());
            if (window == null) {
                lateLabels.increment(incoming.labelled());
                return;
            }
            reported.getForUpdate(key.encode(), () -> window).markChanged();
        }
        WindowQuality q = windowQuality.get(key.encode());
        if (q == null) {
            windowQuality.getForUpdate(key.encode(), () -> incoming);
        } else {
            windowQuality.getForUpdate(key.encode(), () -> q).merge(incoming);
        }
    }

    private void addLate(String modelId, String modelVersion, long count) {
        lateCounter.increment(count);
        String k = BaselineCatalog.key(modelId, modelVersion);
        VersionProgress p = VersionProgress.decode(progress.get(k));
        progress.put(k, new VersionProgress(p.lastClosedEnd(), p.lateEvents() + count, p.lastBaseline()).encode());
    }

    private void closeReady(long now) {
        long wm = watermarks.global(now);
        if (wm == Long.MIN_VALUE) {
            return;
        }
        // The windows whose end plus grace the watermark has passed: those before the one holding wm - grace.
        List<WindowKey> ready = openWindows.startingBy(layout.current().startOf(wm - graceMs) - 1);
        for (WindowKey key : ready) {
            close(key, now, wm);
        }
        retired.watermarkMoved(wm, now);
        if (!ready.isEmpty() && commitOnClose.worthCommitting(closeTime(ready.get(ready.size() - 1)), now)) {
            context.commit(); // reports and alerts are visible to read_committed readers once this commits
        }
    }

    private long closeTime(WindowKey key) {
        return layout.current().endOf(key.windowStart()) + graceMs;
    }

    private void close(WindowKey key, long now, long wm) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Closing {} at partition watermarks {}", key, watermarks.snapshot());
        }
        WindowProfile profile = windowStore.get(key.encode());
        windowStore.delete(key.encode());
        openWindows.remove(key);
        featureCap.windowClosed(key, profile);
        long windowEnd = layout.current().endOf(key.windowStart());
        String versionKey = key.modelVersionKey();
        VersionProgress p = VersionProgress.decode(progress.get(versionKey));
        BaselineCatalog.Found found = baselines.find(key.modelId(), key.modelVersion());
        BaselineChoice choice = found == null ? null : new BaselineChoice(found.summaries(), found.fallback());
        WindowReport report = reports.build(key, profile, choice, p.lateEvents(), Instant.ofEpochMilli(now),
            publisher.significance());
        long baselineCreated = found != null && !found.fallback()
            ? found.summaries().profile().getCreatedAt().toEpochMilli() : p.lastBaseline();
        if (found != null && !found.fallback() && baselineCreated != p.lastBaseline()) {
            publisher.baselineSet(found.summaries().profile(), windowEnd);
        }

        WindowQuality q = windowQuality.get(key.encode());
        SegmentAccumulator segments = QualitySections.combined(profile.segments(), q == null ? null : q.segments());
        QualityBaseline reference = QualityReferences.ofReference(choice);
        report.setQuality(quality.quality(q, profile.events(), qualityReferences.judging(key, reference), null,
            config.labels().complete(windowEnd, wm)));
        report.setEstimatedQuality(quality.estimated(profile.estimator()));
        report.setSegments(quality.segments(segments));
        report.setFairness(quality.fairness(segments));
        conceptDrift.reportAndReset(versionKey).ifPresent(report::setConceptDrift);

        progress.put(versionKey, new VersionProgress(Math.max(p.lastClosedEnd(), windowEnd), 0, baselineCreated).encode());
        if (config.labels().enabled()) {
            reported.getForUpdate(key.encode(), () -> new ReportedWindow(report,
                profile.segments() == null ? null : profile.segments().toBytes(), reference, false));
        } else {
            windowQuality.delete(key.encode());
        }
        qualityReferences.track(key, report.getQuality());
        publisher.publish(report, codec.encode(profile.outputsOnly()), windowEnd);
        windowsClosed.increment();
        if (found == null || found.fallback()) {
            capture.windowClosed(key, profile, now, windowEnd);
        }
    }

    /**
     * Re-reports every closed window whose quality changed since its last report, or whose labels became complete
     * ({@code labels.complete.after}), and forgets windows past the horizon.
     */
    private void revise(long now) {
        long wm = watermarks.global(now);
        long horizonMs = config.labels().horizon().toMillis();
        // In window order: the rule engine judges a fingerprint's windows forward in time, so a revision of an older
        // window published after a newer one's would be dropped as out of order (the store's keys come unordered).
        List<WindowKey> keys = reported.keys().stream().map(WindowKey::decode)
            .sorted(Comparator.comparingLong(WindowKey::windowStart).thenComparing(WindowKey::modelVersionKey)).toList();
        for (WindowKey key : keys) {
            String k = key.encode();
            ReportedWindow window = reported.get(k);
            long windowEnd = layout.current().endOf(key.windowStart());
            Boolean complete = config.labels().complete(windowEnd, wm);
            if (window.changed() || QualitySections.completes(window.report().getQuality(), complete)) {
                WindowQuality q = windowQuality.get(k);
                WindowReport previous = window.report();
                // Late events are carried by the version's next first report, never repeated by a revision.
                WindowReport next = WindowReport.newBuilder(previous)
                    .setRevision(previous.getRevision() + 1)
                    .setEmittedAt(Instant.ofEpochMilli(now))
                    .setLateEventCount(0)
                    .build();
                SegmentAccumulator predictionSegments = window.predictionSegments() == null ? null
                    : SegmentAccumulator.fromBytes(window.predictionSegments());
                SegmentAccumulator segments = QualitySections.combined(predictionSegments, q == null ? null : q.segments());
                next.setQuality(quality.quality(q, previous.getEventCount(),
                    qualityReferences.judging(key, qualityReferences.ofRevision(key, window)), previous.getQuality(), complete));
                next.setSegments(quality.segments(segments));
                next.setFairness(quality.fairness(segments));
                reported.getForUpdate(k, () -> window).revised(next);
                qualityReferences.track(key, next.getQuality());
                publisher.publish(next, windowEnd);
            }
            if (wm != Long.MIN_VALUE && windowEnd + horizonMs < wm) {
                reported.delete(k);
                windowQuality.delete(k);
            }
        }
        if (wm != Long.MIN_VALUE) {
            retired.revisionsDone(wm, now);
        }
    }
}
