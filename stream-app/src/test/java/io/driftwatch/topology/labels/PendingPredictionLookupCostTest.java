package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the label join's RocksDB lookups cost, store alone, single thread: the join's window store of pending
 * predictions (7-day retention, ids as {@link PredictionIdSerde} writes them) filled with as many predictions
 * as a few seconds of the throughput goal leave pending, so that RocksDB has flushed them to several files, as
 * in a running monitor. Each prediction is checked for a copy already waiting and put; then 70% of them get
 * an outcome, which looks its prediction up and marks it joined. The duplicate check is timed both ways, a
 * seek across the horizon and a point lookup at the prediction's event time, in alternating rounds; the
 * outcome's lookup is the same seek in both. Thread CPU time, printed; not a benchmark suite (JMH lives in
 * bench/), a measurement run on demand:
 * {@code ./mvnw -o -q -pl stream-app surefire:test -Dtest=PendingPredictionLookupCostTest -Ddriftwatch.perf=true}
 * ({@code -Ddriftwatch.perf.predictions=N}, 1,500,000 unless set).
 */
@EnabledIfSystemProperty(named = "driftwatch.perf", matches = "true")
class PendingPredictionLookupCostTest {

    private static final byte[] JOINED = {0};

    @Test
    void duplicateCheckAndOutcomeLookup(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("driftwatch.perf.predictions", 1_500_000);
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            boolean point = round % 2 == 1;
            WindowStore<String, byte[]> store = open(Files.createDirectory(dir.resolve("round-" + round)));
            try {
                SplittableRandom rnd = new SplittableRandom(round);
                String[] ids = new String[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                }
                byte[] pending = new byte[40]; // about PendingPredictionCodec's size for a scored prediction
                long t0 = 1_764_000_000_000L;
                long began = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    long time = t0 + i * 5L;
                    boolean waiting = point ? store.fetch(ids[i], time) != null : firstCopy(store, ids[i]) != null;
                    assertThat(waiting).as("a prediction seen for the first time").isFalse();
                    store.put(ids[i], pending, time);
                }
                long predicted = cpu.getCurrentThreadCpuTime();
                int outcomes = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 10 < 7) {
                        KeyValue<Long, byte[]> found = firstCopy(store, ids[i]);
                        assertThat(found.key).isEqualTo(t0 + i * 5L);
                        store.put(ids[i], JOINED, found.key);
                        outcomes++;
                    }
                }
                long joined = cpu.getCurrentThreadCpuTime();
                // A producer retry of a prediction still waiting (the 8th of every 10 gets no outcome), found both ways.
                assertThat(store.fetch(ids[7], t0 + 7 * 5L)).isEqualTo(pending);
                assertThat(firstCopy(store, ids[7]).value).isEqualTo(pending);
                System.out.printf(Locale.ROOT, "%,d pending predictions, duplicate check by %s: %.2f µs per prediction (check and put); "
                        + "outcome lookup: %.2f µs per outcome (seek and put)%n", n, point ? "a point lookup" : "a seek",
                    (predicted - began) / 1e3 / n, (joined - predicted) / 1e3 / outcomes);
            } finally {
                store.close();
            }
        }
    }

    private static WindowStore<String, byte[]> open(Path dir) {
        Properties config = new Properties();
        config.put("application.id", "pending-prediction-lookup-cost");
        config.put("bootstrap.servers", "unused:9092");
        MockProcessorContext<String, String> context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
        WindowStore<String, byte[]> store = Stores.windowStoreBuilder(
                Stores.persistentWindowStore("label-join-predictions", Duration.ofDays(7), Duration.ofMillis(1), false),
                new PredictionIdSerde(), Serdes.ByteArray())
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static KeyValue<Long, byte[]> firstCopy(WindowStore<String, byte[]> store, String id) {
        try (WindowStoreIterator<byte[]> it = store.fetch(id, 0, Long.MAX_VALUE)) {
            return it.hasNext() ? it.next() : null;
        }
    }
}
