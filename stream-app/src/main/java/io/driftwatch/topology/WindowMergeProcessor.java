package io.driftwatch.topology;

import io.driftwatch.baseline.BaselineCatalog;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig.BaselineSettings;
import io.driftwatch.config.DriftwatchConfig.CapturePolicy;
import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.report.BaselineChoice;
import io.driftwatch.report.WindowReportBuilder;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage: merges the partial profiles of every input partition per model version and window,
 * and closes a window once every input partition's watermark has passed its end plus grace. A
 * closed window is compared with its baseline and reported; a version without a baseline gets one
 * captured from its first window(s) if the capture policy says so.
 *
 * <p>Input partitions that have sent no heartbeat for {@code 3 × idle timeout} of wall-clock time
 * (their task is stalled or being moved) stop holding windows open; a partial that arrives for a
 * window already reported is counted as late events of the version's next report.
 */
public final class WindowMergeProcessor implements Processor<String, BusMessage, String, MergeOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(WindowMergeProcessor.class);

    private final TopologyStores stores;
    private final WindowSettings windows;
    private final BaselineSettings baselineSettings;
    private final WindowReportBuilder reports;
    private final MeterRegistry metrics;
    private final WindowProfileCodec codec = new WindowProfileCodec();

    private ProcessorContext<String, MergeOutput> context;
    private LiveObjectStore<WindowProfile> windowStore;
    private KeyValueStore<String, Long> watermarks;
    private KeyValueStore<String, byte[]> progress;
    private KeyValueStore<String, byte[]> pendingBaselines;
    private BaselineCatalog baselines;
    private final Map<String, Long> lastHeard = new HashMap<>();
    private Counter lateCounter;
    private Counter windowsClosed;

    public WindowMergeProcessor(TopologyStores stores, WindowSettings windows, BaselineSettings baselineSettings,
                                WindowReportBuilder reports, MeterRegistry metrics) {
        this.stores = stores;
        this.windows = windows;
        this.baselineSettings = baselineSettings;
        this.reports = reports;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, MergeOutput> context) {
        this.context = context;
        this.windowStore = context.getStateStore(stores.mergedWindows());
        this.watermarks = context.getStateStore(stores.sourceWatermarks());
        this.progress = context.getStateStore(stores.versionProgress());
        this.pendingBaselines = context.getStateStore(stores.pendingBaselines());
        ReadOnlyKeyValueStore<String, ReferenceProfile> published = context.getStateStore(stores.publishedBaselines());
        KeyValueStore<String, ReferenceProfile> captured = context.getStateStore(stores.capturedBaselines());
        this.baselines = new BaselineCatalog(published, captured);
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, Long> it = watermarks.all()) {
            // After a restart, give every known partition a fresh chance to report before it counts as stalled.
            it.forEachRemaining(kv -> lastHeard.put(kv.key, now));
        }
        this.lateCounter = Counter.builder("driftwatch_late_events")
            .description("Prediction events that arrived after their window had closed")
            .tag("stage", "merge")
            .register(metrics);
        this.windowsClosed = Counter.builder("driftwatch_windows_evaluated")
            .description("Windows closed, compared with their baseline and reported")
            .register(metrics);
        context.schedule(windows.heartbeatInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeReady);
    }

    @Override
    public void process(Record<String, BusMessage> record) {
        BusMessage message = record.value();
        if (message instanceof BusMessage.PartialWindow partial) {
            mergePartial(partial);
        } else if (message instanceof BusMessage.Watermark wm) {
            Long previous = watermarks.get(wm.source());
            if (previous == null || wm.watermark() > previous) {
                watermarks.put(wm.source(), wm.watermark());
            }
            lastHeard.put(wm.source(), context.currentSystemTimeMs());
            closeReady(context.currentSystemTimeMs());
        } else if (message instanceof BusMessage.LateEvents late) {
            addLate(late.modelId(), late.modelVersion(), late.count());
        }
    }

    private void mergePartial(BusMessage.PartialWindow partial) {
        WindowKey key = partial.window();
        WindowProfile incoming = codec.decode(partial.profile());
        VersionProgress p = VersionProgress.decode(progress.get(key.modelVersionKey()));
        if (key.windowStart() + windows.size().toMillis() <= p.lastClosedEnd()) {
            LOG.debug("Partial of {} from {} arrived after the window was reported; counting {} late events",
                key, partial.source(), incoming.events());
            addLate(key.modelId(), key.modelVersion(), incoming.events());
            return;
        }
        windowStore.getForUpdate(key.encode(), () -> new WindowProfile(incoming.settings())).merge(incoming);
    }

    private void addLate(String modelId, String modelVersion, long count) {
        lateCounter.increment(count);
        String k = BaselineCatalog.key(modelId, modelVersion);
        VersionProgress p = VersionProgress.decode(progress.get(k));
        progress.put(k, new VersionProgress(p.lastClosedEnd(), p.lateEvents() + count).encode());
    }

    /** Event time up to which every live input partition has sent its partial windows. */
    private long globalWatermark(long now) {
        long stallMs = 3 * windows.idleTimeout().toMillis();
        long min = Long.MAX_VALUE;
        boolean any = false;
        try (KeyValueIterator<String, Long> it = watermarks.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                if (kv.value == Long.MIN_VALUE) {
                    continue; // a partition without data holds nothing back
                }
                Long heard = lastHeard.get(kv.key);
                if (heard != null && now - heard > stallMs) {
                    continue;
                }
                any = true;
                min = Math.min(min, kv.value);
            }
        }
        return any ? min : Long.MIN_VALUE;
    }

    private void closeReady(long now) {
        long wm = globalWatermark(now);
        if (wm == Long.MIN_VALUE) {
            return;
        }
        long sizeMs = windows.size().toMillis();
        long graceMs = windows.grace().toMillis();
        List<WindowKey> ready = new ArrayList<>();
        for (String k : windowStore.keys()) {
            WindowKey key = WindowKey.decode(k);
            if (key.windowStart() + sizeMs + graceMs <= wm) {
                ready.add(key);
            }
        }
        ready.sort(Comparator.comparingLong(WindowKey::windowStart));
        for (WindowKey key : ready) {
            close(key, now);
        }
    }

    private void close(WindowKey key, long now) {
        WindowProfile profile = windowStore.get(key.encode());
        windowStore.delete(key.encode());
        String versionKey = key.modelVersionKey();
        VersionProgress p = VersionProgress.decode(progress.get(versionKey));
        BaselineCatalog.Found found = baselines.find(key.modelId(), key.modelVersion());
        BaselineChoice choice = found == null ? null : new BaselineChoice(found.summaries(), found.fallback());
        WindowReport report = reports.build(key, profile, choice, p.lateEvents(), Instant.ofEpochMilli(now));
        long windowEnd = key.windowStart() + windows.size().toMillis();
        progress.put(versionKey, new VersionProgress(Math.max(p.lastClosedEnd(), windowEnd), 0).encode());
        context.forward(new Record<>(versionKey, new MergeOutput.Report(report), windowEnd));
        windowsClosed.increment();
        if (found == null || found.fallback()) {
            maybeCapture(key, profile, now, windowEnd);
        }
    }

    private void maybeCapture(WindowKey key, WindowProfile profile, long now, long windowEnd) {
        CapturePolicy policy = baselineSettings.capture();
        if (policy == CapturePolicy.OFF || baselines.own(key.modelId(), key.modelVersion()) != null) {
            return;
        }
        String versionKey = key.modelVersionKey();
        WindowProfile source = profile;
        String description = "captured from window starting " + Instant.ofEpochMilli(key.windowStart());
        if (policy == CapturePolicy.FIRST_N_EVENTS) {
            byte[] pending = pendingBaselines.get(versionKey);
            if (pending != null) {
                source = codec.decode(pending);
                source.merge(profile);
            }
            description = "captured from the first " + source.events() + " events, up to window ending "
                + Instant.ofEpochMilli(windowEnd);
        }
        if (source.events() < baselineSettings.captureMinEvents()) {
            if (policy == CapturePolicy.FIRST_N_EVENTS) {
                pendingBaselines.put(versionKey, codec.encode(source));
            }
            return;
        }
        pendingBaselines.delete(versionKey);
        ReferenceProfile captured = ReferenceProfileFactory.fromProfile(key.modelId(), key.modelVersion(), source,
            BaselineSource.CAPTURED, description, Instant.ofEpochMilli(now), Map.of());
        baselines.putCaptured(captured);
        LOG.info("Captured a baseline for {} from {} events ({})", versionKey, source.events(), description);
        context.forward(new Record<>(versionKey, new MergeOutput.CapturedBaseline(captured), windowEnd));
    }
}
