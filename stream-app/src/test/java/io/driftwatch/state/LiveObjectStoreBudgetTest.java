package io.driftwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveObjectStore} within a {@link LiveObjectBudget}: what a flush drops from memory, what it keeps, and that
 * dropping never changes what the store holds.
 */
class LiveObjectStoreBudgetTest {

    /** A mutable object of a known serialized size: a counter and padding. */
    static final class Tally {
        long count;
        final int padding;

        Tally(int padding) {
            this.padding = padding;
        }
    }

    static final ObjectCodec<Tally> CODEC = new ObjectCodec<>() {
        @Override
        public byte[] encode(Tally t) {
            return ByteBuffer.allocate(12 + t.padding).putLong(t.count).putInt(t.padding).array();
        }

        @Override
        public Tally decode(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long count = b.getLong();
            Tally t = new Tally(b.getInt());
            t.count = count;
            return t;
        }
    };

    /** 100 bytes serialized. */
    private static Tally tally() {
        return new Tally(88);
    }

    private static KeyValueStore<String, byte[]> bytesStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("tallies"), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled().build();
    }

    private static LiveObjectStore<Tally> store(KeyValueStore<String, byte[]> inner, LiveObjectBudget budget) {
        LiveObjectStore<Tally> store = new LiveObjectStore<>(inner, CODEC, budget);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void aFlushOverTheBudgetDropsWhatWasNotUsedSinceTheFlushBefore() {
        LiveObjectBudget budget = new LiveObjectBudget(250);
        LiveObjectStore<Tally> store = store(bytesStore(), budget);
        for (String key : List.of("a", "b", "c", "d")) {
            store.getForUpdate(key, LiveObjectStoreBudgetTest::tally).count = key.charAt(0);
        }
        store.flushCache();
        assertThat(store.liveCount()).as("all four were used in the interval the flush ended").isEqualTo(4);
        assertThat(budget.used()).isEqualTo(400);

        store.getForUpdate("c", LiveObjectStoreBudgetTest::tally).count++;
        store.get("a");
        store.flushCache();
        // b and d went unused: dropped, least recently used first, until within 250 bytes.
        assertThat(store.liveCount()).isEqualTo(2);
        assertThat(budget.used()).isEqualTo(200);

        assertThat(store.get("b").count).as("read back from the store beneath").isEqualTo('b');
        assertThat(store.get("c").count).isEqualTo('c' + 1);
        assertThat(store.get("d").count).isEqualTo('d');
        assertThat(budget.used()).isEqualTo(400);
    }

    @Test
    void objectsInUseStayWhateverTheBudget() {
        LiveObjectBudget budget = new LiveObjectBudget(0);
        LiveObjectStore<Tally> store = store(bytesStore(), budget);
        for (int interval = 0; interval < 5; interval++) {
            Tally hot = store.getForUpdate("hot", LiveObjectStoreBudgetTest::tally);
            hot.count++;
            store.flushCache();
            // Kafka Streams flushes twice per commit (the cache, then the store): nothing is used in between.
            store.flushCache();
            assertThat(store.get("hot")).as("the same object, never decoded again").isSameAs(hot);
        }
        store.getForUpdate("other", LiveObjectStoreBudgetTest::tally);
        store.flushCache(); // ends the interval of the last read of "hot"
        store.get("other");
        store.flushCache();
        assertThat(store.liveCount()).as("\"hot\" unused for a whole interval: dropped").isEqualTo(1);
        assertThat(store.get("hot").count).isEqualTo(5);
    }

    @Test
    void storesOfOneBudgetShareIt() {
        LiveObjectBudget budget = new LiveObjectBudget(150);
        LiveObjectStore<Tally> first = store(bytesStore(), budget);
        LiveObjectStore<Tally> second = store(bytesStore(), budget);
        first.getForUpdate("a", LiveObjectStoreBudgetTest::tally);
        first.flushCache();
        second.getForUpdate("b", LiveObjectStoreBudgetTest::tally);
        second.flushCache();
        assertThat(budget.used()).isEqualTo(200);

        first.get("c"); // the task goes on, without "a": over the shared budget, so "a" goes
        first.flushCache();
        assertThat(first.liveCount()).isZero();
        assertThat(budget.used()).isEqualTo(100);

        second.close();
        assertThat(budget.used()).as("a closed store gives its share back").isZero();
    }

    @Test
    void withoutABoundNothingIsDropped() {
        LiveObjectStore<Tally> store = store(bytesStore(), LiveObjectBudget.UNBOUNDED);
        for (int i = 0; i < 100; i++) {
            store.getForUpdate("k" + i, LiveObjectStoreBudgetTest::tally);
        }
        for (int interval = 0; interval < 3; interval++) {
            store.flushCache();
        }
        assertThat(store.liveCount()).isEqualTo(100);
    }

    /** One step of a task's use of the store. */
    sealed interface Step {
        record Add(int key, int amount) implements Step {}
        record Read(int key) implements Step {}
        record Delete(int key) implements Step {}
        record Flush() implements Step {}
        /** A restart: the task starts again on the store beneath as the last flush left it. */
        record Restart() implements Step {}
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, 7);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Combinators.combine(keys, Arbitraries.integers().between(1, 9)).as(Step.Add::new)),
            net.jqwik.api.Tuple.of(3, keys.map(Step.Read::new)),
            net.jqwik.api.Tuple.of(1, keys.map(Step.Delete::new)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(new Step.Flush())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step.Restart())));
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    /**
     * Whatever the bound and the interleaving of updates, reads, deletes, flushes and restarts: every read sees what a
     * plain map sees, the store beneath holds after each flush what the map holds, and the budget counts exactly
     * the serialized bytes of the objects kept decoded.
     */
    @Property(tries = 300)
    void droppingNeverChangesWhatTheStoreHolds(@ForAll("steps") List<Step> steps,
                                               @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 500) int maxBytes) {
        LiveObjectBudget budget = new LiveObjectBudget(maxBytes);
        KeyValueStore<String, byte[]> inner = bytesStore();
        LiveObjectStore<Tally> store = store(inner, budget);
        Map<String, Long> model = new HashMap<>();
        for (Step step : steps) {
            if (step instanceof Step.Add add) {
                String key = "k" + add.key();
                store.getForUpdate(key, LiveObjectStoreBudgetTest::tally).count += add.amount();
                model.merge(key, (long) add.amount(), Long::sum);
            } else if (step instanceof Step.Read read) {
                String key = "k" + read.key();
                Tally t = store.get(key);
                assertThat(t == null ? null : t.count).as("read of %s", key).isEqualTo(model.get(key));
            } else if (step instanceof Step.Delete delete) {
                store.delete("k" + delete.key());
                model.remove("k" + delete.key());
            } else if (step instanceof Step.Flush) {
                store.flushCache();
                assertThat(contents(inner)).isEqualTo(new TreeMap<>(model));
                assertThat(budget.used()).as("every object kept is sized once flushed").isEqualTo(100L * store.liveCount());
            } else {
                // A restart: deletes reach the store beneath at once (as a changelogged store's do before the
                // commit); what the next incarnation finds is the last flush's updates of what is still there.
                store.clearCache();
                assertThat(budget.used()).isZero();
                model = new HashMap<>(contents(inner));
                store = new LiveObjectStore<>(inner, CODEC, budget);
            }
            assertThat(budget.used()).as("new objects are sized at their first flush")
                .isBetween(0L, 100L * store.liveCount());
        }
    }

    private static TreeMap<String, Long> contents(KeyValueStore<String, byte[]> inner) {
        TreeMap<String, Long> out = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                out.put(kv.key, CODEC.decode(kv.value).count);
            }
        }
        return out;
    }
}
