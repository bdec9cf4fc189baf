package io.driftwatch.topology;

import static io.driftwatch.topology.LabelJoinRig.MINUTE;
import static io.driftwatch.topology.LabelJoinRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.WindowReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.driftwatch.ingest.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The label join co-partitioned (joined where the events arrive) and repartitioned (every event
 * re-keyed through the label-join topic) give the same window reports, first reports and revisions,
 * and the same joined, duplicate and unmatched counts, on a workload like the bench's: two models,
 * two windows, about 70% of predictions labelled, some outcomes before their prediction, duplicates,
 * outcomes of no prediction, and late labels for a closed window.
 */
class JoinLayoutTopologyTest {

    /** One record to send, with the key its producer chose. */
    private record Send(boolean outcome, byte[] key, String id, String model, long time, double score, String label) {}

    private static List<Send> workload(long seed, double misKeyedShare) {
        Random rnd = new Random(seed);
        Random keys = new Random(seed + 1); // its own stream: the same events whatever share is mis-keyed
        List<Send> early = new ArrayList<>();
        List<Send> main = new ArrayList<>();
        List<Send> late = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            for (String model : new String[] {"fraud", "churn"}) {
                for (int i = 0; i < 300; i++) {
                    String id = model + "-" + w + "-" + i;
                    long time = T0 + w * MINUTE + i * 180L;
                    double score = rnd.nextDouble();
                    String truth = rnd.nextDouble() < score ? "1" : "0";
                    main.add(new Send(false, key(keys, id, misKeyedShare), id, model, time, score, null));
                    double u = rnd.nextDouble();
                    if (u < 0.07) {
                        early.add(new Send(true, key(keys, id, misKeyedShare), id, model, time, 0, truth));
                    } else if (u < 0.6) {
                        main.add(new Send(true, key(keys, id, misKeyedShare), id, model, time + 500, 0, truth));
                        if (u < 0.09) {
                            main.add(new Send(true, key(keys, id, misKeyedShare), id, model, time + 900, 0, "1"));
                        }
                    } else if (u < 0.7) {
                        late.add(new Send(true, key(keys, id, misKeyedShare), id, model, T0 + 3 * MINUTE, 0, truth));
                    }
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            early.add(new Send(true, key(keys, "ghost-" + i, misKeyedShare), "ghost-" + i, "fraud", T0, 0, "1"));
        }
        List<Send> all = new ArrayList<>(early);
        all.addAll(main);
        all.add(null); // heartbeat and close the windows
        all.addAll(late);
        return all;
    }

    private static byte[] key(Random rnd, String id, double misKeyedShare) {
        if (rnd.nextDouble() >= misKeyedShare) {
            return id.getBytes(StandardCharsets.UTF_8);
        }
        return rnd.nextBoolean() ? null : ("tenant-" + rnd.nextInt(5)).getBytes(StandardCharsets.UTF_8);
    }

    /** Reports, join counters and dead letters of one run. */
    private record Run(List<WindowReport> reports, double joined, double duplicates, double unmatched, double rekeyed,
                       boolean repartitionTopicWritten, List<TestRecord<byte[], byte[]>> deadLetters,
                       Set<String> joinTaskSources) {}

    private static Run run(JoinLayout layout, List<Send> sends) {
        try (LabelJoinRig rig = new LabelJoinRig(layout)) {
            for (Send s : sends) {
                if (s == null) {
                    rig.heartbeat(Duration.ofSeconds(1));
                    rig.closeWindowOf("fraud", T0 + MINUTE);
                    rig.closeWindowOf("churn", T0 + MINUTE);
                } else if (s.outcome()) {
                    rig.sendOutcome(s.key(), s.id(), s.model(), s.time(), s.label());
                } else {
                    rig.send(s.key(), LabelJoinRig.prediction(s.id(), s.model(), s.time(), s.score(), s.id().hashCode() % 2 == 0 ? "a" : "b"));
                }
            }
            rig.heartbeat(Duration.ofSeconds(6)); // revisions for the late labels
            // An event two horizons on: outcomes of no prediction are given up as unmatched.
            rig.send("far".getBytes(StandardCharsets.UTF_8), LabelJoinRig.prediction("far", "fraud", T0 + 130 * MINUTE, 0.5, "a"));
            rig.heartbeat(Duration.ofSeconds(1));
            return new Run(rig.reports(), rig.counter("driftwatch_outcomes_joined"), rig.counter("driftwatch_outcomes_duplicate"),
                rig.counter("driftwatch_outcomes_unmatched"), rig.counter("driftwatch_label_join_rekeyed"),
                rig.topics().stream().anyMatch(t -> t.endsWith("label-join-repartition")), rig.deadLetters(),
                joinTaskSources(rig.topology));
        }
    }

    @Test
    void keyedByPredictionIdBothLayoutsReportTheSameAndCoPartitionedWritesNoRepartitionTopic() {
        List<Send> sends = workload(11, 0.0);
        Run repartitioned = run(JoinLayout.REPARTITION, sends);
        Run coPartitioned = run(JoinLayout.CO_PARTITIONED, sends);

        assertThat(repartitioned.reports()).hasSizeGreaterThanOrEqualTo(8); // 2 models x 2 windows, first and revised
        assertThat(repartitioned.reports()).anyMatch(r -> r.getRevision() > 0);
        assertThat(repartitioned.reports()).filteredOn(r -> r.getQuality() != null && r.getQuality().getLabelledCount() > 150)
            .hasSizeGreaterThanOrEqualTo(4);
        assertThat(coPartitioned.reports()).isEqualTo(repartitioned.reports());
        assertThat(repartitioned.joined()).isGreaterThan(500);
        assertThat(repartitioned.duplicates()).isPositive();
        assertThat(repartitioned.unmatched()).isEqualTo(3.0);
        assertThat(coPartitioned.joined()).isEqualTo(repartitioned.joined());
        assertThat(coPartitioned.duplicates()).isEqualTo(repartitioned.duplicates());
        assertThat(coPartitioned.unmatched()).isEqualTo(repartitioned.unmatched());

        assertThat(repartitioned.repartitionTopicWritten()).isTrue();
        assertThat(coPartitioned.repartitionTopicWritten()).as("label-join topic written").isFalse();
        assertThat(coPartitioned.rekeyed()).isZero();
    }

    @Test
    void recordsNotKeyedByPredictionIdAreReKeyedAndStillJoinedAsRepartitioned() {
        Run repartitioned = run(JoinLayout.REPARTITION, workload(12, 0.0));
        Run coPartitioned = run(JoinLayout.CO_PARTITIONED, workload(12, 0.2));

        assertThat(coPartitioned.reports()).isEqualTo(repartitioned.reports());
        assertThat(coPartitioned.joined()).isEqualTo(repartitioned.joined());
        assertThat(coPartitioned.duplicates()).isEqualTo(repartitioned.duplicates());
        assertThat(coPartitioned.unmatched()).isEqualTo(repartitioned.unmatched());
        assertThat(coPartitioned.repartitionTopicWritten()).isTrue();
        assertThat(coPartitioned.rekeyed()).isGreaterThan(150);
    }

    @Test
    void theStrictLayoutDeadLettersRecordsNotKeyedByPredictionIdAndJoinsTheRestAsRepartitioned() {
        List<Send> sends = workload(13, 0.2);
        List<Send> keyedById = new ArrayList<>();
        List<Send> misKeyed = new ArrayList<>();
        for (Send s : sends) {
            (s == null || Arrays.equals(s.key(), s.id().getBytes(StandardCharsets.UTF_8)) ? keyedById : misKeyed).add(s);
        }
        Run strict = run(JoinLayout.CO_PARTITIONED_STRICT, sends);
        Run expected = run(JoinLayout.REPARTITION, keyedById);

        assertThat(misKeyed).hasSizeGreaterThan(150);
        assertThat(strict.reports()).isEqualTo(expected.reports());
        assertThat(strict.joined()).isEqualTo(expected.joined()).isGreaterThan(300);
        assertThat(strict.duplicates()).isEqualTo(expected.duplicates());
        assertThat(strict.unmatched()).isEqualTo(expected.unmatched());
        assertThat(strict.rekeyed()).isZero();
        assertThat(strict.repartitionTopicWritten()).as("label-join topic written").isFalse();
        // The task that joins reads the two input topics and nothing else.
        assertThat(strict.joinTaskSources()).containsExactlyInAnyOrder("predictions", "outcomes");
        assertThat(run(JoinLayout.CO_PARTITIONED, sends).joinTaskSources())
            .containsExactlyInAnyOrder("predictions", "outcomes", "label-join-repartition");

        // Every mis-keyed record is a dead letter with its own key and bytes, the reason, and where it came from.
        assertThat(strict.deadLetters()).hasSameSizeAs(misKeyed);
        for (int i = 0; i < misKeyed.size(); i++) {
            Send sent = misKeyed.get(i);
            TestRecord<byte[], byte[]> dead = strict.deadLetters().get(i);
            assertThat(dead.key()).isEqualTo(sent.key());
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("NOT_KEYED_BY_PREDICTION_ID");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                .isEqualTo(sent.outcome() ? "outcomes" : "predictions");
            assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.MESSAGE))
                .contains("prediction id \"" + sent.id() + "\"");
        }
    }

    /** Source topics of the sub-topology that holds the label join. */
    private static Set<String> joinTaskSources(Topology topology) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            Set<String> topics = new TreeSet<>();
            boolean joins = false;
            for (TopologyDescription.Node node : sub.nodes()) {
                joins |= node.name().equals("label-join");
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                }
            }
            if (joins) {
                return topics;
            }
        }
        throw new AssertionError("no label-join processor in " + topology.describe());
    }
}
