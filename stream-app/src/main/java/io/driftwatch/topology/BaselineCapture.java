package io.driftwatch.topology;

import io.driftwatch.baseline.BaselineCatalog;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.config.DriftwatchConfig.BaselineSettings;
import io.driftwatch.config.DriftwatchConfig.CapturePolicy;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.ReferenceProfile;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A baseline for a model version that has none, captured from its own first traffic as {@code baseline.capture}
 * says: its first window, or its first {@code baseline.capture.min.events} events over as many windows as they take
 * (their merged profile waits in a store until then). The captured reference is kept in the catalog, recorded in the
 * audit chain, and forwarded to the baselines topic, in the transaction of the window that completed it.
 */
final class BaselineCapture {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineCapture.class);

    private final BaselineSettings settings;
    private final BaselineCatalog baselines;
    private final KeyValueStore<String, byte[]> pending;
    private final KeyValueStore<String, byte[]> progress;
    private final ReportPublisher publisher;
    private final ProcessorContext<String, MergeOutput> context;
    private final WindowProfileCodec codec = new WindowProfileCodec();

    BaselineCapture(BaselineSettings settings, BaselineCatalog baselines, KeyValueStore<String, byte[]> pending,
                    KeyValueStore<String, byte[]> progress, ReportPublisher publisher,
                    ProcessorContext<String, MergeOutput> context) {
        this.settings = settings;
        this.baselines = baselines;
        this.pending = pending;
        this.progress = progress;
        this.publisher = publisher;
        this.context = context;
    }

    /** A closed window of a version compared with no baseline of its own (none, or the fallback's). */
    void windowClosed(WindowKey key, WindowProfile profile, long now, long windowEnd) {
        CapturePolicy policy = settings.capture();
        if (policy == CapturePolicy.OFF || baselines.own(key.modelId(), key.modelVersion()) != null) {
            return;
        }
        String versionKey = key.modelVersionKey();
        WindowProfile source = profile;
        String description = "captured from window starting " + Instant.ofEpochMilli(key.windowStart());
        if (policy == CapturePolicy.FIRST_N_EVENTS) {
            byte[] waiting = pending.get(versionKey);
            if (waiting != null) {
                source = codec.decode(waiting);
                source.merge(profile);
            }
            description = "captured from the first " + source.events() + " events, up to window ending "
                + Instant.ofEpochMilli(windowEnd);
        }
        if (source.events() < settings.captureMinEvents()) {
            if (policy == CapturePolicy.FIRST_N_EVENTS) {
                pending.put(versionKey, codec.encode(source));
            }
            return;
        }
        pending.delete(versionKey);
        ReferenceProfile captured = ReferenceProfileFactory.fromProfile(key.modelId(), key.modelVersion(), source,
            BaselineSource.CAPTURED, description, Instant.ofEpochMilli(now), Map.of());
        baselines.putCaptured(captured);
        VersionProgress p = VersionProgress.decode(progress.get(versionKey));
        progress.put(versionKey, new VersionProgress(p.lastClosedEnd(), p.lateEvents(), now).encode());
        publisher.baselineSet(captured, windowEnd);
        LOG.info("Captured a baseline for {} from {} events ({})", versionKey, source.events(), description);
        context.forward(new Record<>(versionKey, new MergeOutput.CapturedBaseline(captured), windowEnd));
    }
}
