package io.driftwatch.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * What both alert sinks do alike: check the configuration when the connector starts (so a bad
 * configuration fails the connector, not each of its tasks), and give every task the same
 * configuration. Alerts are keyed by fingerprint, so each alert stays with one task.
 */
abstract class AlertSinkConnector extends SinkConnector {

    private Map<String, String> props;

    /** Parses the configuration, throwing on a bad one. */
    abstract void check(Map<String, String> props);

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        check(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        props = null;
    }
}
