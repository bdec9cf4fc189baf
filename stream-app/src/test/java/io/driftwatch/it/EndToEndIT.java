package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.json.PlainJson;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application against a real KRaft broker: predictions in as Avro through the registry
 * wire format and as JSON, window reports, alerts and audit records out, exactly-once, and
 * {@code driftwatch audit verify} on the result.
 */
class EndToEndIT {

    private static final String REGISTRY = "mock://end-to-end";
    /**
     * Large enough that sampling noise stays far below the default drift threshold (normalised
     * Wasserstein 0.1): with 400 events per window the exact distance of an unshifted window
     * reaches 0.11 for this seed, and the sketched one flickers around the threshold.
     */
    private static final int EVENTS_PER_WINDOW = 2000;
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static DriftwatchApp app;
    private static DriftwatchConfig config;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
            version: 1
            rules:
              - name: amount-drift
                metric: feature.drift
                feature: amount
                comparator: "=="
                threshold: 1
                severity: critical
            """);
        Map<String, String> props = FastWindowMonitor.settings(kafka, "e2e", dir.resolve("state"));
        props.put("schema.registry.url", REGISTRY);
        props.put("drift.min.sample.size", "100");
        props.put("baseline.capture", "off");
        props.put("rules.file", rules.toString());
        config = DriftwatchConfig.from(props);
        app = FastWindowMonitor.start(kafka, config);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        MockSchemaRegistry.dropScope("end-to-end");
    }

    private static ReferenceProfile baseline() {
        Random rnd = new Random(1);
        WindowProfile reference = new WindowProfile(ProfileSettings.defaults());
        for (int i = 0; i < 20_000; i++) {
            reference.addFeature("amount", rnd.nextGaussian());
            reference.addFeature("country", i % 2 == 0 ? "de" : "fr");
            reference.countEvent(false);
        }
        return ReferenceProfileFactory.fromProfile("fraud", "1", reference, BaselineSource.TRAINING_DATA, "it",
            java.time.Instant.now(), Map.of());
    }

    @Test
    void eventsInReportsAlertsAndAVerifiedAuditChainOut() throws Exception {
        Map<String, Object> producerProps = new HashMap<>(TopicReader.producerProps(kafka.bootstrapServers()));
        producerProps.put("schema.registry.url", REGISTRY);
        try (KafkaProducer<String, ReferenceProfile> baselines = new KafkaProducer<>(producerProps, new StringSerializer(),
                 app.serdes().baselines().serializer())) {
            baselines.send(new ProducerRecord<>(config.topics().baselines(), "fraud/1", baseline())).get();
        }
        // Give the global baselines store a moment to see it: wait on the store itself.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.streams().store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType("baselines",
                org.apache.kafka.streams.state.QueryableStoreTypes.<String, ReferenceProfile>keyValueStore())).get("fraud/1") == null) {
            assertThat(System.nanoTime()).as("baseline reached the global store").isLessThan(deadline);
            Thread.sleep(50);
        }

        AvroSerializer<PredictionEvent> avro = new AvroSerializer<>();
        avro.configure(Map.of("schema.registry.url", REGISTRY), false);
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        long now = System.currentTimeMillis();
        long first = Math.floorDiv(now - 40_000, 5_000) * 5_000;
        Random rnd = new Random(2);
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int w = 0; w < 4; w++) {
                double shift = w == 2 ? 3.0 : 0.0;
                for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                    PredictionEvent e = PredictionEvent.newBuilder()
                        .setPredictionId("e2e-" + w + "-" + i).setModelId("fraud").setModelVersion("1")
                        .setEventTime(java.time.Instant.ofEpochMilli(first + w * 5_000L + i * 2L))
                        .setFeatures(Map.of("amount", rnd.nextGaussian() + shift, "country", i % 2 == 0 ? "de" : "fr"))
                        .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
                        .setLatencyMs(3.0)
                        .build();
                    // Half the producers speak Avro through the registry, half JSON.
                    byte[] value = i % 2 == 0 ? avro.serialize("predictions", e) : json.encode(e);
                    producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), value));
                    sent++;
                }
            }
            producer.send(new ProducerRecord<>("predictions", "broken", "{not json".getBytes())).get();
        }
        assertThat(sent).isEqualTo(4 * EVENTS_PER_WINDOW);

        try (TopicReader reports = new TopicReader(kafka.bootstrapServers(), "window-reports");
             TopicReader alerts = new TopicReader(kafka.bootstrapServers(), "alerts");
             TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "dead-letter")) {
            List<ConsumerRecord<byte[], byte[]>> out = reports.awaitRecords(rs -> rs.size() >= 4, Duration.ofSeconds(60),
                "four window reports");
            List<WindowReport> windows = out.stream().map(r -> PlainJson.read(r.value(), WindowReport.class))
                .sorted(java.util.Comparator.comparing(WindowReport::getWindowStart)).toList();
            assertThat(windows).extracting(WindowReport::getEventCount).containsExactly(Collections.nCopies(4, (long) EVENTS_PER_WINDOW).toArray(Long[]::new));
            Map<String, FeatureDrift> drifted = new HashMap<>();
            windows.get(2).getFeatures().forEach(f -> drifted.put(f.getFeature(), f));
            assertThat(drifted.get("amount").getVerdict()).isEqualTo(Verdict.DRIFT);
            assertThat(drifted.get("country").getVerdict()).isEqualTo(Verdict.NO_DRIFT);
            for (int w : new int[] {0, 1, 3}) {
                assertThat(windows.get(w).getFeatures()).as("window %d before and after the shift", w)
                    .filteredOn(f -> f.getFeature().equals("amount"))
                    .allMatch(f -> f.getVerdict() == Verdict.NO_DRIFT);
            }

            List<Alert> transitions = alerts.awaitRecords(rs -> rs.size() >= 2, Duration.ofSeconds(30), "alert fired and resolved")
                .stream().map(r -> PlainJson.read(r.value(), Alert.class)).toList();
            assertThat(transitions).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
            assertThat(transitions.get(0).getFeature()).isEqualTo("amount");

            ConsumerRecord<byte[], byte[]> dead = deadLetters.awaitRecords(rs -> !rs.isEmpty(), Duration.ofSeconds(30),
                "the broken record in the dead letters").get(0);
            assertThat(new String(dead.value())).isEqualTo("{not json");
            assertThat(TopicReader.header(dead, DeadLetterHeaders.REASON)).isEqualTo("MALFORMED_JSON");
            assertThat(TopicReader.header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("predictions");
        }

        try (TopicReader audit = new TopicReader(kafka.bootstrapServers(), "audit")) {
            List<AuditRecord> chain = audit.awaitRecords(rs -> rs.stream()
                    .filter(r -> PlainJson.read(r.value(), AuditRecord.class).getType() == io.driftwatch.schemas.AuditType.ALERT_RESOLVED)
                    .count() == 1, Duration.ofSeconds(30), "the audit record of the resolution")
                .stream().map(r -> PlainJson.read(r.value(), AuditRecord.class)).toList();
            assertThat(chain).isNotEmpty();
        }
        int exit = DriftwatchCli.execute("audit", "verify", "--bootstrap-server", kafka.bootstrapServers());
        assertThat(exit).as("driftwatch audit verify exit code").isZero();
    }
}
