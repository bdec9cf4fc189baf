package io.driftwatch.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink that delivers Driftwatch alerts (the {@code alerts} topic) to Prometheus
 * Alertmanager through its API v2, and keeps firing alerts alive there by re-posting them. See
 * {@link AlertmanagerSinkConfig} for the settings and {@code docs/connectors.md} for the mapping.
 */
public final class AlertmanagerSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        // Fail the connector, not its tasks, on a bad config.
        HttpConfig.settings(new AlertmanagerSinkConfig(props));
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AlertmanagerSinkTask.class;
    }

    /** Every task gets the same config; alerts are keyed by fingerprint, so each alert stays with one task. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return AlertmanagerSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = ConnectorValidation.byName(config);
        ConfigValue urls = values.get(AlertmanagerSinkConfig.URLS);
        int endpoints = urls.value() instanceof List<?> list ? list.size() : 1;
        ConnectorValidation.acrossKeys(values, connectorConfigs, endpoints,
                props -> new AlertmanagerSinkConfig(props, false).http());
        return config;
    }
}
