package io.driftwatch.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes the keys of a time index that have passed their horizon, {@value #BATCH} at a time.
 *
 * <p>A store cannot be changed while one of its iterators is open, so the keys are read first and deleted after.
 * Read all at once, they would all be on the heap together: when the stream time jumps (a backlog replayed, a
 * partition back from an outage), millions of entries can pass the horizon in one sweep.
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
        do {
            keys.clear();
            try (KeyValueIterator<String, ?> it = store.range(from, to)) {
                while (it.hasNext() && keys.size() < BATCH) {
                    keys.add(it.next().key);
                }
            }
            for (String key : keys) {
                store.delete(key);
                deleted.accept(key);
            }
        } while (keys.size() == BATCH);
    }
}
