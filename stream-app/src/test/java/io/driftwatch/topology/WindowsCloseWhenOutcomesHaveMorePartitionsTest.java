package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.FirstStageIncarnation.Committed;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
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

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private MinuteWindowsRig rig;
    private TestInputTopic<String, BusMessage> bus;
    private int ids;

    @BeforeEach
    void start() {
        rig = new MinuteWindowsRig(APP, Map.of("window.idle.timeout", "30s", "baseline.capture", "off"), serdes,
            new SimpleMeterRegistry(), dependencies -> dependencies
                .withInputPartitions(1)
                .withEndOffsets(new Broker(1))
                .withLabelJoin(JoinLayoutDecision.decide(DriftwatchConfig.JoinLayout.AUTO, "predictions", 1, "outcomes", 2)));
        bus = rig.modelBus();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void theFirstStageSharesItsSubTopologyWithTheOutcomes() {
        Set<String> topicsOfPartialProfiles = null;
        for (TopologyDescription.Subtopology st : rig.topology.describe().subtopologies()) {
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
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
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
            rig.driver.advanceWallClockTime(Duration.ofSeconds(1));
            bus.pipeInput("predictions-1", new BusMessage.Watermark("predictions-1", Long.MIN_VALUE), T0 + s * 1000L);
        }
        assertWindowReported();
    }

    private void assertWindowReported() {
        List<WindowReport> out = rig.reports.readValuesToList();
        assertThat(out).as("reports of window %s, two minutes after it ended (predictions-0 idle)", Instant.ofEpochMilli(T0))
            .hasSize(1);
        assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(out.get(0).getEventCount()).isEqualTo(100);
    }

    private void send(long time) {
        rig.send(PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++)).setModelId("fraud").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", (double) ids))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build());
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
        final FirstStageIncarnation stage;

        FirstStageTask(int partitionsAtStart, InputEndOffsets broker) {
            stage = new FirstStageIncarnation(new TaskId(1, 1), Committed.NONE, T0, partitionsAtStart, rig.config.windows(),
                broker);
        }

        List<BusMessage> heartbeat(long now) {
            stage.heartbeat(now);
            return stage.sent().stream().map(Record::value).toList();
        }
    }
}
