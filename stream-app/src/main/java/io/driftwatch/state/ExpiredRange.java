package io.driftwatch.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes the keys of a time index that have passed their horizon, {@value #BATCH} at a time.
 *
 * <p>The keys are read first and deleted once the iterator is closed, as elsewhere in Driftwatch: Kafka Streams
 * promises an iterator safe from {@code ConcurrentModificationException}, not what it shows of a delete made while it
 * is open. Read all at once, they would all be on the heap together: when the stream time jumps (a backlog replayed,
 * a partition back from an outage), millions of entries can pass the horizon in one sweep. Each pass starts after the
 * last key of the one before, not at the range's start again, where the deleted keys would still be stepped over as
 * tombstones (in the record cache, and in RocksDB until a compaction).
 */
public final class ExpiredRange {

    /** Keys read and deleted per pass over the range. */
    public static final int BATCH = 10_000;

    private ExpiredRange() {
    }

    /**
     * Deletes every key of {@code store} from {@code from} to {@code to} (both inclusive, as {@link KeyValueStore#range}),
     * telling {@code deleted} each one after it is gone.
     */
    public static void delete(KeyValueStore<String, ?> store, String from, String to, Consumer<String> deleted) {
        List<String> keys = new ArrayList<>();
        String start = from;
        while (true) {
            keys.clear();
            try (KeyValueIterator<String, ?> it = store.range(start, to)) {
                while (it.hasNext() && keys.size() < BATCH) {
                    keys.add(it.next().key);
                }
            }
            for (String key : keys) {
                store.delete(key);
                deleted.accept(key);
            }
            if (keys.size() < BATCH) {
                return;
            }
            String last = keys.get(keys.size() - 1);
            if (last.equals(to)) {
                return; // a range from past its end is refused with a warning
            }
            start = last + '\u0000'; // the smallest key after the last one read
        }
    }
}
