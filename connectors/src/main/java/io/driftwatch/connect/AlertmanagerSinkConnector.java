package io.driftwatch.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

/**
 * Kafka Connect sink that delivers Driftwatch alerts (the {@code alerts} topic) to Prometheus
 * Alertmanager through its API v2, and keeps firing alerts alive there by re-posting them. See
 * {@link AlertmanagerSinkConfig} for the settings and {@code docs/connectors.md} for the mapping.
 */
public final class AlertmanagerSinkConnector extends AlertSinkConnector {

    @Override
    void check(Map<String, String> props) {
        HttpConfig.settings(new AlertmanagerSinkConfig(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return AlertmanagerSinkTask.class;
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
        ConnectorValidation.readCommitted(config, connectorConfigs);
        return config;
    }
}
