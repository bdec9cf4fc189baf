package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

    private static final Path CONFIG_DIR = Path.of("config");
    private static final Path DOC = Path.of("..", "docs", "connectors.md");
    private static final String OFFSET_RESET_OVERRIDE = "consumer.override.auto.offset.reset";

    private static Map<String, String> alertmanager(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("name", "am", "topics", "alerts",
                AlertmanagerSinkConfig.URLS, "http://alertmanager:9093"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static Map<String, String> webhook(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("name", "hook", "topics", "alerts",
                WebhookSinkConfig.URL, "https://hooks.example.com/x"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static Map<String, List<String>> errors(SinkConnector connector, Map<String, String> props) {
        Config config = connector.validate(props);
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void defaultsAreValid() {
        assertThat(errors(new AlertmanagerSinkConnector(), alertmanager())).isEmpty();
        assertThat(errors(new WebhookSinkConnector(), webhook())).isEmpty();
    }

    @Test
    void alertmanagerUrlsAreRequiredAndChecked() {
        Map<String, String> props = alertmanager();
        props.remove(AlertmanagerSinkConfig.URLS);
        assertThat(errors(new AlertmanagerSinkConnector(), props)).containsKey(AlertmanagerSinkConfig.URLS);

        assertThat(errors(new AlertmanagerSinkConnector(), alertmanager(AlertmanagerSinkConfig.URLS,
                "http://am-0:9093,ftp://am-1")).get(AlertmanagerSinkConfig.URLS))
                .anySatisfy(m -> assertThat(m).contains("absolute http:// or https:// URL"));
        assertThat(errors(new AlertmanagerSinkConnector(), alertmanager(AlertmanagerSinkConfig.URLS,
                "http://admin:hunter2@am:9093")).get(AlertmanagerSinkConfig.URLS))
                .anySatisfy(m -> assertThat(m).contains(HttpConfig.AUTH_HEADER_VALUE).doesNotContain("hunter2"));
    }

    @Test
    void alertsPathIsAppendedUnlessPresent() {
        assertThat(AlertmanagerSinkConfig.alertsUri("http://am:9093").toString())
                .isEqualTo("http://am:9093/api/v2/alerts");
        assertThat(AlertmanagerSinkConfig.alertsUri("http://proxy/alertmanager/").toString())
                .isEqualTo("http://proxy/alertmanager/api/v2/alerts");
        assertThat(AlertmanagerSinkConfig.alertsUri("http://am:9093/api/v2/alerts").toString())
                .isEqualTo("http://am:9093/api/v2/alerts");
    }

    @Test
    void backoffsMustBeInOrder() {
        assertThat(errors(new AlertmanagerSinkConnector(), alertmanager(HttpConfig.RETRY_BACKOFF_INITIAL_MS, "5000",
                HttpConfig.RETRY_BACKOFF_MAX_MS, "1000")).get(HttpConfig.RETRY_BACKOFF_MAX_MS))
                .containsExactly("http.retry.backoff.max.ms (1000) must be at least http.retry.backoff.initial.ms (5000)");
        assertThatThrownBy(() -> new AlertmanagerSinkConnector().start(alertmanager(
                HttpConfig.RETRY_BACKOFF_INITIAL_MS, "5000", HttpConfig.RETRY_BACKOFF_MAX_MS, "1000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be at least");
    }

    @Test
    void retriesMustEndWithinTheConsumersPollInterval() {
        String[] slow = {HttpConfig.RETRIES_MAX, "10", HttpConfig.REQUEST_TIMEOUT_MS, "30000"};
        // Per Alertmanager: 11 attempts x (5 s + 30 s) = 385 s, plus backoffs 0.5+1+2+4+8+5x10 = 65.5 s;
        // 450.5 s each, 901 s for two.
        Map<String, String> props = alertmanager(slow);
        props.put(AlertmanagerSinkConfig.URLS, "http://am-0:9093,http://am-1:9093");

        assertThat(errors(new AlertmanagerSinkConnector(), props).get(HttpConfig.RETRIES_MAX))
                .singleElement().asString()
                .contains("up to 901000 ms", "2 endpoint(s)", "max.poll.interval.ms (300000 ms)",
                        "consumer.override.max.poll.interval.ms");

        props.put("consumer.override.max.poll.interval.ms", "1000000");
        assertThat(errors(new AlertmanagerSinkConnector(), props)).isEmpty();
    }

    @Test
    void aConnectorThatWouldReadAbortedAlertsIsRefusedAndOneThatLeavesItToTheWorkerIsWarnedAbout() throws Exception {
        String key = ConnectorValidation.ISOLATION_LEVEL_OVERRIDE;
        assertThat(errors(new AlertmanagerSinkConnector(), alertmanager(key, "read_uncommitted")).get(key))
                .singleElement().asString().contains("aborted", "Set it to read_committed");
        assertThat(errors(new WebhookSinkConnector(), webhook(key, "read_uncommitted"))).containsKey(key);
        assertThatThrownBy(() -> new WebhookSinkConnector().start(webhook(key, "read_uncommitted")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
        assertThat(errors(new WebhookSinkConnector(), webhook(key, "read_committed"))).isEmpty();

        try (CapturedLogs logs = new CapturedLogs(Map.of())) {
            new WebhookSinkConnector().start(webhook(key, "read_committed"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(key));
            new AlertmanagerSinkConnector().start(alertmanager());
            assertThat(logs.lines()).anyMatch(line -> line.contains("WARN") && line.contains(key + " is not set")
                    && line.contains("consumer.isolation.level=read_committed"));
        }
    }

    @Test
    void credentialsHeaderMustBeAHeaderJavaLetsUsSet() {
        assertThat(errors(new WebhookSinkConnector(), webhook(HttpConfig.AUTH_HEADER_NAME, "X Api Key")))
                .containsKey(HttpConfig.AUTH_HEADER_NAME);
        assertThat(errors(new WebhookSinkConnector(), webhook(HttpConfig.AUTH_HEADER_NAME, "Host"))
                .get(HttpConfig.AUTH_HEADER_NAME)).anySatisfy(m -> assertThat(m).contains("does not allow"));
        assertThat(errors(new WebhookSinkConnector(), webhook(HttpConfig.AUTH_HEADER_NAME, "X-Api-Key"))).isEmpty();
    }

    @Test
    void webhookUrlAndFormatAreChecked() {
        assertThat(errors(new WebhookSinkConnector(), webhook(WebhookSinkConfig.FORMAT, "xml")))
                .containsKey(WebhookSinkConfig.FORMAT);
        assertThat(errors(new WebhookSinkConnector(), webhook(WebhookSinkConfig.URL, "hooks.slack.com/services/T/B/X"))
                .get(WebhookSinkConfig.URL)).allSatisfy(m -> assertThat(m).doesNotContain("T/B/X"));
        Map<String, String> props = webhook();
        props.remove(WebhookSinkConfig.URL);
        assertThat(errors(new WebhookSinkConnector(), props)).containsKey(WebhookSinkConfig.URL);
    }

    @Test
    void everyTaskGetsTheConnectorsConfig() {
        AlertmanagerSinkConnector connector = new AlertmanagerSinkConnector();
        Map<String, String> props = alertmanager();
        connector.start(props);

        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(task -> assertThat(task).isEqualTo(props));
        assertThat(connector.taskClass()).isEqualTo(AlertmanagerSinkTask.class);
        assertThat(new WebhookSinkConnector().taskClass()).isEqualTo(WebhookSinkTask.class);
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(new AlertmanagerSinkConnector().version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(new WebhookSinkConnector().version()).isEqualTo(new AlertmanagerSinkConnector().version());
    }

    @Test
    void everyKeyIsDocumentedInTheConfigDefAndInDocsConnectorsMd() throws IOException {
        String doc = Files.readString(DOC);
        for (ConfigDef def : List.of(AlertmanagerSinkConfig.configDef(), WebhookSinkConfig.configDef())) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                assertThat(key.documentation).as(key.name).isNotBlank();
                assertThat(key.group).as(key.name).isNotBlank();
                assertThat(doc).as("docs/connectors.md describes %s", key.name).contains("`" + key.name + "`");
            }
        }
    }

    @Test
    void shippedConfigsUseOnlyKnownKeysAndAreValid() throws IOException {
        Set<String> connectKeys = SinkConnectorConfig.configDef().names();
        List<Path> files;
        try (Stream<Path> list = Files.list(CONFIG_DIR)) {
            files = list.filter(p -> !p.getFileName().toString().startsWith("worker")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "alertmanager-sink.json", "alertmanager-sink.properties", "slack-sink.json", "slack-sink.properties",
                "webhook-sink.json", "webhook-sink.properties");
        for (Path file : files) {
            Map<String, String> config = withSecretsResolved(read(file));
            SinkConnector connector = config.get("connector.class").endsWith("AlertmanagerSinkConnector")
                    ? new AlertmanagerSinkConnector() : new WebhookSinkConnector();
            Set<String> unknown = new TreeSet<>(config.keySet());
            unknown.removeAll(connector.config().names());
            unknown.removeAll(connectKeys);
            unknown.removeIf(key -> key.startsWith("value.converter.") || key.startsWith("key.converter."));
            unknown.remove(ConnectorValidation.ISOLATION_LEVEL_OVERRIDE);
            unknown.remove(OFFSET_RESET_OVERRIDE);
            assertThat(unknown).as("unknown keys in %s", file).isEmpty();
            assertThat(config.get(ConnectorValidation.ISOLATION_LEVEL_OVERRIDE)).as(file.toString())
                    .isEqualTo("read_committed");
            // A new webhook posts no history; the Alertmanager sink reads it all to learn what fires.
            assertThat(config.get(OFFSET_RESET_OVERRIDE)).as(file.toString())
                    .isEqualTo(connector instanceof WebhookSinkConnector ? "latest" : null);
            assertThat(errors(connector, config)).as("validation of %s", file).isEmpty();
            assertThat(config.get("topics")).as(file.toString()).isEqualTo("alerts");
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> config = new HashMap<>();
        if (file.toString().endsWith(".json")) {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            assertThat(root.get("name").asText()).as(file.toString()).isNotBlank();
            root.get("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            config.put("name", root.get("name").asText());
        } else {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        return config;
    }

    /** What a worker's FileConfigProvider would put in place of the ${file:...:key} references. */
    private static Map<String, String> withSecretsResolved(Map<String, String> config) {
        Pattern reference = Pattern.compile("\\$\\{file:[^:}]+:([^}]+)}");
        Map<String, String> resolved = new HashMap<>();
        config.forEach((key, value) -> {
            Matcher matcher = reference.matcher(value);
            resolved.put(key, matcher.matches()
                    ? (matcher.group(1).endsWith("url") ? "https://hooks.example.com/x" : "Bearer t0ken")
                    : value);
        });
        return resolved;
    }
}
