package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.audit.AuditChainVerifier;
import io.driftwatch.comparison.ComparisonProcessor;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary story against the in-process broker, exactly-once: fraud-detector v2 gets 10% of the
 * traffic and is 4 accuracy points worse with a 40% slower p99; Driftwatch ends the comparison with
 * ROLL_BACK on the {@code alerts} topic and in the model's comparison audit chain, which verifies, and
 * the HTTP API shows the decision, among the firing alerts too.
 */
class CanaryRollBackIT {

    private static final int WINDOWS = 10;
    private static final int EVENTS_PER_WINDOW = 6000;

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static DriftwatchApp app;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        Path comparisons = dir.resolve("comparisons.yaml");
        Files.writeString(comparisons, """
            comparisons:
              - model: fraud-detector
                control: "1"
                candidate: "2"
                mode: canary
                metrics: {accuracy: 0.02, error_rate: 0.01, latency_p99: 0.2}
                min_samples: 100
                alpha: 0.01
            """);
        Map<String, String> props = FastWindowMonitor.settings(kafka, "canary-it", dir.resolve("state"));
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "1m");
        props.put("labels.revision.interval", "500ms");
        props.put("comparisons.file", comparisons.toString());
        DriftwatchConfig config = DriftwatchConfig.from(props);
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
    }

    @Test
    void aCanaryFourPointsWorseEndsInRollBackOnAlertsAndInTheAuditChain() throws Exception {
        PredictionEventJsonCodec predictions = new PredictionEventJsonCodec();
        OutcomeEventJsonCodec outcomes = new OutcomeEventJsonCodec();
        long now = System.currentTimeMillis();
        long first = Math.floorDiv(now - (WINDOWS + 2) * 5_000L, 5_000) * 5_000;
        SplittableRandom random = new SplittableRandom(10);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int w = 0; w < WINDOWS; w++) {
                for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                    boolean canary = i % 10 == 0;
                    long time = first + w * 5_000L + i * 4_000L / EVENTS_PER_WINDOW;
                    String truth = random.nextDouble() < 0.3 ? "1" : "0";
                    boolean right = random.nextDouble() < (canary ? 0.86 : 0.90);
                    String id = "c-" + w + "-" + i;
                    PredictionEvent e = PredictionEvent.newBuilder()
                        .setPredictionId(id).setModelId("fraud-detector").setModelVersion(canary ? "2" : "1")
                        .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", random.nextDouble()))
                        .setPrediction(Prediction.newBuilder().setLabel(right ? truth : (truth.equals("1") ? "0" : "1")).build())
                        .setLatencyMs(20 * Math.exp(0.4 * random.nextGaussian()) * (canary ? 1.4 : 1.0))
                        .setDeploymentRole(canary ? "canary" : "primary")
                        .build();
                    producer.send(new ProducerRecord<>("predictions", id, predictions.encode(e)));
                    OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("fraud-detector")
                        .setEventTime(Instant.ofEpochMilli(time + 100)).setLabel(truth).build();
                    producer.send(new ProducerRecord<>("outcomes", id, outcomes.encode(o)));
                }
            }
            producer.flush();
        }

        try (TopicReader alerts = new TopicReader(kafka.bootstrapServers(), "alerts");
             TopicReader audit = new TopicReader(kafka.bootstrapServers(), "audit");
             TopicReader comparisons = new TopicReader(kafka.bootstrapServers(), "comparisons")) {
            Alert decision = alerts.awaitRecords(rs -> rs.stream().anyMatch(r -> rollBack(r.value())),
                    Duration.ofSeconds(180), "a comparison-roll-back alert")
                .stream().map(r -> PlainJson.read(r.value(), Alert.class))
                .filter(a -> a.getRule().equals("comparison-roll-back")).findFirst().orElseThrow();
            assertThat(decision.getModelId()).isEqualTo("fraud-detector");
            assertThat(decision.getModelVersion()).isEqualTo("2");
            assertThat(decision.getLabels()).containsEntry("control_version", "1").containsEntry("decision", "ROLL_BACK");

            String chain = ComparisonProcessor.chain("fraud-detector");
            List<AuditRecord> records = audit.awaitRecords(rs -> rs.stream()
                    .anyMatch(r -> PlainJson.read(r.value(), AuditRecord.class).getModelId().equals(chain)),
                    Duration.ofSeconds(60), "the decision in the comparison audit chain")
                .stream().map(r -> PlainJson.read(r.value(), AuditRecord.class))
                .filter(r -> r.getModelId().equals(chain)).toList();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.getType()).isEqualTo(AuditType.ALERT_FIRED);
                assertThat(r.getSubject()).isEqualTo(decision.getFingerprint());
            });
            assertThat(AuditChainVerifier.verify(records).ok()).isTrue();

            List<ComparisonReport> reports = comparisons.drain(Duration.ofSeconds(2)).stream()
                .map(r -> PlainJson.read(r.value(), ComparisonReport.class)).toList();
            assertThat(reports).isNotEmpty().anySatisfy(r -> assertThat(r.getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK));
        }

        // The HTTP API answers from the comparison stage's store through interactive queries.
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.httpUrl() + "/api/models/fraud-detector/comparisons")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
        assertThat(body.path("comparisons").get(0).path("decision").asText()).isEqualTo("ROLL_BACK");
        // The decision is firing while the canary still serves, and listed with the other firing alerts.
        java.net.http.HttpResponse<String> firing = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.httpUrl() + "/api/alerts?model=fraud-detector")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(firing.statusCode()).as(firing.body()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(firing.body()).path("alerts"))
            .as(firing.body()).anySatisfy(a -> {
                assertThat(a.path("rule").asText()).isEqualTo("comparison-roll-back");
                assertThat(a.path("status").asText()).isEqualTo("FIRING");
            });

        // The CLI reads the same verdict from the comparisons topic, and the audit trail, comparison chain included, verifies.
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int listed;
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            listed = io.driftwatch.cli.DriftwatchCli.execute("comparison", "list", "--bootstrap-server", kafka.bootstrapServers());
        } finally {
            System.setOut(stdout);
        }
        assertThat(listed).isZero();
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("fraud-detector/1/2").contains("ROLL_BACK");
        assertThat(io.driftwatch.cli.DriftwatchCli.execute("audit", "verify", "--bootstrap-server", kafka.bootstrapServers()))
            .as("driftwatch audit verify exit code").isZero();
    }

    private static boolean rollBack(byte[] value) {
        return PlainJson.read(value, Alert.class).getRule().equals("comparison-roll-back");
    }
}
