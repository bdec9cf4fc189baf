package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ShadowAgreement;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who was right in disagreeing shadow pairs, through the real topology ({@link DriftwatchTopology#build}) fed
 * only through the input topics, in both label-join layouts: outcomes name the primary's prediction id, the
 * label join sends them on keyed by request, and the comparison report counts, among disagreeing pairs
 * whose outcome came, how often each version was right. Outcomes before the shadow, before either
 * prediction, long after the pair (past the pairing horizon), twice, or never; an agreeing pair; regression;
 * and a topology without labels.
 */
class ShadowOutcomeTopologyTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestInputTopic<byte[], byte[]> outcomes;
    private TestOutputTopic<String, ComparisonReport> comparisons;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private SimpleMeterRegistry registry;

    private void start(JoinLayout layout, boolean labels) {
        start(layout, labels, java.time.Clock.systemUTC());
    }

    private void start(JoinLayout layout, boolean labels, java.time.Clock clock) {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "5m");
        props.put("baseline.capture", "off");
        props.put("labels.enabled", Boolean.toString(labels));
        props.put("labels.horizon", "10m"); // the pairing horizon is 2m10s: a label may come well after it
        props.put("labels.revision.interval", "5s");
        props.put("labels.detectors", "");
        props.put("labels.join.layout", layout.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = TestDriverProperties.forApplication("shadow-outcome-test");
        driver = new TopologyTestDriver(DriftwatchTopology.build(config,
            TopologyDependencies.of(serdes, registry = new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                clock, 1000).withLabelJoin(JoinLayoutDecision.decide(layout, "predictions", 1, "outcomes", 1)),
            TopologyStores.defaults(), false), streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        outcomes = driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        comparisons = driver.createOutputTopic("comparisons", new StringDeserializer(),
            new AvroBinarySerde<>(ComparisonReport.class).deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void predict(String id, String version, String role, String requestId, long time, Prediction prediction) {
        predict(id, version, role, requestId, time, prediction, time);
    }

    /** @param recordTime the record's own timestamp, which its producer sets (its clock, unless it sets one itself) */
    private void predict(String id, String version, String role, String requestId, long time, Prediction prediction,
                         long recordTime) {
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId("ranker").setModelVersion(version)
            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of())
            .setPrediction(prediction).setLatencyMs(10.0).setDeploymentRole(role).setRequestId(requestId)
            .build();
        predictions.pipeInput(id.getBytes(StandardCharsets.UTF_8), serdes.predictionSerde.serializer().serialize("p", e),
            recordTime);
    }

    private void primary(String id, String request, long time, String label) {
        predict(id, "1", null, request, time, Prediction.newBuilder().setLabel(label).build());
    }

    private void shadow(String id, String request, long time, String label) {
        predict(id, "9", "shadow", request, time, Prediction.newBuilder().setLabel(label).build());
    }

    private void outcome(String predictionId, long time, String label, Double value) {
        OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(predictionId).setModelId("ranker")
            .setEventTime(Instant.ofEpochMilli(time)).setLabel(label).setValue(value).build();
        outcomes.pipeInput(predictionId.getBytes(StandardCharsets.UTF_8), serdes.outcomeSerde.serializer().serialize("o", o),
            time);
    }

    /** Both versions score one request-less prediction in minute {@code w}, so windows close and are compared. */
    private void minute(int w) {
        predict("x" + w, "1", null, null, T0 + w * MINUTE + 30_000, Prediction.newBuilder().setLabel("1").build());
        predict("y" + w, "9", "shadow", null, T0 + w * MINUTE + 30_000, Prediction.newBuilder().setLabel("1").build());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private ShadowAgreement lastShadow() {
        List<ComparisonReport> all = comparisons.readValuesToList();
        assertThat(all).isNotEmpty();
        ComparisonReport last = all.get(all.size() - 1);
        assertThat(last.getMode()).isEqualTo("shadow");
        assertThat(last.getControlVersion()).isEqualTo("1");
        assertThat(last.getCandidateVersion()).isEqualTo("9");
        return last.getShadow();
    }

    @ParameterizedTest
    @EnumSource(value = JoinLayout.class, names = {"CO_PARTITIONED", "REPARTITION"})
    void disagreeingPairsAreJudgedByTheirOutcomeOnceWhicheverComesFirst(JoinLayout layout) {
        start(layout, true);
        long t = T0;
        // r1: the pair disagrees, then the outcome: v1 was right.
        primary("a1", "r1", t + 1000, "1");
        shadow("b1", "r1", t + 1100, "0");
        outcome("a1", t + 1200, "1", null);
        // r2: the outcome before the shadow: v9 was right.
        primary("a2", "r2", t + 2000, "1");
        outcome("a2", t + 2100, "0", null);
        shadow("b2", "r2", t + 2200, "0");
        // r3: the pair agrees; its outcome (both wrong) judges nothing.
        primary("a3", "r3", t + 3000, "1");
        shadow("b3", "r3", t + 3100, "1");
        outcome("a3", t + 3200, "0", null);
        // r4: the outcome twice (a producer retry): counted once, v9 right.
        primary("a4", "r4", t + 4000, "0");
        shadow("b4", "r4", t + 4100, "1");
        outcome("a4", t + 4200, "1", null);
        outcome("a4", t + 4300, "1", null);
        // r5: the outcome never comes.
        primary("a5", "r5", t + 5000, "1");
        shadow("b5", "r5", t + 5100, "0");
        // r6: the outcome comes minutes later, past the pairing horizon (2m10s), within the label horizon: v1 right.
        primary("a6", "r6", t + 6000, "1");
        shadow("b6", "r6", t + 6100, "0");
        // r7: the outcome before either prediction (it waits in the label join): v9 right.
        outcome("a7", t + 7000, "0", null);
        primary("a7", "r7", t + 7100, "1");
        shadow("b7", "r7", t + 7200, "0");
        for (int w = 1; w <= 4; w++) {
            minute(w);
        }
        outcome("a6", t + 4 * MINUTE + 40_000, "1", null);
        for (int w = 5; w <= 7; w++) {
            minute(w);
        }

        ShadowAgreement shadow = lastShadow();
        assertThat(shadow.getPairs()).isEqualTo(7);
        assertThat(shadow.getAgreementRate()).isEqualTo(1.0 / 7);
        assertThat(shadow.getDisagreementsLabelled()).as("r1, r2, r4, r6, r7").isEqualTo(5);
        assertThat(shadow.getControlRight()).as("r1, r6").isEqualTo(2);
        assertThat(shadow.getCandidateRight()).as("r2, r4, r7").isEqualTo(3);
        assertThat(shadow.getUnpairedControl()).isZero();
        assertThat(shadow.getUnpairedCandidate()).isZero();
        // The same counts as Prometheus gauges (what the demo's status line reads).
        for (Map.Entry<String, Double> g : Map.of("disagreements_labelled", 5.0, "control_right", 2.0, "candidate_right", 3.0)
                .entrySet()) {
            assertThat(registry.get("driftwatch_comparison_shadow_" + g.getKey()).tags("model", "ranker", "mode", "shadow")
                .gauge().value()).as(g.getKey()).isEqualTo(g.getValue());
        }
    }

    /**
     * Shadow pairing waits and expires by Kafka Streams' stream time, the largest record timestamp, which nothing
     * checks: one prediction whose producer stamped its record an hour ahead of the clock (its event time right)
     * expired every pending pair (here r1's primary, counted unpaired, its shadow never paired). Stream time now
     * goes no further than {@code window.max.lead} past the clock. (The test driver runs the whole topology as one
     * task, so that record moves the pairing's stream time here as the repartitioned record does in a real one.)
     */
    @Test
    void aRecordStampedAnHourAheadByItsProducerExpiresNoPendingPair() {
        SettableClock clock = new SettableClock(T0 + 2_000);
        start(JoinLayout.AUTO, false, clock);
        primary("a1", "r1", T0 + 1000, "1");
        predict("a2", "1", null, "r2", T0 + 1500, Prediction.newBuilder().setLabel("1").build(), T0 + 60 * MINUTE);
        shadow("b2", "r2", T0 + 1600, "1");
        shadow("b1", "r1", T0 + 2000, "0");
        for (int w = 1; w <= 4; w++) {
            clock.set(T0 + w * MINUTE + 30_001);
            minute(w);
        }
        ShadowAgreement shadow = lastShadow();
        assertThat(shadow.getPairs()).as("pairs").isEqualTo(2);
        assertThat(shadow.getUnpairedControl()).as("primaries unpaired").isZero();
        assertThat(shadow.getUnpairedCandidate()).as("shadows unpaired").isZero();
    }

    /**
     * Random requests (a primary, a shadow, an outcome, each possibly missing; outcomes possibly twice), piped
     * in a random order (an outcome may come before its prediction, then it waits in the label join): the
     * report's counts equal the ones computed directly from the requests.
     */
    @Property(tries = 15)
    void countsEqualTheOnesComputedDirectlyWhateverTheArrivalOrder(@ForAll long seed, @ForAll boolean coPartitioned) {
        start(coPartitioned ? JoinLayout.CO_PARTITIONED : JoinLayout.REPARTITION, true);
        try {
            SplittableRandom r = new SplittableRandom(seed);
            List<Runnable> sends = new ArrayList<>();
            long pairs = 0;
            long agreed = 0;
            long judged = 0;
            long controlRight = 0;
            long candidateRight = 0;
            int n = r.nextInt(1, 25);
            for (int q = 0; q < n; q++) {
                long time = T0 + 1000 + q * 100L;
                String a = "a" + q;
                String p = r.nextDouble() < 0.85 ? (r.nextBoolean() ? "1" : "0") : null;
                String s = r.nextDouble() < 0.85 ? (r.nextBoolean() ? "1" : "0") : null;
                String truth = r.nextDouble() < 0.8 ? (r.nextBoolean() ? "1" : "0") : null;
                String request = "r" + q;
                if (p != null) {
                    sends.add(() -> primary(a, request, time, p));
                }
                if (s != null) {
                    sends.add(() -> shadow("b" + request, request, time + 1, s));
                }
                if (truth != null) {
                    // A retried outcome carries the same label; the label join keeps the first anyway.
                    for (int c = 1 + r.nextInt(2); c > 0; c--) {
                        sends.add(() -> outcome(a, time + 2, truth, null));
                    }
                }
                if (p != null && s != null) {
                    pairs++;
                    if (p.equals(s)) {
                        agreed++;
                    } else if (truth != null) {
                        judged++;
                        controlRight += p.equals(truth) ? 1 : 0;
                        candidateRight += s.equals(truth) ? 1 : 0;
                    }
                }
            }
            Collections.shuffle(sends, new Random(r.nextLong()));
            sends.forEach(Runnable::run);
            for (int w = 1; w <= 4; w++) {
                minute(w);
            }
            ShadowAgreement shadow = lastShadow();
            assertThat(shadow.getPairs()).isEqualTo(pairs);
            assertThat(shadow.getAgreementRate()).isEqualTo(pairs == 0 ? null : (double) agreed / pairs);
            assertThat(shadow.getDisagreementsLabelled()).isEqualTo(judged);
            assertThat(shadow.getControlRight()).isEqualTo(controlRight);
            assertThat(shadow.getCandidateRight()).isEqualTo(candidateRight);
        } finally {
            driver.close();
            driver = null;
        }
    }

    @ParameterizedTest
    @EnumSource(value = JoinLayout.class, names = {"CO_PARTITIONED", "REPARTITION"})
    void regressionTheVersionWithTheSmallerErrorIsRightAndATieIsNeither(JoinLayout layout) {
        start(layout, true);
        long t = T0;
        double[][] pairs = {{10.0, 13.0, 10.5}, {10.0, 13.0, 12.9}, {10.0, 13.0, 11.5}, {4.0, 4.0, 9.0}, {1.0, 2.0, 1.0}};
        for (int i = 0; i < pairs.length; i++) {
            predict("a" + i, "1", "primary", "q" + i, t + 1000 + i, Prediction.newBuilder().setValue(pairs[i][0]).build());
            predict("b" + i, "9", "shadow", "q" + i, t + 1000 + i, Prediction.newBuilder().setValue(pairs[i][1]).build());
            outcome("a" + i, t + 2000 + i, null, pairs[i][2]);
        }
        for (int w = 1; w <= 4; w++) {
            predict("x" + w, "1", null, null, t + w * MINUTE + 30_000, Prediction.newBuilder().setValue(1.0).build());
            predict("y" + w, "9", "shadow", null, t + w * MINUTE + 30_000, Prediction.newBuilder().setValue(1.0).build());
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        ShadowAgreement shadow = lastShadow();
        assertThat(shadow.getPairs()).isEqualTo(5);
        // q3 agrees (4 and 4): not judged. q0 and q4: v1 closer; q1: v9 closer; q2: 1.5 from both, neither.
        assertThat(shadow.getDisagreementsLabelled()).isEqualTo(4);
        assertThat(shadow.getControlRight()).isEqualTo(2);
        assertThat(shadow.getCandidateRight()).isEqualTo(1);
    }

    @Test
    void withoutLabelsShadowPairsAreCountedAndNoneIsJudged() {
        start(JoinLayout.REPARTITION, false);
        primary("a1", "r1", T0 + 1000, "1");
        shadow("b1", "r1", T0 + 1100, "0");
        // Without labels the topology does not read the outcomes topic at all (the test driver refuses to pipe to it).
        assertThat(driver.producedTopicNames()).noneMatch(t -> t.contains("label-join"));
        for (int w = 1; w <= 4; w++) {
            minute(w);
        }
        ShadowAgreement shadow = lastShadow();
        assertThat(shadow.getPairs()).isEqualTo(1);
        assertThat(shadow.getDisagreementsLabelled()).isZero();
        assertThat(shadow.getControlRight()).isZero();
        assertThat(shadow.getCandidateRight()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = JoinLayout.class, names = {"CO_PARTITIONED", "REPARTITION"})
    void requestOutcomesGoToShadowPairingAndNeverToTheModelBus(JoinLayout layout) {
        Map<String, TopologyDescription.Node> nodes = new HashMap<>();
        DriftwatchTopology.build(DriftwatchConfig.from(Map.of("window.size", "1m", "labels.join.layout",
                    layout.name().toLowerCase(Locale.ROOT).replace('_', '-'))),
                TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                    java.time.Clock.systemUTC(), 1000).withLabelJoin(JoinLayoutDecision.decide(layout, "predictions", 1,
                    "outcomes", 1)), TopologyStores.defaults(), false)
            .describe().subtopologies().forEach(s -> s.nodes().forEach(n -> nodes.put(n.name(), n)));
        TopologyDescription.Node outcomesOut = nodes.get("label-join-request-outcomes");
        assertThat(outcomesOut).isNotNull();
        assertThat(downstream(outcomesOut)).as("what the label join's request outcomes reach")
            .contains("shadow-pairs-repartition-sink")
            .doesNotContain("model-bus-repartition-sink");
        assertThat(downstream(nodes.get("label-join-bus"))).contains("model-bus-repartition-sink")
            .doesNotContain("shadow-pairs-repartition-sink");
    }

    /** Names of the nodes reachable from {@code node} within its sub-topology. */
    private static java.util.Set<String> downstream(TopologyDescription.Node node) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<TopologyDescription.Node> todo = new java.util.ArrayDeque<>(node.successors());
        while (!todo.isEmpty()) {
            TopologyDescription.Node n = todo.pop();
            if (seen.add(n.name())) {
                todo.addAll(n.successors());
            }
        }
        return seen;
    }
}
