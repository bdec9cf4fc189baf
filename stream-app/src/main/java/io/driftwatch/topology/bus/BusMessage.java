package io.driftwatch.topology.bus;

import io.driftwatch.profile.WindowKey;

/**
 * What the partition-local first stage sends to the per-model second stage over the internal
 * "model bus" topic (keyed by model id). Partial windows go to their model's partition; watermarks
 * go to every partition, so each second-stage task knows how far every first-stage partition has
 * progressed and can close a window once all of them are past it.
 */
public sealed interface BusMessage {

    /** Identity of the first-stage task that sent the message, e.g. {@code predictions-3}. */
    String source();

    /** A window's profile as one input partition saw it, sent once when that partition closes the window. */
    record PartialWindow(String source, WindowKey window, byte[] profile) implements BusMessage {}

    /**
     * Event-time progress of one input partition: every window ending at or before
     * {@code watermark − grace} has been sent. {@link Long#MIN_VALUE} means no data yet.
     */
    record Watermark(String source, long watermark) implements BusMessage {}

    /** Events of one model version that arrived after their window had already closed in the first stage. */
    record LateEvents(String source, String modelId, String modelVersion, long count) implements BusMessage {}

    /** Quality of a window's predictions whose labels were joined since the label-join stage last sent one. */
    record QualityDelta(String source, WindowKey window, byte[] quality) implements BusMessage {}

    /**
     * Input records sent to the dead letters by one input partition in one window of wall-clock time,
     * counted by {@code topic/reason}; recorded in the system audit chain.
     */
    record RejectSummary(String source, long windowStart, long windowEnd, java.util.Map<String, Long> counts)
        implements BusMessage {}

    /** Per-prediction errors of one model version, in label-arrival order, for the concept-drift detectors. */
    record ErrorBatch(String source, String modelId, String modelVersion, boolean regression, double[] errors)
        implements BusMessage {}
}
