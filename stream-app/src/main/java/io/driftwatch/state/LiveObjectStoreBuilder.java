package io.driftwatch.state;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds a {@link LiveObjectStore} over a changelogged key-value store (RocksDB, or in memory for tests). */
public final class LiveObjectStoreBuilder<V> implements StoreBuilder<LiveObjectStore<V>> {

    private final StoreBuilder<KeyValueStore<String, byte[]>> inner;
    private final ObjectCodec<V> codec;
    private final LiveObjectBudget budget;

    /** A store that keeps every object decoded until it is deleted: for small bookkeeping. */
    public LiveObjectStoreBuilder(String name, boolean persistent, ObjectCodec<V> codec) {
        this(name, persistent, codec, LiveObjectBudget.UNBOUNDED);
    }

    /** @param budget shared by the stores of an instance: what they keep decoded while it is not in use */
    public LiveObjectStoreBuilder(String name, boolean persistent, ObjectCodec<V> codec, LiveObjectBudget budget) {
        this.codec = codec;
        this.budget = budget;
        this.inner = Stores.keyValueStoreBuilder(
                persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray())
            // The live objects are this store's cache; a byte cache beneath it would only copy.
            .withCachingDisabled();
    }

    @Override
    public StoreBuilder<LiveObjectStore<V>> withCachingEnabled() {
        throw new UnsupportedOperationException("LiveObjectStore caches live objects itself");
    }

    @Override
    public StoreBuilder<LiveObjectStore<V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<LiveObjectStore<V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<LiveObjectStore<V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public LiveObjectStore<V> build() {
        return new LiveObjectStore<>(inner.build(), codec, budget);
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
