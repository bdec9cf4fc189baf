package io.driftwatch.topology;

import io.driftwatch.baseline.BaselineCatalog;
import io.driftwatch.config.DriftwatchConfig.LabelSettings;
import io.driftwatch.performance.BaselineQualityTracker;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.report.BaselineChoice;
import io.driftwatch.report.QualityBaseline;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.ReferenceProfile;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality a window's figures are judged against, with the labels it rests on: its reference profile's quality
 * when the reference has one, else the quality of its version's first labelled windows
 * ({@code labels.baseline.windows}), tracked here as windows are reported and revised.
 */
final class QualityReferences {

    private static final Logger LOG = LoggerFactory.getLogger(QualityReferences.class);

    private final KeyValueStore<String, byte[]> trackers;
    private final BaselineCatalog baselines;
    private final LabelSettings labels;

    QualityReferences(KeyValueStore<String, byte[]> trackers, BaselineCatalog baselines, LabelSettings labels) {
        this.trackers = trackers;
        this.baselines = baselines;
        this.labels = labels;
    }

    /** The quality figures of the reference a window is compared with, with their labels; NONE when it has none. */
    static QualityBaseline ofReference(BaselineChoice choice) {
        if (choice == null || choice.summaries().profile().getBaselineQuality().isEmpty()) {
            return QualityBaseline.NONE;
        }
        ReferenceProfile reference = choice.summaries().profile();
        return QualityBaseline.ofReference(reference.getBaselineQuality(), reference.getBaselineQualityCount());
    }

    /**
     * The reference quality a revision of a window is judged against: the one its first report was, which the report's
     * baseline section names. A window kept by a release that did not record it is judged against its version's
     * current reference, as that release did.
     */
    QualityBaseline ofRevision(WindowKey key, ReportedWindow window) {
        if (window.referenceQuality() != null) {
            return window.referenceQuality();
        }
        BaselineCatalog.Found found = baselines.find(key.modelId(), key.modelVersion());
        return ofReference(found == null ? null : new BaselineChoice(found.summaries(), found.fallback()));
    }

    /** The reference's quality figures when it has them, else those of the first labelled windows; with their labels. */
    QualityBaseline judging(WindowKey key, QualityBaseline reference) {
        if (!reference.metrics().isEmpty()) {
            return reference;
        }
        byte[] tracker = trackers.get(key.modelVersionKey());
        if (tracker == null) {
            return QualityBaseline.NONE;
        }
        BaselineQualityTracker tracked = BaselineQualityTracker.fromBytes(tracker);
        return tracked.baseline().map(b -> new QualityBaseline(b, tracked.labelledCount())).orElse(QualityBaseline.NONE);
    }

    /** Offers a window's quality, first reported or revised, to its version's first-labelled-windows baseline. */
    void track(WindowKey key, QualityReport q) {
        if (q == null) {
            return;
        }
        String versionKey = key.modelVersionKey();
        byte[] bytes = trackers.get(versionKey);
        BaselineQualityTracker tracker = bytes == null
            ? new BaselineQualityTracker(labels.baselineWindows(), labels.baselineMinLabelled())
            : BaselineQualityTracker.fromBytes(bytes);
        BaselineQualityTracker.Offer offer = tracker.offer(key.windowStart(), q.getLabelledCount(), q.getMetrics());
        if (offer == BaselineQualityTracker.Offer.IGNORED) {
            return;
        }
        if (offer == BaselineQualityTracker.Offer.FIXED) {
            LOG.info("Baseline quality of {} fixed from its first labelled windows ({} labels so far; their late labels"
                + " will revise it): {}", versionKey, tracker.labelledCount(), tracker.baseline().orElseThrow());
        }
        trackers.put(versionKey, tracker.toBytes());
    }
}
