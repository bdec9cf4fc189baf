package io.driftwatch.connect;

import static io.driftwatch.connect.RecordingHttpServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real everything: Kafka (in-process KRaft), a standalone Connect worker that loads the built
 * plugin from {@code plugin.path}, and Debian's Alertmanager as a child process. One scenario, in
 * the order an on-call week would have it: an alert fires and resolves; Alertmanager crashes while
 * alerts fire and a new one arrives; the connector restarts and rebuilds what fires from the topic.
 */
class AlertmanagerSinkIT {

    private static final String TOPIC = "alerts";
    private static final String CONNECTOR = "driftwatch-alertmanager";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static AlertmanagerProcess alertmanager;
    private static EmbeddedConnectWorker worker;
    private static CapturedLogs logs;

    private static Optional<Path> binary;

    @BeforeAll
    static void startEverything() throws Exception {
        binary = AlertmanagerProcess.binary();
        if (binary.isEmpty()) {
            return; // the test reports the skip, with the reason
        }
        alertmanager = AlertmanagerProcess.start(binary.get(), dir.resolve("alertmanager"));
        logs = new CapturedLogs(Map.of());
        worker = EmbeddedConnectWorker.start(pluginPath(), Files.createDirectories(dir.resolve("connect")), Map.of());
        worker.createTopic(TOPIC, 2);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    static Path pluginPath() {
        Path path = Path.of(System.getProperty("driftwatch.connect.plugin.path", "target/plugin-path-not-set"));
        assertThat(path).as("the plugin folder built at package (run the ITs with mvn verify)").isDirectory();
        return path;
    }

    /** The shipped connectors/config/alertmanager-sink.json, pointed at this test's Alertmanager and sped up. */
    private static Map<String, String> connectorConfig() throws Exception {
        Path shipped = Path.of(System.getProperty("driftwatch.connect.config.dir", "config"), "alertmanager-sink.json");
        JsonNode root = new ObjectMapper().readTree(shipped.toFile());
        assertThat(root.get("name").asText()).isEqualTo(CONNECTOR);
        Map<String, String> config = new HashMap<>();
        root.get("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("alertmanager.urls", alertmanager.baseUri().toString());
        config.put("alertmanager.repost.interval.ms", "1000");
        config.put("http.retries.max", "2");
        config.put("http.retry.backoff.initial.ms", "100");
        config.put("http.retry.backoff.max.ms", "400");
        config.put("http.request.timeout.ms", "3000");
        return config;
    }

    private static void produce(Map<String, Object> alert) throws Exception {
        worker.produce(TOPIC, (String) alert.get("fingerprint"), SampleAlerts.json(alert));
    }

    private static boolean active(String alertname) throws Exception {
        return !alertmanager.activeAlerts(alertname).isEmpty();
    }

    private static void awaitActive(String... alertnames) throws Exception {
        for (String name : alertnames) {
            await(WAIT, name + " active in Alertmanager", () -> {
                try {
                    return active(name);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static List<String> catchUps() {
        return logs.lines().stream().filter(line -> line.contains("Caught up:")).toList();
    }

    @Test
    void alertsReachAlertmanagerResolveAndSurviveItsCrashAndTheConnectorsRestart() throws Exception {
        assumeTrue(binary.isPresent(), AlertmanagerProcess.MISSING);
        JsonNode plugins = worker.get("/connector-plugins?connectorsOnly=true");
        assertThat(plugins.findValuesAsText("class")).contains("io.driftwatch.connect.AlertmanagerSinkConnector",
                "io.driftwatch.connect.WebhookSinkConnector");
        worker.createConnector(CONNECTOR, connectorConfig());
        worker.awaitRunning(CONNECTOR, WAIT);

        // 1. A firing alert appears in Alertmanager with the expected labels and annotations. Before it, in its
        //    partition, a firing alert the stream app wrote in a transaction it then aborted: no alert at all.
        worker.produceAborted(TOPIC, "fp-a", SampleAlerts.json(SampleAlerts.firing("fp-ghost", "drift-ghost")));
        produce(SampleAlerts.firing("fp-a", "drift-a"));
        awaitActive("drift-a");
        assertThat(active("drift-ghost")).as("an alert of an aborted transaction").isFalse();
        JsonNode alert = alertmanager.activeAlerts("drift-a").get(0);
        assertThat(alert.get("labels").properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "alertname", "model", "version", "feature", "severity", "team", "service");
        assertThat(alert.at("/labels/model").asText()).isEqualTo("fraud-scorer");
        assertThat(alert.at("/labels/version").asText()).isEqualTo("v3");
        assertThat(alert.at("/labels/feature").asText()).isEqualTo("amount");
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(alert.at("/labels/team").asText()).isEqualTo("risk-ml");
        assertThat(alert.at("/annotations/summary").asText()).startsWith("fraud-scorer v3: feature amount drifted");
        assertThat(alert.at("/annotations/description").asText()).contains("feature.psi = 0.3112 (>= 0.25)",
                "- merchant_category: chi_square 41.5");
        assertThat(alert.at("/annotations/runbook_url").asText()).isEqualTo("https://runbooks.example.com/drift");
        assertThat(alert.at("/status/state").asText()).isEqualTo("active");
        assertThat(Instant.parse(alert.get("startsAt").asText())).isEqualTo(SampleAlerts.WINDOW_END);

        // 2. Its RESOLVED record resolves it: Alertmanager no longer lists it as active.
        produce(SampleAlerts.resolved("fp-a", "drift-a", Instant.now()));
        await(WAIT, "drift-a resolved", () -> {
            try {
                return !active("drift-a");
            } catch (Exception e) {
                return false;
            }
        });

        // 3. Alertmanager crashes (SIGKILL: it keeps no alerts on disk) while drift-b fires, and
        //    drift-c arrives while it is down. The task retries, then Connect redelivers.
        produce(SampleAlerts.firing("fp-b", "drift-b"));
        awaitActive("drift-b");
        alertmanager.kill();
        produce(SampleAlerts.firing("fp-c", "drift-c"));
        await(WAIT, "Connect to redeliver after the task's retries ran out",
                () -> logs.contains("RetriableException from SinkTask"));
        alertmanager.start();
        awaitActive("drift-b", "drift-c");
        assertThat(active("drift-a")).isFalse();
        worker.awaitRunning(CONNECTOR, WAIT);

        // 4. The connector restarts after committing its offsets; its new task knows what fires
        //    only by re-reading the topic. A fresh Alertmanager gets drift-b and drift-c again.
        await(WAIT, "offsets committed to the end of the topic", () -> {
            try {
                return worker.committedToEnd(CONNECTOR, TOPIC);
            } catch (Exception e) {
                return false;
            }
        });
        long catchUpsBefore = catchUps().size();
        worker.restartConnectorAndTasks(CONNECTOR);
        await(WAIT, "the restarted task to catch up", () -> catchUps().size() > catchUpsBefore);
        assertThat(catchUps().get(catchUps().size() - 1)).endsWith("Caught up: 2 alert(s) firing");
        worker.awaitRunning(CONNECTOR, WAIT);
        alertmanager.kill();
        alertmanager.start();
        awaitActive("drift-b", "drift-c");
        assertThat(active("drift-a")).isFalse();
        assertThat(active("drift-ghost")).isFalse();
        assertThat(logs.lines()).noneMatch(line -> line.contains("ERROR") && line.contains(CONNECTOR)
                && line.contains("unrecoverable"));
    }

}
