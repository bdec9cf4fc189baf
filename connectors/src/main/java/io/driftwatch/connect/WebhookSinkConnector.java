package io.driftwatch.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink that POSTs every Driftwatch alert transition to a webhook, as the alert in
 * JSON or as a Slack message. See {@link WebhookSinkConfig} for the settings and
 * {@code docs/connectors.md} for the bodies.
 */
public final class WebhookSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        // Fail the connector, not its tasks, on a bad config.
        HttpConfig.settings(new WebhookSinkConfig(props));
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebhookSinkTask.class;
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
        return WebhookSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        ConnectorValidation.acrossKeys(ConnectorValidation.byName(config), connectorConfigs, 1,
                props -> new WebhookSinkConfig(props, false).http());
        return config;
    }
}
