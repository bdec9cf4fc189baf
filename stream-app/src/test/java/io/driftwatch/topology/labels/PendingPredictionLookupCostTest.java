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
 * predictions (7-day horizon, ids as {@link PredictionIdCodec} writes them) filled with predictions spread over
 * the horizon, so that RocksDB has flushed them to files in every segment, as in a running monitor. Each
 * prediction is checked for a copy already waiting and put; then 70% of them get an outcome, which looks its
 * prediction up and marks it joined. Two layouts in alternating rounds: keyed by event time, where an outcome
 * seeks across the horizon (an iterator per segment), and keyed by the event time's bucket
 * ({@link PendingPredictionLayout}), where it makes a point lookup per bucket. Thread CPU time, printed; not a
 * benchmark suite (JMH lives in bench/), a measurement run on demand:
 * {@code ./mvnw -o -q -pl stream-app surefire:test -Dtest=PendingPredictionLookupCostTest -Ddriftwatch.perf=true}
 * ({@code -Ddriftwatch.perf.predictions=N}, 1,500,000 unless set; {@code -Ddriftwatch.perf.spread=MS}, the
 * event times' spread, the whole horizon unless set: 7,500,000 puts them all in one segment). The output is in
 * {@code stream-app/target/surefire-reports/*PendingPredictionLookupCostTest-output.txt}.
 */
@EnabledIfSystemProperty(named = "driftwatch.perf", matches = "true")
class PendingPredictionLookupCostTest {

    private static final byte[] JOINED = {0};
    private static final PendingPredictionLayout LAYOUT = PendingPredictionLayout.of(Duration.ofDays(7), Duration.ofSeconds(10));
    private static final long SPAN = LAYOUT.spanMs();
    private static final long SEGMENT = LAYOUT.bucketMs();

    @Test
    void duplicateCheckAndOutcomeLookup(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("driftwatch.perf.predictions", 1_500_000);
        long spread = Long.getLong("driftwatch.perf.spread", SPAN - 1000);
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            boolean buckets = round % 2 == 1;
            WindowStore<String, byte[]> store = open(Files.createDirectory(dir.resolve("round-" + round)), buckets);
            try {
                SplittableRandom rnd = new SplittableRandom(round);
                String[] ids = new String[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                }
                byte[] pending = new byte[40]; // about PendingPredictionCodec's size for a scored prediction
                long t0 = 1_764_000_000_000L;
                long step = Math.max(1, spread / n);
                long last = t0 + (n - 1) * step;
                long began = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    long time = t0 + i * step;
                    long at = buckets ? bucket(time) : time;
                    assertThat(store.fetch(ids[i], at)).isNull();
                    store.put(ids[i], pending, at);
                }
                long predicted = cpu.getCurrentThreadCpuTime();
                int outcomes = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 10 < 7) {
                        long time = t0 + i * step;
                        long found = buckets ? bucketLookup(store, ids[i], last) : seek(store, ids[i], last);
                        assertThat(found).isEqualTo(buckets ? bucket(time) : time);
                        store.put(ids[i], JOINED, found);
                        outcomes++;
                    }
                }
                long joined = cpu.getCurrentThreadCpuTime();
                System.out.printf(Locale.ROOT, "%,d pending over %d s, %s: %.2f µs per prediction (check and put); "
                        + "%.2f µs per outcome (lookup and put)%n", n, spread / 1000, buckets ? "bucketed gets" : "seek",
                    (predicted - began) / 1e3 / n, (joined - predicted) / 1e3 / outcomes);
            } finally {
                store.close();
            }
        }
    }

    private static long bucket(long t) {
        return LAYOUT.bucketOf(t);
    }

    /** As {@link PendingPredictions#find} does in a store of this layout alone. */
    private static long bucketLookup(WindowStore<String, byte[]> store, String id, long streamTime) {
        long found = -1;
        for (long b = bucket(streamTime - SPAN); b <= bucket(streamTime); b += SEGMENT) {
            if (store.fetch(id, b) != null && found < 0) {
                found = b;
            }
        }
        return found;
    }

    /** As the join did before buckets: every copy from the reach on, so that it sees all; the earliest. */
    private static long seek(WindowStore<String, byte[]> store, String id, long streamTime) {
        long earliest = -1;
        try (WindowStoreIterator<byte[]> it = store.fetch(id, streamTime - SPAN, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> copy = it.next();
                earliest = earliest < 0 ? copy.key : Math.min(earliest, copy.key);
            }
        }
        return earliest;
    }

    private static WindowStore<String, byte[]> open(Path dir, boolean buckets) {
        Properties config = new Properties();
        config.put("application.id", "pending-prediction-lookup-cost");
        config.put("bootstrap.servers", "unused:9092");
        MockProcessorContext<String, String> context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
        WindowStore<String, byte[]> store = Stores.windowStoreBuilder(buckets
                ? LAYOUT.supplier("label-join-predictions", true)
                : Stores.persistentWindowStore("label-join-predictions", Duration.ofMillis(SPAN), Duration.ofMillis(1), false),
                Serdes.serdeFrom((topic, id) -> PredictionIdCodec.encode(id), (topic, key) -> PredictionIdCodec.decode(key)),
                Serdes.ByteArray())
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
