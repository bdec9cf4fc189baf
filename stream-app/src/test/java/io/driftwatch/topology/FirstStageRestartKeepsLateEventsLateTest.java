package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.Ingested;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.bus.BusMessageSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event for a window its input partition has already sent is late, also after the first stage restarts or
 * its task moves: the partition's close point is kept in the partial-watermarks store. Without it, the straggler
 * opened a second partial of the window, and while another partition still held the window open in the merge
 * stage, that partial was merged: the window reported 101 events and none late instead of 100 and 1.
 *
 * <p>The first stage of input partition 1 runs on MockProcessorContext (restart = a new processor on the
 * committed stores, as in PartialStageCrashPropertyTest); what it commits is piped into the model bus of a
 * TopologyTestDriver running the real merge stage. Input partition 2 lags behind (its watermarks are piped
 * directly).
 */
class FirstStageRestartKeepsLateEventsLateTest {

    private static final String APP = "first-stage-restart";
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final TopologyStores STORES = TopologyStores.defaults();

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private DriftwatchConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<String, BusMessage> bus;
    private TestOutputTopic<String, WindowReport> reports;

    @BeforeEach
    void start() {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("baseline.capture", "off");
        props.put("labels.enabled", "false");
        config = DriftwatchConfig.from(props);
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DriftwatchTopology.build(config,
            TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                java.time.Clock.systemUTC(), 1000), STORES, false), streams, Instant.ofEpochMilli(T0));
        bus = driver.createInputTopic(APP + "-model-bus-repartition", new StringSerializer(), new BusMessageSerde().serializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aStragglerIsLateWithoutARestart() {
        WindowReport r = firstWindow(false);
        assertThat(r.getEventCount()).isEqualTo(100);
        assertThat(r.getLateEventCount()).isEqualTo(1);
    }

    @Test
    void aStragglerIsLateAfterARestartToo() {
        WindowReport r = firstWindow(true);
        assertThat(r.getEventCount()).as("events of window %s, first stage restarted", Instant.ofEpochMilli(T0))
            .isEqualTo(100);
        assertThat(r.getLateEventCount()).isEqualTo(1);
    }

    /** State written before the store existed holds no close point: the first close after the upgrade records it. */
    @Test
    void aStartOnStateWithoutACloseRecordsOneAtTheNextClose() {
        Stage1 p1 = new Stage1(Committed.NONE);
        int offset = 0;
        long wall = T0;
        p1.process(offset++, T0 + 1_000, wall += 10);
        p1.process(offset++, T0 + MINUTE + 10_001, wall += 10); // closes [T0, T0 + 1m)
        p1.commit();
        Committed earlierVersion = new Committed(p1.committed.profiles(), p1.committed.late(), Map.of());
        p1 = new Stage1(earlierVersion);
        p1.process(offset++, T0 + 2 * MINUTE + 10_001, wall += 10); // closes [T0 + 1m, T0 + 2m)
        p1.commit();
        assertThat(p1.committed.watermarks()).containsEntry("predictions-1", T0 + 2 * MINUTE + 10_000);

        p1 = new Stage1(p1.committed);
        p1.process(offset++, T0 + MINUTE + 30_000, wall += 10); // a straggler for [T0 + 1m, T0 + 2m)
        p1.heartbeat(wall += 1000);
        assertThat(p1.commit()).as("sent after the restart")
            .noneMatch(m -> m instanceof BusMessage.PartialWindow)
            .contains(new BusMessage.LateEvents("predictions-1", "fraud", "1", 1));
    }

    private WindowReport firstWindow(boolean restart) {
        long wall = T0;
        // Input partition 2 is behind, inside window T0.
        bus.pipeInput("predictions-2", new BusMessage.Watermark("predictions-2", T0 + 30_000), wall);
        Stage1 p1 = new Stage1(Committed.NONE);
        int offset = 0;
        for (int i = 0; i < 100; i++) {
            p1.process(offset++, T0 + i * 500L, wall += 10);
        }
        p1.process(offset++, T0 + MINUTE + 10_001, wall += 10); // passes T0's end + grace: partial of T0 sent
        p1.commit();
        if (restart) {
            p1 = new Stage1(p1.committed); // a clean restart, a task migration, or a crash after the commit
        }
        p1.process(offset++, T0 + 40_000, wall += 10); // a straggler for T0, after this partition sent T0
        p1.process(offset++, T0 + 2 * MINUTE + 10_001, wall += 10);
        p1.heartbeat(wall += 1000);
        p1.commit();
        // Partition 2 catches up: the merge stage closes T0.
        bus.pipeInput("predictions-2", new BusMessage.Watermark("predictions-2", T0 + 5 * MINUTE), wall);
        List<WindowReport> out = reports.readValuesToList();
        return out.stream().filter(r -> r.getWindowStart().toEpochMilli() == T0).findFirst().orElseThrow();
    }

    /** The first stage's stores as of a commit. */
    private record Committed(Map<String, byte[]> profiles, Map<String, Long> late, Map<String, Long> watermarks) {
        static final Committed NONE = new Committed(Map.of(), Map.of(), Map.of());
    }

    /** One incarnation of the first stage of input partition 1. */
    private final class Stage1 {
        final MockProcessorContext<String, BusMessage> context = new MockProcessorContext<>(new Properties(), new TaskId(1, 1), null);
        final KeyValueStore<String, byte[]> profilesBytes = store(STORES.partialWindows(), Serdes.ByteArray());
        final LiveObjectStore<WindowProfile> profiles = new LiveObjectStore<>(profilesBytes, new WindowProfileCodec());
        final KeyValueStore<String, Long> late = store(STORES.lateEvents(), Serdes.Long());
        final KeyValueStore<String, Long> watermarks = store(STORES.partialWatermarks(), Serdes.Long());
        final PartialProfileProcessor processor = new PartialProfileProcessor(STORES, "predictions", 3, config.windows(),
            ProfileSettings.defaults(), new SimpleMeterRegistry(), InputEndOffsets.alwaysCaughtUp());
        Committed committed;

        Stage1(Committed state) {
            context.setCurrentSystemTimeMs(T0);
            profiles.init(context.getStateStoreContext(), profiles);
            late.init(context.getStateStoreContext(), late);
            watermarks.init(context.getStateStoreContext(), watermarks);
            state.profiles().forEach(profilesBytes::put);
            state.late().forEach(late::put);
            state.watermarks().forEach(watermarks::put);
            context.addStateStore(profiles);
            context.addStateStore(late);
            context.addStateStore(watermarks);
            processor.init(context);
            committed = state;
        }

        void process(int offset, long eventTime, long wall) {
            context.setCurrentSystemTimeMs(wall);
            context.setRecordMetadata("predictions", 1, offset);
            PredictionEvent e = PredictionEvent.newBuilder()
                .setPredictionId("p" + offset).setModelId("fraud").setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setFeatures(Map.of("x", (double) offset))
                .setPrediction(Prediction.newBuilder().setScore(0.5).build())
                .build();
            processor.process(new Record<>(("p" + offset).getBytes(StandardCharsets.UTF_8), new Ingested.Accepted<>(e), eventTime));
        }

        void heartbeat(long wall) {
            context.setCurrentSystemTimeMs(wall);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(wall);
        }

        /** Exactly-once commit: what was forwarded reaches the merge stage with the stores as flushed; returns it. */
        List<BusMessage> commit() {
            profiles.flush();
            committed = new Committed(contents(profilesBytes), contents(late), contents(watermarks));
            List<BusMessage> sent = new ArrayList<>();
            for (MockProcessorContext.CapturedForward<? extends String, ? extends BusMessage> f : context.forwarded()) {
                bus.pipeInput(f.record().key(), f.record().value(), f.record().timestamp());
                sent.add(f.record().value());
            }
            context.resetForwards();
            return sent;
        }
    }

    private static <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withLoggingDisabled().build();
    }

    private static <V> Map<String, V> contents(KeyValueStore<String, V> store) {
        Map<String, V> copy = new HashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                copy.put(kv.key, kv.value);
            }
        }
        return copy;
    }
}
