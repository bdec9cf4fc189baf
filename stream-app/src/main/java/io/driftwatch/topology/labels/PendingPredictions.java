package io.driftwatch.topology.labels;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The label join's predictions waiting for their outcome, kept as {@link PendingPredictionLayout} says: one
 * entry per prediction id and bucket, the earliest copy of the prediction or its joined marker.
 *
 * <p>A prediction sent again (a producer retry, or a copy with another event time) keeps the earliest copy
 * in its bucket; an outcome looks in every bucket it reaches and takes a joined marker if there is one (the
 * outcome is a duplicate), else the earliest copy, so an id is joined once and which copy is joined does not
 * depend on the order the copies came in. Entries whose event time is out of the outcome's reach (more than
 * the span before the stream time) are not joined, as with the older layout. One difference from that layout,
 * which kept every copy: a later copy in the bucket of an earlier one is not kept, so once the earlier copy has
 * left the reach the later one is not joined either.
 *
 * <p>A store written by the older layout (keyed by event time) is still read: its entries are not in any
 * bucket's slot, so until the stream time passes the newest of them by the span, an outcome seeks across the
 * store as before. Whether the store holds such entries is decided once, when the join first sees it, and
 * kept in the join's bookkeeping store under {@link #LAYOUT_KEY}: a store that is empty then, or that came
 * after this layout, never seeks. The same holds for entries kept in buckets of another width: the width
 * follows {@code labels.horizon} and {@code window.size}, and a change of either between runs would otherwise
 * leave every prediction waiting at the change out of its outcome's lookups (their labels lost). So the record
 * also names the width its entries were written with; when it differs from this layout's, outcomes seek
 * across the store, from a bucket of the older width before their reach, until the stream time has passed
 * the newest entry of that width by the span. (A RocksDB store whose segments were cut at the older width is
 * rebuilt from its changelog before Kafka Streams starts, {@code PendingPredictionSegments}: its segments
 * that the new width does not align with would not be opened.)
 *
 * <p>The store's keys are {@link PredictionIdCodec}'s bytes, encoded once per record here.
 */
final class PendingPredictions {

    /** In the outcome-expiry store, whose own keys begin with digits: no expiry scan reaches it. */
    static final String LAYOUT_KEY = "~pending-predictions-layout";

    /** What an outcome found under its prediction id's key: a prediction waiting, or the marker of one joined already. */
    record Found(Bytes key, long storedAt, long eventTime, byte[] value, boolean joined) {}

    private final WindowStore<Bytes, byte[]> store;
    private final KeyValueStore<String, byte[]> bookkeeping;
    private final PendingPredictionLayout layout;
    private final PendingPredictionCodec codec;
    /** The newest bucket in the store: after a restart, stored predictions may be newer than the stream time. */
    private long newestBucket;
    /** The stream time until which the store may hold entries of an older layout that an outcome reaches. */
    private final long olderLayoutUntil;
    /** How far before its event time an entry of an older layout may be stored: 0 by event time, else its bucket width less 1 ms. */
    private final long olderReachBackMs;
    private boolean layoutRecorded;

    PendingPredictions(WindowStore<Bytes, byte[]> store, KeyValueStore<String, byte[]> bookkeeping,
                       PendingPredictionLayout layout, PendingPredictionCodec codec) {
        this.store = store;
        this.bookkeeping = bookkeeping;
        this.layout = layout;
        this.codec = codec;
        Long newest = newestTimestamp(store);
        this.newestBucket = newest == null ? Long.MIN_VALUE : layout.bucketOf(newest);
        RecordedLayout recorded = RecordedLayout.read(bookkeeping.get(LAYOUT_KEY));
        if (recorded == null) {
            // First seen by this layout: whatever it holds was written by the older one, stored at event times
            // up to the end of its newest segment.
            this.olderLayoutUntil = newest == null ? Long.MIN_VALUE
                : newestBucket + layout.bucketMs() + layout.spanMs();
            this.olderReachBackMs = 0;
            this.layoutRecorded = false;
        } else if (recorded.bucketMs() != RecordedLayout.UNKNOWN && recorded.bucketMs() != layout.bucketMs()
                   && newest != null) {
            // Written in buckets of another width: stored up to a bucket of that width before their event times,
            // which reach up to the end of the newest such bucket.
            this.olderLayoutUntil = Math.max(recorded.olderLayoutUntil(), newest + recorded.bucketMs() + layout.spanMs());
            this.olderReachBackMs = Math.max(recorded.olderReachBackMs(), recorded.bucketMs() - 1);
            this.layoutRecorded = false;
        } else {
            this.olderLayoutUntil = recorded.olderLayoutUntil();
            this.olderReachBackMs = recorded.olderReachBackMs();
            this.layoutRecorded = recorded.bucketMs() == layout.bucketMs();
        }
    }

    /** Whether a prediction of this event time would be stored in a bucket after the newest in use, at this stream time. */
    boolean inANewBucket(long eventTime, long streamTime) {
        return layout.bucketOf(eventTime) > Math.max(newestBucket, layout.bucketOf(streamTime));
    }

