package io.driftwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ExpiredRangeTest {

    private final KeyValueStore<String, byte[]> store = store();

    @Test
    void deletesEveryKeyOfTheRangeOverSeveralBatchesAndNothingElse() {
        int expired = 2 * ExpiredRange.BATCH + 3;
        for (int i = 0; i < expired + 50; i++) {
            store.put(key(i), new byte[] {1});
        }
        List<String> told = new ArrayList<>();

        ExpiredRange.delete(store, key(0), key(expired - 1), told::add);

        assertThat(told).hasSize(expired).doesNotHaveDuplicates().allMatch(k -> store.get(k) == null);
        assertThat(store.approximateNumEntries()).isEqualTo(50);
        assertThat(store.get(key(expired))).isNotNull();
    }

    @Test
    void aRangeOfExactlyOneBatchEndingAtItsLastKey() {
        for (int i = 0; i < ExpiredRange.BATCH + 1; i++) {
            store.put(key(i), new byte[] {1});
        }
        List<String> told = new ArrayList<>();

        ExpiredRange.delete(store, key(0), key(ExpiredRange.BATCH - 1), told::add);

        assertThat(told).hasSize(ExpiredRange.BATCH);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(store.get(key(ExpiredRange.BATCH))).isNotNull();
    }

    @Test
    void anEmptyRangeDeletesNothing() {
        store.put(key(5), new byte[] {1});
        List<String> told = new ArrayList<>();

        ExpiredRange.delete(store, key(0), key(4), told::add);

        assertThat(told).isEmpty();
        assertThat(store.get(key(5))).isNotNull();
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "%016d|p", i);
    }

    private static KeyValueStore<String, byte[]> store() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), null);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("expiry"),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
