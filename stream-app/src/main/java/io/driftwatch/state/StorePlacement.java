package io.driftwatch.state;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where a state store lives: on disk (RocksDB) when it grows with traffic, in memory when it is
 * bookkeeping bounded by the number of model versions or alert fingerprints.
 *
 * <p>Why not RocksDB for everything: a restart opens every RocksDB instance of every task, twice
 * after a clean stop (Kafka Streams opens the stores of every task directory it finds at start, then
 * again as the stream thread takes the task). With four input partitions and a store per processor
 * need, that was about a hundred instances, and stack samples of restarts spent most of the stream
 * thread's time in {@code RocksDB.open} (bench/RESULTS.md, "Faults"). A small store in memory costs
 * nothing to open; it is read back from its changelog at every start instead, which is quick as long
 * as the changelog stays compacted: hence {@link #SMALL_CHANGELOG}.
 *
 * <p>Exactly-once is the same either way: both are changelogged, and under exactly-once a crash
 * restores every store from its changelog anyway.
 */
public final class StorePlacement {

    /**
     * Changelog settings for in-memory stores: segments roll every ten minutes and the cleaner
     * compacts at 10% dirty, so a store updated every window restores in a few records per key
     * rather than every update since the topic was created. Applied when Kafka Streams creates the
     * changelog topic; an existing topic keeps its settings.
     */
    public static final Map<String, String> SMALL_CHANGELOG = Map.of(
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(10 * 60 * 1000L),
        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");

    private StorePlacement() {
    }

    /** A store that grows with traffic: RocksDB, or memory when {@code persistent} is false (tests). */
    public static KeyValueBytesStoreSupplier large(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /** A bookkeeping store bounded by model versions or fingerprints: always in memory. */
    public static KeyValueBytesStoreSupplier small(String name) {
        return Stores.inMemoryKeyValueStore(name);
    }
}
