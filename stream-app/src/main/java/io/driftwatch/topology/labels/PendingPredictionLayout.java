package io.driftwatch.topology.labels;

import java.time.Duration;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier;

/**
 * Where the label join keeps a prediction waiting for its outcome: under its id, at the start of the bucket
 * its event time falls in, in a window store whose segments are the buckets.
 *
 * <p>An outcome does not know its prediction's event time, only that it lies within the span (the label
 * horizon plus a window) before the stream time. Keyed by the event time itself, the prediction could be found
 * only by seeking in every segment of the store: an iterator per segment, which RocksDB builds over every
 * file of the segment, the join's largest cost per outcome (bench/RESULTS.md, issue #14). Keyed by its bucket,
 * it is found by a point lookup in each of the two or three buckets the span covers; RocksDB answers a lookup
 * for an absent id from its files' Bloom filters, and one for a bucket with no segment costs nothing. The
 * event time itself is kept in the value ({@link PendingPredictionCodec}).
 *
 * <p>The bucket width is Kafka Streams' default segment interval for a store retained for the span,
 * {@code max(span / 2, 1 minute)} ({@code Stores.persistentWindowStore}), so a store written by the older
 * layout, keyed by event time and retained for the span, has the same segments and is read on. The retention
 * is the span plus a bucket: a prediction is stored up to a bucket before its event time and must stay until
 * the stream time passes its event time plus the span.
 */
public record PendingPredictionLayout(long spanMs, long bucketMs) {

    public PendingPredictionLayout {
        if (spanMs < 1 || bucketMs < 1) {
            throw new IllegalArgumentException("span and bucket must be positive: " + spanMs + ", " + bucketMs);
        }
    }

    public static PendingPredictionLayout of(Duration horizon, Duration windowSize) {
        long span = horizon.plus(windowSize).toMillis();
        return new PendingPredictionLayout(span, Math.max(span / 2, 60_000L));
    }

    /** The start of the bucket holding predictions of this event time: the timestamp they are stored at. */
    public long bucketOf(long eventTime) {
        return Math.floorDiv(eventTime, bucketMs) * bucketMs;
    }

    /** The earliest event time of a prediction an outcome joins at this stream time. */
    public long reachFrom(long streamTime) {
        return streamTime - spanMs;
    }

    public long retentionMs() {
        return spanMs + bucketMs;
    }

    /** The window store: one segment per bucket, retained for {@link #retentionMs()}. */
    public WindowBytesStoreSupplier supplier(String name, boolean persistent) {
        if (!persistent) {
            return Stores.inMemoryWindowStore(name, Duration.ofMillis(retentionMs()), Duration.ofMillis(1), false);
        }
        // Stores.persistentWindowStore derives the segment interval from the retention, which is now longer than
        // the span; the supplier it calls takes the interval, so the segments stay one bucket each.
        return new RocksDbWindowBytesStoreSupplier(name, retentionMs(), bucketMs, 1, false,
            RocksDbWindowBytesStoreSupplier.WindowStoreTypes.DEFAULT_WINDOW_STORE);
    }
}
