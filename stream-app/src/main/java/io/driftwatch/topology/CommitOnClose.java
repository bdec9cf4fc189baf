package io.driftwatch.topology;

/**
 * Whether a window that has just closed is worth a commit of its own, before the commit interval
 * asks for one.
 *
 * <p>Partials reach the merge stage, and reports and alerts reach {@code read_committed} readers,
 * only when a transaction commits, so a stage that closes a window asks Kafka Streams to commit at
 * once: in a live stream an alert then waits for no commit interval. The comparison stage does the
 * same when it judges a window's reports, for its decisions. A monitor replaying a backlog
 * (after an outage, or started behind its topics) closes windows many times a second of wall-clock
 * time, and a commit for each is one more transaction (markers on every output partition, every
 * changelog flushed) for alerts that are late already. So a window that closes more than one window
 * length after its close time (end + grace) by the wall clock is taken for a replay, and waits for
 * the interval's commit: its alert comes at most one interval later than it would have. A live
 * stream whose events arrive less than a window length late keeps the commit on every close, and
 * asks for at most about one per window length.
 *
 * @param windowSizeMs the tumbling window's length
 */
public record CommitOnClose(long windowSizeMs) {

    public CommitOnClose {
        if (windowSizeMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, was " + windowSizeMs);
        }
    }

    /**
     * @param closeTimeMs when the window was due to close by event time: its end plus grace
     * @param nowMs       the wall clock now
     */
    public boolean worthCommitting(long closeTimeMs, long nowMs) {
        return nowMs - closeTimeMs <= windowSizeMs;
    }
}
