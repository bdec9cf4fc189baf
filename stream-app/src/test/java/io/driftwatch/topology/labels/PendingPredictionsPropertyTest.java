package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Over random interleavings of predictions (sent again with their event time, or as copies with another), outcomes
 * (repeated, or before their prediction) and restarts, with copies of one id in different buckets and, at random, a
 * store that the layout by event time wrote before: every outcome finds what the layout by event time finds. That
 * reference keeps every copy at its event time and seeks across the reach: a joined copy in reach makes the outcome
 * a duplicate, else it joins the earliest copy in reach, else it waits. Once the stream time is past the reach of
 * every prediction, no outcome joins. Both the RocksDB store, segment per bucket, closed and opened again at each
 * restart, and the in-memory one. At some restarts the layout changes, as a change of {@code labels.horizon} or
 * {@code window.size} changes it (buckets of 60 s or 100 s, spans of 120 s or 200 s): the RocksDB store is then
 * rebuilt from what it held, as its changelog rebuilds it ({@code PendingPredictionSegments}), and the reference
 * reaches as far as the span in use.
 */
class PendingPredictionsPropertyTest {

    /** A span of 2 minutes and buckets of 1 minute; event times over 100 s fall in two or three buckets. */
    private static final PendingPredictionLayout LAYOUT = PendingPredictionLayout.of(Duration.ofSeconds(110), Duration.ofSeconds(10));
    /** A longer horizon: a span of 200 s and buckets of 100 s, whose starts meet those of {@link #LAYOUT} once in 5 minutes. */
    private static final PendingPredictionLayout LONGER = PendingPredictionLayout.of(Duration.ofSeconds(190), Duration.ofSeconds(10));
    private static final long T0 = 1_764_000_017_000L;

    @Property(tries = 100)
    void everyOutcomeFindsWhatTheLayoutByEventTimeFinds(@ForAll long seed, @ForAll boolean persistent) throws Exception {
        Random rnd = new Random(seed);
        Path dir = Files.createTempDirectory("pending-predictions");
        Rig rig = new Rig(dir, persistent);
        Reference reference = new Reference();
        try {
            int ids = 3 + rnd.nextInt(12);
            if (rnd.nextBoolean()) {
                for (int i = 0; i < rnd.nextInt(5); i++) { // entries the older layout left, at their event time
                    String id = "p" + rnd.nextInt(ids);
                    long t = T0 + rnd.nextInt(100_000);
                    boolean joined = rnd.nextInt(4) == 0;
                    rig.store.put(Bytes.wrap(PredictionIdCodec.encode(id)), joined ? new byte[] {0} : JoinInputSerde.encode(prediction(id, t)), t);
                    reference.copies(id).put(t, joined);
                }
            }
            rig.open();
            Map<String, Long> firstTime = new HashMap<>();
            String where = "seed " + seed + (persistent ? ", RocksDB" : ", in memory");
            for (int step = 0; step < 40 + rnd.nextInt(60); step++) {
                double u = rnd.nextDouble();
                String id = "p" + rnd.nextInt(ids);
                if (u < 0.05) {
                    rig.restart(rnd.nextInt(3) == 0);
                    reference.streamTime = Long.MIN_VALUE;
                    reference.spanMs = rig.layout.spanMs();
                } else if (u < 0.5) {
                    long t = firstTime.containsKey(id) && rnd.nextBoolean() ? firstTime.get(id) : T0 + rnd.nextInt(100_000);
                    firstTime.putIfAbsent(id, t);
                    assertThat(rig.predict(prediction(id, t))).as(where).isEqualTo(reference.predict(id, t));
                } else {
                    long t = T0 + rnd.nextInt(110_000);
                    assertThat(rig.outcome(id, t)).as(where + ", outcome for " + id).isEqualTo(reference.outcome(id, t));
                }
            }
            long pastReach = T0 + 100_000 + Math.max(LAYOUT.spanMs(), LONGER.spanMs()) + 1;
            for (int i = 0; i < ids; i++) {
                assertThat(rig.outcome("p" + i, pastReach)).as(where).isIn("waits", "duplicate");
            }
            assertThat(rig.bookkeeping.get(PendingPredictions.LAYOUT_KEY)).as("the layout is recorded").isNotNull();
        } finally {
            rig.close();
        }
    }

    private static JoinInput.PredictionFacts prediction(String id, long t) {
        return new JoinInput.PredictionFacts(id, "m", "1", t, null, (t % 1000) / 1000.0, null, null, Map.of());
    }

