package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's {@code docker/alertmanager/alertmanager.yml} in a real Alertmanager (Debian's
 * {@code prometheus-alertmanager}, or {@code DRIFTWATCH_ALERTMANAGER_BIN}): alerts posted the way
 * Prometheus and the Kafka Connect sink post them are muted, or not, by the inhibition rules.
 * amtool cannot check inhibition statically.
 */
class AlertmanagerInhibitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path storage;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process alertmanager;
    private Path log;
    private URI base;

    @BeforeEach
    void startAlertmanager() throws IOException, InterruptedException {
        // DRIFTWATCH_ALERTMANAGER_BIN names another binary, as for the connectors' tests.
        String chosen = System.getenv("DRIFTWATCH_ALERTMANAGER_BIN");
        Path binary = chosen != null && !chosen.isBlank() ? Path.of(chosen)
            : ExternalTool.find("alertmanager")
                .orElseGet(() -> ExternalTool.require("prometheus-alertmanager", "prometheus-alertmanager"));
        Path config = RepositoryRoot.find().resolve("docker/alertmanager/alertmanager.yml");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        log = storage.resolve("alertmanager.log");
        alertmanager = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!ready()) {
            if (!alertmanager.isAlive() || Instant.now().isAfter(deadline)) {
                fail("Alertmanager did not become ready within " + DEADLINE + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void criticalAlertsMuteWarningsOfTheSameModelVersionAndFeatureAndAppHealthMutesItsPipelineWarnings() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        ArrayNode alerts = JSON.createArrayNode();
        // A critical model-level alert from Prometheus mutes the model version's model-level warnings ...
        alerts.add(alert("dataset", "DriftwatchDatasetDrift", "critical", "model", "fraud-scorer", "version", "v3"));
        expected.put("dataset", "active");
        alerts.add(alert("latency-fraud", "DriftwatchLatencyP99High", "warning", "model", "fraud-scorer", "version", "v3"));
        expected.put("latency-fraud", "suppressed");
        // ... not another model's, nor another version's ...
        alerts.add(alert("latency-churn", "DriftwatchLatencyP99High", "warning", "model", "churn", "version", "v1"));
        expected.put("latency-churn", "active");
        alerts.add(alert("latency-fraud-v2", "DriftwatchLatencyP99High", "warning", "model", "fraud-scorer", "version", "v2"));
        expected.put("latency-fraud-v2", "active");
        // ... nor a warning about one feature, which only a critical alert about that feature mutes
        // (here one from Driftwatch's own rules, as the connector labels it).
        alerts.add(alert("feature-critical", "feature_drift", "critical", "model", "fraud-scorer", "version", "v3", "feature", "amount"));
        expected.put("feature-critical", "active");
        alerts.add(alert("feature-amount", "DriftwatchFeatureDrift", "warning", "model", "fraud-scorer", "version", "v3", "feature", "amount"));
        expected.put("feature-amount", "suppressed");
        alerts.add(alert("feature-hour", "DriftwatchFeatureDrift", "warning", "model", "fraud-scorer", "version", "v3", "feature", "hour"));
        expected.put("feature-hour", "active");
        // An instance that is down mutes its own pipeline warnings, not another instance's.
        alerts.add(alert("down", "DriftwatchAppDown", "critical", "job", "driftwatch", "instance", "driftwatch:8080"));
        expected.put("down", "active");
        alerts.add(alert("lag-down", "DriftwatchPipelineLagHigh", "warning", "job", "driftwatch", "instance", "driftwatch:8080"));
        expected.put("lag-down", "suppressed");
        alerts.add(alert("lag-other", "DriftwatchPipelineLagHigh", "warning", "job", "driftwatch", "instance", "driftwatch-2:8080"));
        expected.put("lag-other", "active");

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(alerts))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        // The inhibitor sees posted alerts asynchronously: poll until the states settle.
        Map<String, String> states = Map.of();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            states = states();
            if (states.equals(expected)) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(states).as("alert states by test id; Alertmanager log:\n%s", Files.readString(log)).isEqualTo(expected);
    }

    private ObjectNode alert(String id, String alertname, String severity, String... labelPairs) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", alertname).put("severity", severity).put("test_id", id);
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        alert.putObject("annotations").put("summary", id);
        alert.put("endsAt", Instant.now().plus(Duration.ofHours(1)).toString());
        return alert;
    }

    private Map<String, String> states() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> states = new TreeMap<>();
        for (JsonNode alert : JSON.readTree(response.body())) {
            states.put(alert.path("labels").path("test_id").asText(), alert.path("status").path("state").asText());
        }
        return states;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