    /** Keeps this copy of the prediction unless its bucket holds the id joined, or an earlier copy, in reach. */
    void offer(JoinInput.PredictionFacts p, long streamTime) {
        recordLayout();
        long bucket = layout.bucketOf(p.eventTime());
        Bytes key = key(p.predictionId());
        byte[] there = store.fetch(key, bucket);
        if (there != null) {
            long thereTime = codec.eventTime(bucket, there);
            boolean inReach = thereTime >= layout.reachFrom(streamTime);
            if (inReach && (PendingPredictionCodec.isJoined(there) || thereTime <= p.eventTime())) {
                return;
            }
        }
        store.put(key, codec.encode(p, bucket), bucket);
        newestBucket = Math.max(newestBucket, bucket);
    }

    /**
     * The entry an outcome at this stream time joins: a joined marker if the id was joined (the outcome is a
     * duplicate), else the earliest waiting copy; null if none is in reach.
     */
    Found find(String predictionId, long streamTime) {
        recordLayout();
        long from = layout.reachFrom(streamTime);
        Bytes key = key(predictionId);
        Found earliest = null;
        if (streamTime < olderLayoutUntil) {
            long earliestStored = Math.min(layout.bucketOf(from), from - olderReachBackMs);
            try (WindowStoreIterator<byte[]> it = store.fetch(key, earliestStored, Long.MAX_VALUE)) {
                while (it.hasNext()) {
                    KeyValue<Long, byte[]> entry = it.next();
                    Found f = inReach(key, entry.key, entry.value, from);
                    if (f != null && f.joined()) {
                        return f;
                    }
                    earliest = earlier(earliest, f);
                }
            }
            return earliest;
        }
        long newest = Math.max(layout.bucketOf(streamTime), newestBucket);
        // Older buckets than two before the newest are past the store's retention.
        for (long bucket = Math.max(layout.bucketOf(from), newest - 2 * layout.bucketMs()); bucket <= newest;
             bucket += layout.bucketMs()) {
            byte[] value = store.fetch(key, bucket);
            Found f = value == null ? null : inReach(key, bucket, value, from);
            if (f != null && f.joined()) {
                return f;
            }
            earliest = earlier(earliest, f);
        }
        return earliest;
    }

    JoinInput.PredictionFacts decode(String predictionId, Found found) {
        return codec.decode(predictionId, found.storedAt(), found.value());
    }

    /** Replaces what was found with the joined marker. */
    void markJoined(Found found) {
        store.put(found.key(), codec.joined(found.eventTime(), found.storedAt()), found.storedAt());
    }

    /** Marks a prediction joined as it comes, its outcome having waited for it. */
    void markJoined(JoinInput.PredictionFacts p) {
        recordLayout();
        long bucket = layout.bucketOf(p.eventTime());
        store.put(key(p.predictionId()), codec.joined(p.eventTime(), bucket), bucket);
        newestBucket = Math.max(newestBucket, bucket);
    }

    private Found inReach(Bytes key, long storedAt, byte[] value, long from) {
        long eventTime = codec.eventTime(storedAt, value);
        return eventTime < from ? null : new Found(key, storedAt, eventTime, value, PendingPredictionCodec.isJoined(value));
    }

    private static Bytes key(String predictionId) {
        return Bytes.wrap(PredictionIdCodec.encode(predictionId));
    }

    private static Found earlier(Found a, Found b) {
        return a == null || b != null && b.eventTime() < a.eventTime() ? b : a;
    }

    /** Written with the first record the join processes, when the store's changelog can take it. */
    private void recordLayout() {
        if (!layoutRecorded) {
            bookkeeping.put(LAYOUT_KEY, new RecordedLayout(olderLayoutUntil, olderReachBackMs, layout.bucketMs()).bytes());
            layoutRecorded = true;
        }
    }

    /**
     * What {@link #LAYOUT_KEY} holds: until when outcomes seek, how far before its event time an older entry may be
     * stored, and the bucket width the store's entries are written with since. The first form held only the first
     * (8 bytes), written by a build whose width is taken to be this one's.
     */
    record RecordedLayout(long olderLayoutUntil, long olderReachBackMs, long bucketMs) {

        /** The width of the first form, taken to be this build's; the record is then written again in the second. */
        static final long UNKNOWN = 0;

        static RecordedLayout read(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            return bytes.length == Long.BYTES ? new RecordedLayout(in.getLong(), 0, UNKNOWN)
                : new RecordedLayout(in.getLong(), in.getLong(), in.getLong());
        }

        byte[] bytes() {
            return ByteBuffer.allocate(3 * Long.BYTES).putLong(olderLayoutUntil).putLong(olderReachBackMs).putLong(bucketMs)
                .array();
        }
    }

    /** The timestamp of an entry in the store's newest segment, whose bucket is the newest; null if empty. */
    private static Long newestTimestamp(WindowStore<Bytes, byte[]> store) {
        try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.backwardAll()) {
            return it.hasNext() ? it.next().key.window().start() : null;
        }
    }
}
