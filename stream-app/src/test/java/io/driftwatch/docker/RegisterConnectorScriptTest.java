package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/connect/register-connector.sh}, the compose stack's one-shot that creates the
 * Alertmanager sink, run by {@code sh} with the real {@code curl} against a stand-in for Kafka
 * Connect's REST API that answers as Connect does (201 created, 409 exists or rebalancing, 400
 * invalid config, no plugin).
 */
class RegisterConnectorScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "driftwatch-alertmanager";

    private final Path root = RepositoryRoot.find();
    private final Path connectorConfig = root.resolve("connectors/config/alertmanager-sink.json");
    private final List<String> postedBodies = new CopyOnWriteArrayList<>();
    private final List<String> postedContentTypes = new CopyOnWriteArrayList<>();
    /** Status codes (and bodies) for the next POSTs; the last one repeats. */
    private final Deque<Map.Entry<Integer, String>> postAnswers = new ArrayDeque<>();
    private volatile boolean pluginInstalled = true;
    private volatile boolean connectorExists;
    private HttpServer connect;

    @BeforeEach
    void startConnectStandIn() throws IOException {
        connect = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        connect.createContext("/connector-plugins", exchange -> answer(exchange, 200, pluginInstalled
            ? "[{\"class\":\"io.driftwatch.connect.AlertmanagerSinkConnector\",\"type\":\"sink\",\"version\":\"0.1.0\"}]"
            : "[{\"class\":\"org.apache.kafka.connect.mirror.MirrorSourceConnector\",\"type\":\"source\"}]"));
        connect.createContext("/connectors", this::connectors);
        connect.start();
    }

    @AfterEach
    void stopConnectStandIn() {
        connect.stop(0);
    }

    @Test
    void createsTheConnectorFromTheShippedConfigFile() throws IOException {
        postAnswers.add(Map.entry(201, "{\"name\":\"" + NAME + "\"}"));

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).contains("Created connector " + NAME);
        assertThat(postedBodies).hasSize(1);
        assertThat(JSON.readTree(postedBodies.get(0))).isEqualTo(JSON.readTree(connectorConfig.toFile()));
        assertThat(postedContentTypes).containsExactly("application/json");
    }

    @Test
    void aConnectorThatExistsAlreadyIsSuccessSoTheStackCanRestart() {
        postAnswers.add(Map.entry(409, "{\"error_code\":409,\"message\":\"Connector " + NAME + " already exists\"}"));
        connectorExists = true;

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.output()).contains("exists already");
        assertThat(postedBodies).hasSize(1);
    }

    @Test
    void aConflictWhileWorkersRebalanceIsRetried() {
        postAnswers.add(Map.entry(409, "{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale configuration\"}"));
        postAnswers.add(Map.entry(409, "{\"error_code\":409,\"message\":\"Cannot complete request because of a conflicting operation\"}"));
        postAnswers.add(Map.entry(201, "{\"name\":\"" + NAME + "\"}"));

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(postedBodies).hasSize(3);
    }

    @Test
    void anInvalidConfigFailsAtOnceWithConnectsAnswer() {
        postAnswers.add(Map.entry(400, "{\"error_code\":400,\"message\":\"Connector configuration is invalid: alertmanager.urls\"}"));

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.output()).contains("HTTP 400").contains("Connector configuration is invalid: alertmanager.urls");
        assertThat(postedBodies).hasSize(1);
    }

    @Test
    void aWorkerWithoutThePluginFailsWithTheCommandThatBuildsIt() {
        pluginInstalled = false;

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.output()).contains("./mvnw -B -pl connectors -am package")
            .contains("connectors/target/driftwatch-connectors-0.1.0-plugin");
        assertThat(postedBodies).isEmpty();
    }

    @Test
    void givesUpAfterItsAttemptsWhenConnectKeepsFailing() {
        postAnswers.add(Map.entry(500, "{\"error_code\":500,\"message\":\"Request timed out\"}"));

        ExternalTool.Result result = runScript();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.output()).contains("Gave up creating " + NAME + " after 3 attempts").contains("HTTP 500")
            .contains("Request timed out");
        assertThat(postedBodies).hasSize(3);
    }

    private ExternalTool.Result runScript() {
        Path sh = ExternalTool.require("sh", "dash");
        ExternalTool.require("curl", "curl");
        return ExternalTool.run(root, Duration.ofSeconds(30), Map.of(
                "CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort(),
                "CONNECTOR_NAME", NAME,
                "CONNECTOR_CONFIG", connectorConfig.toString(),
                "ATTEMPTS", "3",
                "RETRY_INTERVAL", "0"),
            List.of(sh.toString(), root.resolve("docker/connect/register-connector.sh").toString()));
    }

    private void connectors(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.equals("/connectors")) {
            postedBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            postedContentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            Map.Entry<Integer, String> next = postAnswers.size() > 1 ? postAnswers.poll() : postAnswers.peek();
            if (next.getKey() == 201) {
                connectorExists = true;
            }
            answer(exchange, next.getKey(), next.getValue());
        } else if (path.equals("/connectors/" + NAME)) {
            answer(exchange, connectorExists ? 200 : 404, connectorExists ? "{\"name\":\"" + NAME + "\"}"
                : "{\"error_code\":404,\"message\":\"Connector " + NAME + " not found\"}");
        } else if (path.equals("/connectors/" + NAME + "/status")) {
            answer(exchange, 200, "{\"name\":\"" + NAME + "\",\"connector\":{\"state\":\"RUNNING\"}}");
        } else {
            answer(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
