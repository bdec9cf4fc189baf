package io.driftwatch.connect;

import static io.driftwatch.connect.RecordingHttpServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.RecordingHttpServer.Request;
import io.driftwatch.connect.RecordingHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Kafka and a real standalone Connect worker with the built plugin; the webhook receiver is a
 * local recording HTTP server. Secrets (the URLs and the token) come from a file through the
 * worker's FileConfigProvider and must never show in logs or in the REST API.
 */
class WebhookSinkIT {

    private static final String TOPIC = "alerts";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "fp-probe";
    private static final String TOKEN = "Bearer it-" + UUID.randomUUID();
    private static final String JSON_PATH = "/hooks/json-" + UUID.randomUUID();
    private static final String SLACK_PATH = "/services/T0/B0/" + UUID.randomUUID();

    @TempDir
    static Path dir;

    private static RecordingHttpServer receiver;
    private static EmbeddedConnectWorker worker;
    private static CapturedLogs logs;
    private static Path secrets;

    @BeforeAll
    static void startEverything() throws Exception {
        receiver = new RecordingHttpServer().respondWith(request -> request.body().contains("reject-me")
                ? new Response(400, "{\"error\":\"unknown model\"}", Map.of(), Duration.ZERO) : null);
        secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, String.join("\n",
                "webhook.url=" + receiver.uri(JSON_PATH),
                "webhook.authorization=" + TOKEN,
                "slack.webhook.url=" + receiver.uri(SLACK_PATH)), StandardCharsets.UTF_8);
        // Config dumps and task start-up at INFO, so that a leaked secret would be caught.
        logs = new CapturedLogs(Map.of("org.apache.kafka.connect", Level.INFO,
                "org.apache.kafka.common.config", Level.INFO));
        worker = EmbeddedConnectWorker.start(AlertmanagerSinkIT.pluginPath(),
                Files.createDirectories(dir.resolve("connect")), Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
        worker.createTopic(TOPIC, 1);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** A shipped config, with the secrets file of this test in place of /etc/kafka-connect/secrets/.... */
    private static Map<String, String> shipped(String file) throws Exception {
        Path path = Path.of(System.getProperty("driftwatch.connect.config.dir", "config"), file);
        Map<String, String> config = new HashMap<>();
        JSON.readTree(path.toFile()).get("config").properties().forEach(e -> config.put(e.getKey(),
                e.getValue().asText().replace("/etc/kafka-connect/secrets/driftwatch.properties", secrets.toString())));
        config.put("http.retry.backoff.initial.ms", "100");
        config.put("http.retry.backoff.max.ms", "400");
        return config;
    }

    @Test
    void deliversJsonAndSlackBodiesWithTheSecretHeaderAndDeadLettersWhatCannotBeDelivered() throws Exception {
        // History: a transition written before the connectors exist. A new webhook starts at the end of the topic.
        worker.produce(TOPIC, "fp-old", SampleAlerts.json(SampleAlerts.firing("fp-old", "drift-old")));
        Map<String, String> jsonConfig = shipped("webhook-sink.json");
        assertThat(jsonConfig.get("http.auth.header.value")).startsWith("${file:");
        worker.createConnector("driftwatch-webhook", jsonConfig);
        worker.createConnector("driftwatch-slack", shipped("slack-sink.json"));
        worker.awaitRunning("driftwatch-webhook", WAIT);
        worker.awaitRunning("driftwatch-slack", WAIT);
        awaitReadingAtBothReceivers();

        Map<String, Object> rejected = SampleAlerts.firing("fp-x", "drift-x");
        rejected.put("model_id", "reject-me");
        worker.produce(TOPIC, "fp-w", SampleAlerts.json(SampleAlerts.firing("fp-w", "drift-w")));
        worker.produce(TOPIC, "fp-x", SampleAlerts.json(rejected));
        worker.produce(TOPIC, "junk", "{\"hello\":\"world\"}");
        // The stream app writes alerts in transactions: one it aborted (a crash, a fencing) is in the log, and is no alert.
        worker.produceAborted(TOPIC, "fp-aborted", SampleAlerts.json(SampleAlerts.firing("fp-aborted", "drift-a")));
        worker.produce(TOPIC, "fp-w", SampleAlerts.json(SampleAlerts.resolved("fp-w", "drift-w", Instant.now())));

        // Delivery is in offset order, so once the last record is in, the aborted one would have come before it.
        await(WAIT, "the last transition at both receivers", () ->
                resolved(delivered(JSON_PATH)) && resolved(delivered(SLACK_PATH)));
        assertThat(receiver.requests(JSON_PATH)).noneMatch(r -> r.body().contains("fp-aborted"));
        assertThat(receiver.requests(SLACK_PATH)).noneMatch(r -> r.body().contains("fp-aborted"));
        assertThat(receiver.requests()).as("the topic's history").noneMatch(r -> r.body().contains("fp-old"));
        assertThat(delivered(JSON_PATH)).hasSize(2);
        assertThat(delivered(SLACK_PATH)).hasSize(2);

        // Generic JSON: the alert with the schema's field names, and the secret header.
        List<Request> json = delivered(JSON_PATH);
        assertThat(json).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(TOKEN));
        assertThat(json).extracting(r -> r.header("Idempotency-Key")).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches("\"alerts-0-\\d+-\\d+\""));
        JsonNode firing = JSON.readTree(json.get(0).body());
        assertThat(firing.get("fingerprint").asText()).isEqualTo("fp-w");
        assertThat(firing.get("status").asText()).isEqualTo("FIRING");
        assertThat(firing.get("starts_at").asText()).isEqualTo(SampleAlerts.WINDOW_END.toString());
        assertThat(firing.at("/evidence/top_features/0/feature").asText()).isEqualTo("amount");
        assertThat(firing.at("/labels/team").asText()).isEqualTo("risk-ml");
        assertThat(JSON.readTree(json.get(1).body()).get("status").asText()).isEqualTo("RESOLVED");

