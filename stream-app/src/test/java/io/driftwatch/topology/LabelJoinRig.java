package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole topology in a {@link TopologyTestDriver} with the label join in a given layout, 1-minute
 * windows, a 1-hour horizon, and a fixed clock, so that two layouts fed the same records can be
 * compared report for report. Records are sent with the key the caller chooses.
 */
final class LabelJoinRig implements AutoCloseable {

    static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> predictions;
    private final TestInputTopic<byte[], byte[]> outcomes;
    private final TestOutputTopic<String, WindowReport> reports;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, io.driftwatch.schemas.Alert> alerts;
    final org.apache.kafka.streams.Topology topology;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    LabelJoinRig(JoinLayout layout) {
        this(layout, io.driftwatch.alerting.RulesSource.defaults());
    }

    LabelJoinRig(JoinLayout layout, io.driftwatch.alerting.RulesSource rules) {
        // The clock stays at T0 (reports then compare equal, emitted_at included) while events run hours past it:
        // allowed, or they would be events stamped ahead of the clock, which move no window.
        this(layout, rules, Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), Map.of("window.max.lead", "1d"));
    }

    /** @param settings what the test changes in the rig's configuration */
    LabelJoinRig(JoinLayout layout, io.driftwatch.alerting.RulesSource rules, Clock clock, Map<String, String> settings) {
        this(layout, rules, clock, settings, dependencies -> dependencies);
    }

    /** @param wiring what the test changes in the dependencies, e.g. the window layout */
    LabelJoinRig(JoinLayout layout, io.driftwatch.alerting.RulesSource rules, Clock clock, Map<String, String> settings,
                 java.util.function.UnaryOperator<TopologyDependencies> wiring) {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "5m");
        props.put("drift.min.sample.size", "30");
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "1h");
        props.put("labels.revision.interval", "5s");
        props.put("segments.attributes", "group");
        props.put("labels.join.layout", layout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        props.putAll(settings);
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = TestDriverProperties.forApplication("label-join-rig");
        JoinLayoutDecision decision = JoinLayoutDecision.decide(layout, "predictions", 1, "outcomes", 1);
        topology = DriftwatchTopology.build(config,
            wiring.apply(TopologyDependencies.of(serdes, metrics, rules, clock, 1000).withLabelJoin(decision)),
            TopologyStores.defaults(), false);
        driver = new TopologyTestDriver(topology, streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        outcomes = driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
        deadLetters = driver.createOutputTopic("dead-letter", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
    }

    /** Names of the topics the topology reads or writes, internal ones included. */
    java.util.Set<String> topics() {
        return driver.producedTopicNames();
    }

    static PredictionEvent prediction(String id, String model, long time, double score, String group) {
        return PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", score))
            .setPrediction(Prediction.newBuilder().setScore(score).build())
            .setSegments(Map.of("group", group))
            .build();
    }

    void send(byte[] key, PredictionEvent e) {
        predictions.pipeInput(key, serdes.predictionSerde.serializer().serialize("p", e), e.getEventTime().toEpochMilli());
    }

    void sendOutcome(byte[] key, String id, String model, long time, String label) {
        OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId(model)
            .setEventTime(Instant.ofEpochMilli(time)).setLabel(label).build();
        outcomes.pipeInput(key, serdes.outcomeSerde.serializer().serialize("o", o), time);
    }

    /** Lets the label join hand what it joined to the merge stage, and revisions come due. */
    void heartbeat(Duration wallClock) {
        driver.advanceWallClockTime(wallClock);
    }

    /** An event past the window's end and grace, so the window closes. */
    void closeWindowOf(String model, long windowStart) {
        PredictionEvent closer = PredictionEvent.newBuilder().setPredictionId("closer-" + model + "-" + windowStart)
            .setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(windowStart + MINUTE + 10_001)).setFeatures(Map.of())
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
        send(closer.getPredictionId().getBytes(java.nio.charset.StandardCharsets.UTF_8), closer);
    }

    List<WindowReport> reports() {
        return reports.readValuesToList();
    }

    List<io.driftwatch.schemas.Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    double counter(String name) {
        return metrics.find(name).counter() == null ? 0 : metrics.find(name).counter().count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
