package io.driftwatch.connect;

import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Kafka Connect sink that POSTs every Driftwatch alert transition to a webhook, as the alert in
 * JSON or as a Slack message. See {@link WebhookSinkConfig} for the settings and
 * {@code docs/connectors.md} for the bodies.
 */
public final class WebhookSinkConnector extends AlertSinkConnector {

    @Override
    void check(Map<String, String> props) {
        HttpConfig.settings(new WebhookSinkConfig(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebhookSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return WebhookSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConnectorValidation.acrossKeys(ConnectorValidation.byName(config), connectorConfigs, 1,
                props -> new WebhookSinkConfig(props, false).http());
        ConnectorValidation.readCommitted(config, connectorConfigs);
        return config;
    }
}