        // Slack: text and blocks, no credentials header (none configured for it).
        List<Request> slack = delivered(SLACK_PATH);
        assertThat(slack).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        JsonNode message = JSON.readTree(slack.get(0).body());
        assertThat(message.get("text").asText()).startsWith("[FIRING] CRITICAL: fraud-scorer v3: feature amount");
        assertThat(message.at("/blocks/0/type").asText()).isEqualTo("header");
        assertThat(JSON.readTree(slack.get(1).body()).get("text").asText()).startsWith("[RESOLVED]");

        // The refused alert and the record that is no alert are in the dead letter topic, with the cause.
        List<ConsumerRecord<String, String>> dead = worker.consume("alerts-webhook-dlq", WAIT, read -> read.size() >= 2);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("fp-x", "junk");
        assertThat(header(dead.get(0), "__connect.errors.exception.message"))
                .contains("Webhook refused alert fp-x", "HTTP 400", "unknown model");
        assertThat(header(dead.get(1), "__connect.errors.exception.message")).contains("'fingerprint' is missing");
        assertThat(worker.consume("alerts-slack-dlq", WAIT, read -> read.size() >= 2)).hasSize(2);

        // Secrets: used, yet neither logged nor shown by the REST API.
        assertThat(logs.lines()).anyMatch(line -> line.contains("WebhookSinkConfig values")
                && line.contains("http.auth.header.value = [hidden]") && line.contains("webhook.url = [hidden]"));
        assertThat(logs.lines()).noneMatch(line -> line.contains(TOKEN.substring(7)) || line.contains(JSON_PATH)
                || line.contains(SLACK_PATH));
        String restConfig = worker.get("/connectors/driftwatch-webhook/config").toString();
        assertThat(restConfig).contains("${file:").doesNotContain(TOKEN.substring(7)).doesNotContain(JSON_PATH);
        worker.awaitRunning("driftwatch-webhook", WAIT);
        worker.awaitRunning("driftwatch-slack", WAIT);
    }

    /** What reached a receiver, without the refused alert and the probes of {@link #awaitReadingAtBothReceivers}. */
    private static List<Request> delivered(String path) {
        return receiver.requests(path).stream()
                .filter(r -> !r.body().contains("reject-me") && !r.body().contains(PROBE)).toList();
    }

    /**
     * A new sink consumer takes its position at the end of the topic once it has its partitions, after the connector
     * reports RUNNING: probe alerts are written until one reaches each receiver, so that the test's records are read.
     */
    private static void awaitReadingAtBothReceivers() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (receiver.requests(JSON_PATH).stream().noneMatch(r -> r.body().contains(PROBE))
                || receiver.requests(SLACK_PATH).stream().noneMatch(r -> r.body().contains(PROBE))) {
            assertThat(System.nanoTime()).as("a probe alert at both receivers within %s", WAIT).isLessThan(deadline);
            worker.produce(TOPIC, PROBE, SampleAlerts.json(SampleAlerts.firing(PROBE, "drift-probe")));
            Thread.sleep(500);
        }
    }

    private static boolean resolved(List<Request> requests) {
        return requests.stream().anyMatch(r -> r.body().contains("RESOLVED"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
