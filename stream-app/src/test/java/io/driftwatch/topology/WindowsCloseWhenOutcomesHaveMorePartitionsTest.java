package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.LiveObjectStore;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.bus.BusMessageSerde;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Labels on, predictions with 1 partition and outcomes with 2 (the auto layout repartitions the join, a
 * documented configuration). The first stage shares its sub-topology with the outcomes source, so Kafka Streams
 * runs a task 1_1 whose first-stage processor reads no predictions partition. A watermark from it could never
 * move (the broker is never asked about a partition that does not exist): the task sends none, and the merge
 * stage does not wait for one, so windows close.
 */
class WindowsCloseWhenOutcomesHaveMorePartitionsTest {

    private static final String APP = "outcome-partitions";
    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private DriftwatchConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestInputTopic<String, BusMessage> bus;
    private TestOutputTopic<String, WindowReport> reports;
    private int ids;

    @BeforeEach
    void start() {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "30s");
        props.put("baseline.capture", "off");
        config = DriftwatchConfig.from(props);
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DriftwatchTopology.build(config, deps(), TopologyStores.defaults(), false),
            streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        bus = driver.createInputTopic(APP + "-model-bus-repartition", new StringSerializer(), new BusMessageSerde().serializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TopologyDependencies deps() {
        return TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                java.time.Clock.systemUTC(), 1000)
            .withInputPartitions(1)
            .withEndOffsets(new Broker(1))
            .withLabelJoin(JoinLayoutDecision.decide(DriftwatchConfig.JoinLayout.AUTO, "predictions", 1, "outcomes", 2));
    }

    @Test
    void theFirstStageSharesItsSubTopologyWithTheOutcomes() {
        Set<String> topicsOfPartialProfiles = null;
        for (TopologyDescription.Subtopology st : DriftwatchTopology.build(config, deps(), TopologyStores.defaults(), false)
                .describe().subtopologies()) {
            if (st.nodes().stream().anyMatch(n -> n.name().equals("partial-profiles"))) {
                topicsOfPartialProfiles = st.nodes().stream()
                    .filter(n -> n instanceof TopologyDescription.Source)
                    .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                    .collect(Collectors.toSet());
            }
        }
        // Kafka Streams makes max(partitions of these topics) tasks: 2, so a task 1_1 runs partial-profiles with no
        // predictions partition.
        assertThat(topicsOfPartialProfiles).contains("predictions", "outcomes");
    }

    @Test
    void aTaskWithoutAPredictionsPartitionSendsNothing() {
        FirstStageTask task = new FirstStageTask(1, new Broker(0));
        for (int s = 1; s <= 600; s++) {
            assertThat(task.heartbeat(T0 + s * 1000L)).as("sent by task 1_1 at heartbeat %d", s).isEmpty();
        }
    }

    /** The partition count at start may be unknown (the topic could not be described) and may grow later. */
    @Test
    void aTaskLearnsFromTheBrokerWhetherItHasAPredictionsPartition() {
        Broker broker = new Broker(0);
        FirstStageTask task = new FirstStageTask(0, broker);
        assertThat(task.heartbeat(T0 + 1_000)).as("neither the start nor the broker knows the partitions")
            .containsExactly(new BusMessage.Watermark("predictions-1", Long.MIN_VALUE));
        broker.described = 1;
        assertThat(task.heartbeat(T0 + 2_000)).as("the broker describes one partition").isEmpty();
        broker.described = 2;
        assertThat(task.heartbeat(T0 + 3_000)).as("a partition was added to the topic")
            .containsExactly(new BusMessage.Watermark("predictions-1", Long.MIN_VALUE));
    }

    @Test
    void aWindowClosesWhenOutcomesHaveMorePartitionsThanPredictions() {
        FirstStageTask task = new FirstStageTask(1, new Broker(1));
        for (int i = 0; i < 100; i++) {
            send(T0 + i * 500L);
        }
        for (int s = 1; s <= 120; s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            for (BusMessage m : task.heartbeat(T0 + s * 1000L)) {
                bus.pipeInput(APP, m, T0 + s * 1000L);
            }
        }
        assertWindowReported();
    }

    /** An earlier version's task 1_1 sent Long.MIN_VALUE every heartbeat; the merge stage no longer waits for it. */
    @Test
    void theMergeStageDoesNotWaitForASourceBeyondThePredictionsThatReportsNoProgress() {
        for (int i = 0; i < 100; i++) {
            send(T0 + i * 500L);
        }
        for (int s = 1; s <= 120; s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            bus.pipeInput("predictions-1", new BusMessage.Watermark("predictions-1", Long.MIN_VALUE), T0 + s * 1000L);
        }
        assertWindowReported();
    }

    private void assertWindowReported() {
        List<WindowReport> out = reports.readValuesToList();
        assertThat(out).as("reports of window %s, two minutes after it ended (predictions-0 idle)", Instant.ofEpochMilli(T0))
            .hasSize(1);
        assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(out.get(0).getEventCount()).isEqualTo(100);
    }

    private void send(long time) {
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++)).setModelId("fraud").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", (double) ids))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build();
        predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("predictions", e), time);
    }

    /** What BrokerEndOffsets answers: it asks only about the partitions it has described. */
    private static final class Broker implements InputEndOffsets {
        int described;

        Broker(int described) {
            this.described = described;
        }

        @Override
        public Optional<PartitionEnd> of(String topic, int partition) {
            return partition < described ? InputEndOffsets.alwaysCaughtUp().of(topic, partition) : Optional.empty();
        }

        @Override
        public int partitions(String topic) {
            return described;
        }
    }

    /** The first-stage processor as Kafka Streams runs it in task 1_1, on outcomes-1 only. */
    private final class FirstStageTask {
        final MockProcessorContext<String, BusMessage> context =
            new MockProcessorContext<>(new Properties(), new TaskId(1, 1), null);

        FirstStageTask(int partitionsAtStart, InputEndOffsets broker) {
            TopologyStores stores = TopologyStores.defaults();
            KeyValueStore<String, byte[]> bytes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                stores.partialWindows()), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            LiveObjectStore<WindowProfile> profiles = new LiveObjectStore<>(bytes, new WindowProfileCodec());
            context.setCurrentSystemTimeMs(T0);
            profiles.init(context.getStateStoreContext(), profiles);
            context.addStateStore(profiles);
            for (String name : new String[] {stores.lateEvents(), stores.partialWatermarks()}) {
                KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                    Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
                store.init(context.getStateStoreContext(), store);
                context.addStateStore(store);
            }
            new PartialProfileProcessor(stores, "predictions", partitionsAtStart, config.windows(),
                ProfileSettings.defaults(), new SimpleMeterRegistry(), broker).init(context);
        }

        List<BusMessage> heartbeat(long now) {
            context.resetForwards();
            context.setCurrentSystemTimeMs(now);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
            return context.forwarded().stream().map(f -> (BusMessage) f.record().value()).toList();
        }
    }
}
