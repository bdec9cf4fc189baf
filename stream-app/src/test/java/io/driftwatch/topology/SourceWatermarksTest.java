package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Which first-stage sources hold the merge stage's windows open. With the predictions topic's partitions known,
 * a source beyond them counts only once it reports progress: a task without a predictions partition never does
 * (earlier versions sent Long.MIN_VALUE from it every heartbeat), a partition added to the topic does.
 */
class SourceWatermarksTest {

    private static final long STALL = 300_000;
    private static final long OUTAGE = 5_000;
    private static final List<String> ONE_PARTITION = List.of("predictions-0");

    private final KeyValueStore<String, Long> store = store();

    @Test
    void aSourceBeyondThePartitionsWithoutProgressHoldsNothing() {
        SourceWatermarks watermarks = new SourceWatermarks(store, STALL, OUTAGE, ONE_PARTITION, 0);
        watermarks.heard("predictions-0", 70_000, 1_000);
        watermarks.heard("predictions-1", Long.MIN_VALUE, 1_000);
        assertThat(watermarks.global(1_000)).isEqualTo(70_000);
        assertThat(store.get("predictions-1")).as("stored").isNull();
    }

    @Test
    void aSourceWithoutProgressRecordedBeforeIsForgottenAtStart() {
        store.put("predictions-0", 70_000L);
        store.put("predictions-1", Long.MIN_VALUE);
        SourceWatermarks watermarks = new SourceWatermarks(store, STALL, OUTAGE, ONE_PARTITION, 0);
        assertThat(watermarks.global(1_000)).isEqualTo(70_000);
        assertThat(store.get("predictions-1")).as("stored").isNull();
    }

    @Test
    void aPartitionAddedSinceTheStartCountsOnceItReportsProgress() {
        SourceWatermarks watermarks = new SourceWatermarks(store, STALL, OUTAGE, ONE_PARTITION, 0);
        watermarks.heard("predictions-0", 70_000, 1_000);
        watermarks.heard("predictions-1", 40_000, 1_000);
        assertThat(watermarks.global(1_000)).isEqualTo(40_000);
        watermarks.heard("predictions-1", Long.MIN_VALUE, 2_000);
        assertThat(watermarks.global(2_000)).as("watermarks only move forward").isEqualTo(40_000);
    }

    @Test
    void withThePartitionsUnknownEverySourceHeardCounts() {
        store.put("predictions-1", Long.MIN_VALUE);
        SourceWatermarks watermarks = new SourceWatermarks(store, STALL, OUTAGE, List.of(), 0);
        watermarks.heard("predictions-0", 70_000, 1_000);
        watermarks.heard("predictions-2", Long.MIN_VALUE, 1_000);
        watermarks.heard("predictions-1", Long.MIN_VALUE, 1_000);
        assertThat(watermarks.global(1_000)).isEqualTo(Long.MIN_VALUE);
        assertThat(watermarks.snapshot()).containsOnlyKeys("predictions-0", "predictions-1", "predictions-2");
    }

    private static KeyValueStore<String, Long> store() {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("source-watermarks"),
            Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
