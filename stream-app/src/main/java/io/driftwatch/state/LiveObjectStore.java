package io.driftwatch.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * State store that keeps its values as live, mutable objects and writes them to a persistent,
 * changelogged key-value store only when Kafka Streams flushes before a commit.
 *
 * <p>Why not a plain key-value store: a window profile holds dozens of sketches, and serializing it
 * on every event (which is what {@code put} on any built-in store does, cached or not) would cost far
 * more than updating the sketches. Updating live objects and serializing each changed one once per
 * commit keeps the per-event cost at the sketch updates.
 *
 * <p>Why this is exactly-once safe: Kafka Streams flushes stores that implement
 * {@link CachedStateStore} before it flushes the task's producer and commits the transaction
 * ({@code StreamTask#prepareCommit}), the same hook its own record caches use. So the changelog
 * records of every profile change are in the same transaction as the input offsets that caused
 * it. After a crash the live objects are gone, and the profiles are read back from the restored
 * store. {@code CachedStateStore} lives in an internal package; the contract used here (flush
 * before commit) is the one the built-in caching stores rely on.
 */
public final class LiveObjectStore<V> implements StateStore, CachedStateStore<String, byte[]> {

    private final KeyValueStore<String, byte[]> inner;
    private final ObjectCodec<V> codec;
    private final Map<String, Slot<V>> live = new HashMap<>();
    // Slots changed since the last flush; a slot deleted meanwhile is no longer dirty and is skipped.
    private final List<Slot<V>> dirty = new ArrayList<>();

    /** A live object and whether it changed since the last flush: one map lookup per update, not three. */
    private static final class Slot<V> {
        final String key;
        final V value;
        boolean dirty;

        Slot(String key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    public LiveObjectStore(KeyValueStore<String, byte[]> inner, ObjectCodec<V> codec) {
        this.inner = inner;
        this.codec = codec;
    }

    /** The value of {@code key}, or null if none is stored. Changes to it must be announced with {@link #getForUpdate}. */
    public V get(String key) {
        Slot<V> slot = slot(key);
        return slot == null ? null : slot.value;
    }

    /** The value of {@code key}, created by {@code create} if absent, and marked as changed. */
    public V getForUpdate(String key, Supplier<V> create) {
        Slot<V> slot = slot(key);
        if (slot == null) {
            slot = new Slot<>(key, create.get());
            live.put(key, slot);
        }
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
        return slot.value;
    }

    private Slot<V> slot(String key) {
        Slot<V> slot = live.get(key);
        if (slot == null) {
            byte[] bytes = inner.get(key);
            if (bytes != null) {
                slot = new Slot<>(key, codec.decode(bytes));
                live.put(key, slot);
            }
        }
        return slot;
    }

    public void delete(String key) {
        Slot<V> slot = live.remove(key);
        if (slot != null) {
            slot.dirty = false;
        }
        inner.delete(key);
    }

    /** Every stored key, including ones not yet flushed. */
    public Set<String> keys() {
        Set<String> keys = new HashSet<>(live.keySet());
        try (KeyValueIterator<String, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                keys.add(kv.key);
            }
        }
        return keys;
    }

    @Override
    public void flushCache() {
        for (Slot<V> slot : dirty) {
            if (slot.dirty) {
                inner.put(slot.key, codec.encode(slot.value));
                slot.dirty = false;
            }
        }
        dirty.clear();
    }

    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        inner.init(context, root);
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return inner.getPosition();
    }
}
