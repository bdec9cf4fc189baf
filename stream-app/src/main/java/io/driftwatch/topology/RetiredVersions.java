package io.driftwatch.topology;

import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.state.LiveObjectStore;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds the model versions that went silent (retired, rolled back, replaced) for the merge stage, so that
 * {@link ReportPublisher#resolveSilentVersions} resolves their firing alerts, which no report would ever resolve.
 * A version is silent once its newest window ended a label horizon before the watermark and none of its windows
 * can be revised any more: with labels, checked after each revision pass has forgotten the windows past the
 * horizon, so that no revision can follow the RESOLVED; without labels, nothing is revised, and it is checked
 * once per window of watermark progress.
 */
final class RetiredVersions {

    private final ReportPublisher publisher;
    private final KeyValueStore<String, byte[]> progress;
    private final LiveObjectStore<ReportedWindow> reported;
    private final AgreedWindowLayout layout;
    private final long horizonMs;
    // The start of the watermark's window at the last check without labels.
    private long checkedAt = Long.MIN_VALUE;

    /** @param reported the windows kept for revisions, null when labels are off */
    RetiredVersions(ReportPublisher publisher, KeyValueStore<String, byte[]> progress,
                    LiveObjectStore<ReportedWindow> reported, AgreedWindowLayout layout, long horizonMs) {
        this.publisher = publisher;
        this.progress = progress;
        this.reported = reported;
        this.layout = layout;
        this.horizonMs = horizonMs;
    }

    /** After the watermark moved: checks without labels, once per window of progress. */
    void watermarkMoved(long watermark, long now) {
        if (reported != null) {
            return;
        }
        long window = layout.current().startOf(watermark);
        if (window != checkedAt) {
            checkedAt = window;
            resolve(watermark, now, Set.of());
        }
    }

    /** After a revision pass has forgotten the windows past the horizon. */
    void revisionsDone(long watermark, long now) {
        resolve(watermark, now, revisable());
    }

    /**
     * Whether a version ("model/version") is silent by {@code watermark}, as the checks find it; none is while the
     * watermark is unknown ({@link Long#MIN_VALUE}).
     */
    java.util.function.Predicate<String> silentBy(long watermark) {
        return silentBy(watermark, reported == null ? Set.of() : revisable());
    }

    /** The rule: the newest window ended a label horizon before the watermark, and none of its windows is revisable. */
    private java.util.function.Predicate<String> silentBy(long watermark, Set<String> revisable) {
        return v -> {
            long last = lastWindowEnd(v, revisable);
            return last != Long.MIN_VALUE && last + horizonMs < watermark;
        };
    }

    private Set<String> revisable() {
        Set<String> revisable = new HashSet<>();
        for (String k : reported.keys()) {
            revisable.add(WindowKey.decode(k).modelVersionKey());
        }
        return revisable;
    }

    private long lastWindowEnd(String version, Set<String> revisable) {
        return revisable.contains(version) ? Long.MIN_VALUE : VersionProgress.decode(progress.get(version)).lastClosedEnd();
    }

    private void resolve(long watermark, long now, Set<String> revisable) {
        publisher.resolveSilentVersions(v -> lastWindowEnd(v, revisable), silentBy(watermark, revisable), now);
    }
}