    /** The join's use of {@link PendingPredictions}, outcomes that come first included, over real stores. */
    private static final class Rig {
        private final Path dir;
        private final boolean persistent;
        private final KeyValueStore<String, byte[]> bookkeeping;
        private final Set<String> waiting = new HashSet<>();
        private WindowStore<Bytes, byte[]> store;
        private PendingPredictionLayout layout = LAYOUT;
        private PendingPredictions pending;
        private long streamTime = Long.MIN_VALUE;

        Rig(Path dir, boolean persistent) {
            this.dir = dir;
            this.persistent = persistent;
            this.bookkeeping = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("bookkeeping"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
            MockProcessorContext<String, String> context = context();
            bookkeeping.init(context.getStateStoreContext(), bookkeeping);
            this.store = newStore();
        }

        private MockProcessorContext<String, String> context() {
            Properties config = new Properties();
            config.put("application.id", "pending-predictions");
            config.put("bootstrap.servers", "unused:9092");
            return new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
        }

        private WindowStore<Bytes, byte[]> newStore() {
            WindowStore<Bytes, byte[]> s = Stores.windowStoreBuilder(layout.supplier("label-join-predictions", persistent),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
            s.init(context().getStateStoreContext(), s);
            return s;
        }

        void open() {
            PendingPredictionCodec codec = new PendingPredictionCodec(new SegmentAttributeLists(bookkeeping, List.of()), layout);
            pending = new PendingPredictions(store, bookkeeping, layout, codec);
        }

        /**
         * As after a crash: the stores keep what they hold; the join starts again with no stream time. With
         * {@code otherLayout}, under the other layout, the RocksDB store rebuilt as from its changelog.
         */
        void restart(boolean otherLayout) throws Exception {
            if (otherLayout) {
                layout = layout == LAYOUT ? LONGER : LAYOUT;
            }
            if (persistent && otherLayout) {
                List<KeyValue<Windowed<Bytes>, byte[]>> held = new ArrayList<>();
                try (KeyValueIterator<Windowed<Bytes>, byte[]> it = store.all()) {
                    it.forEachRemaining(held::add);
                }
                store.close();
                deleteRecursively(dir.resolve("label-join-predictions"));
                store = newStore();
                for (KeyValue<Windowed<Bytes>, byte[]> kv : held) {
                    store.put(kv.key.key(), kv.value, kv.key.window().start());
                }
            } else if (persistent) {
                store.close();
                store = newStore();
            }
            streamTime = Long.MIN_VALUE;
            open();
        }

        String predict(JoinInput.PredictionFacts p) {
            streamTime = Math.max(streamTime, p.eventTime());
            if (waiting.remove(p.predictionId())) {
                pending.markJoined(p);
                return "joined " + p.eventTime();
            }
            pending.offer(p, streamTime);
            return "kept or ignored";
        }

        String outcome(String id, long t) {
            streamTime = Math.max(streamTime, t);
            PendingPredictions.Found found = pending.find(id, streamTime);
            if (found == null) {
                return waiting.add(id) ? "waits" : "duplicate";
            }
            if (found.joined()) {
                return "duplicate";
            }
            JoinInput.PredictionFacts p = pending.decode(id, found);
            assertThat(p).isEqualTo(prediction(id, found.eventTime()));
            pending.markJoined(found);
            return "joined " + found.eventTime();
        }

        void close() throws Exception {
            store.close();
            bookkeeping.close();
            deleteRecursively(dir);
        }

        private static void deleteRecursively(Path path) throws Exception {
            if (Files.exists(path)) {
                try (var files = Files.walk(path)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** The layout by event time: every copy at its own event time, found by a seek across the reach. */
    private static final class Reference {
        private final Map<String, TreeMap<Long, Boolean>> copies = new HashMap<>();
        private final Set<String> waiting = new HashSet<>();
        private long streamTime = Long.MIN_VALUE;
        private long spanMs = LAYOUT.spanMs();

        TreeMap<Long, Boolean> copies(String id) {
            return copies.computeIfAbsent(id, k -> new TreeMap<>());
        }

        String predict(String id, long t) {
            streamTime = Math.max(streamTime, t);
            if (waiting.remove(id)) {
                copies(id).put(t, true);
                return "joined " + t;
            }
            copies(id).putIfAbsent(t, false);
            return "kept or ignored";
        }

        String outcome(String id, long t) {
            streamTime = Math.max(streamTime, t);
            List<Map.Entry<Long, Boolean>> inReach = new ArrayList<>(copies(id).tailMap(streamTime - spanMs, true).entrySet());
            if (inReach.isEmpty()) {
                return waiting.add(id) ? "waits" : "duplicate";
            }
            if (inReach.stream().anyMatch(Map.Entry::getValue)) {
                return "duplicate";
            }
            long earliest = inReach.get(0).getKey();
            copies(id).put(earliest, true);
            return "joined " + earliest;
        }
    }
}
