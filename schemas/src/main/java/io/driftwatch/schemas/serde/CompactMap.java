package io.driftwatch.schemas.serde;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The maps a decoded event carries (features, segments, class probabilities): entries in the order
 * the record holds them, in two arrays, found through an open-addressing index of their positions.
 * Filling one costs an array store and an index probe per entry (none where the reader appends a name
 * it knows is new, until a lookup needs the index), and no node per entry; walking it
 * walks the arrays ({@link #keyAt}, {@link #valueAt}, {@link #forEach}). Building and iterating
 * {@code HashMap}s of features was a tenth of the stream threads' profile samples
 * (bench/RESULTS.md, issue #14).
 *
 * <p>A map like any other otherwise: a key put again keeps its position and takes the new value (as
 * a {@code HashMap} filled by Avro's reader keeps the last), {@code equals} and {@code hashCode} are
 * {@link AbstractMap}'s, null keys are refused and null values kept. Not thread-safe, not even
 * for readers alone: the first lookup in a map filled by {@link #append} builds its index.
 *
 * <p>A map whose values may be {@code Double}s can hold them unboxed ({@link #putDouble}): the reader
 * puts every numeric feature so, and the profile reads it back with {@link #doubleAt} without a
 * {@code Double} ever being made. Boxing twenty features an event was an allocation each. Every other
 * way of reading the map (get, entries, forEach, equals) sees a {@code Double}, boxed when it is read.
 */
public final class CompactMap<V> extends AbstractMap<String, V> {

    // In values[], the mark of an entry whose value is numbers[position].
    private static final Object UNBOXED = new Object();

    private String[] keys;
    private Object[] values;
    // Unboxed doubles by position; made by the first putDouble.
    private double[] numbers;
    // position + 1 of the key hashed to each slot, 0 for an empty slot; at most half full. Null until a lookup needs
    // it: a map filled by append() and read by position (the decoder's features) never hashes a key.
    private int[] index;
    private int size;
    private int modifications;

    /** A map with room for {@code expected} entries before it grows. */
    public CompactMap(int expected) {
        int capacity = Math.max(expected, 2);
        keys = new String[capacity];
        values = new Object[capacity];
    }

    public CompactMap() {
        this(8);
    }

    /** The key of the entry at {@code position} (0 ≤ position < {@link #size()}), in the order the entries were put. */
    public String keyAt(int position) {
        Objects.checkIndex(position, size);
        return keys[position];
    }

    /** The value of the entry at {@code position}. */
    public V valueAt(int position) {
        Objects.checkIndex(position, size);
        return value(position);
    }

    /** Whether the value at {@code position} is a double ({@link #doubleAt} reads it), boxed or not. */
    public boolean isDoubleAt(int position) {
        Objects.checkIndex(position, size);
        return values[position] == UNBOXED || values[position] instanceof Double;
    }

    /** The double at {@code position}, where {@link #isDoubleAt} says there is one. */
    public double doubleAt(int position) {
        Objects.checkIndex(position, size);
        Object value = values[position];
        if (value == UNBOXED) {
            return numbers[position];
        }
        if (value instanceof Double d) {
            return d;
        }
        throw new IllegalStateException("the value of " + keys[position] + " is not a double: " + value);
    }

    /**
     * Puts a double without boxing it, as {@code put(key, (V) Double.valueOf(value))} would; only for a map whose
     * values may be {@code Double}s.
     */
    public void putDouble(String key, double value) {
        int position = positionFor(key);
        if (numbers == null) {
            numbers = new double[keys.length];
        }
        values[position] = UNBOXED;
        numbers[position] = value;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && positionOf(k) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int position = positionOf(k);
        return position < 0 ? null : value(position);
    }

    @Override
    public V put(String key, V value) {
        int before = size;
        int position = positionFor(key);
        V previous = position < before ? value(position) : null;
        values[position] = value;
        return previous;
    }

    /** The position of {@code key}, added at the end (with a null value) when it is not in the map. */
    private int positionFor(String key) {
        Objects.requireNonNull(key, "a CompactMap has no null keys");
        int slot = slotOf(key);
        int position = index[slot] - 1;
        if (position >= 0) {
            return position;
        }
        if (size == keys.length) {
            grow();
            if (index.length < tableSizeFor(keys.length)) {
                reindex(tableSizeFor(keys.length));
                slot = slotOf(key);
            }
        }
        keys[size] = key;
        values[size] = null;
        index[slot] = ++size;
        modifications++;
        return size - 1;
    }

    /**
     * Adds {@code key} at the end without looking for it: only for a caller that knows the key is not in the map
     * yet (the reader knows it of the names its repeated strings keep). A map filled only so has no index to
     * keep up until a lookup needs one. Putting a key that is already in the map this way breaks the map.
     */
    void append(String key, V value) {
        int position = appendPosition(key); // before values[] is read: appending may grow it
        values[position] = value;
    }

    /** {@link #append} of an unboxed double, as {@link #putDouble} puts one. */
    void appendDouble(String key, double value) {
        int position = appendPosition(key);
        if (numbers == null) {
            numbers = new double[keys.length];
        }
        values[position] = UNBOXED;
        numbers[position] = value;
    }

    private int appendPosition(String key) {
        Objects.requireNonNull(key, "a CompactMap has no null keys");
        if (size == keys.length) {
            grow();
        }
        if (index != null) {
            if (index.length < tableSizeFor(keys.length)) {
                index = null; // made again, larger, by the next lookup
            } else {
                int slot = slotOf(key);
                index[slot] = size + 1;
            }
        }
        keys[size] = key;
        values[size] = null;
        size++;
        modifications++;
        return size - 1;
    }

    private void grow() {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
        if (numbers != null) {
            numbers = Arrays.copyOf(numbers, size * 2);
        }
    }

    @SuppressWarnings("unchecked")
    private V value(int position) {
        Object value = values[position];
        return (V) (value == UNBOXED ? Double.valueOf(numbers[position]) : value);
    }

    @Override
    public V remove(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int position = positionOf(k);
        if (position < 0) {
            return null;
        }
        V previous = valueAt(position);
        removeAt(position);
        return previous;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        index = null;
        size = 0;
        modifications++;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        int expected = modifications;
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], value(i));
            if (modifications != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;
                    private int expected = modifications;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (modifications != expected) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new Entry(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException("next() first");
                        }
                        if (modifications != expected) {
                            throw new ConcurrentModificationException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                        expected = modifications;
                    }
                };
            }
        };
    }

    /** An entry that reads and writes through to its position, as HashMap's entries write through. */
    private final class Entry implements Map.Entry<String, V> {
        private final int position;
        private final String key;

        Entry(int position) {
            this.position = position;
            this.key = keys[position];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value(position);
        }

        @Override
        public V setValue(V value) {
            V previous = value(position);
            values[position] = value;
            return previous;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }

    private void removeAt(int position) {
        System.arraycopy(keys, position + 1, keys, position, size - position - 1);
        System.arraycopy(values, position + 1, values, position, size - position - 1);
        if (numbers != null) {
            System.arraycopy(numbers, position + 1, numbers, position, size - position - 1);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        index = null;
        modifications++;
    }

    private int positionOf(String key) {
        int slot = slotOf(key);
        return index[slot] - 1;
    }

    /** The slot that holds {@code key}'s position, or the empty slot where it would go; makes the index if there is none. */
    private int slotOf(String key) {
        if (index == null) {
            reindex(tableSizeFor(keys.length));
        }
        int mask = index.length - 1;
        int h = key.hashCode();
        int slot = (h ^ (h >>> 16)) & mask;
        while (index[slot] != 0) {
            String k = keys[index[slot] - 1];
            if (k == key || k.equals(key)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void reindex(int tableSize) {
        index = new int[tableSize];
        for (int i = 0; i < size; i++) {
            int slot = slotOf(keys[i]);
            index[slot] = i + 1;
        }
    }

    private static int tableSizeFor(int entries) {
        return Integer.highestOneBit(Math.max(entries, 2) * 2 - 1) << 1;
    }
}
