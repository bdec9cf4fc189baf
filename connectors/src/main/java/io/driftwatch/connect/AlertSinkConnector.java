package io.driftwatch.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both alert sinks do alike: check the configuration when the connector starts (so a bad
 * configuration fails the connector, not each of its tasks), refuse to read records of aborted
 * transactions, and give every task the same configuration. Alerts are keyed by fingerprint, so
 * each alert stays with one task.
 */
abstract class AlertSinkConnector extends SinkConnector {

    private static final Logger log = LoggerFactory.getLogger(AlertSinkConnector.class);

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
        ConnectorValidation.isolationLevelProblem(props).ifPresent(problem -> {
            throw new ConfigException(problem);
        });
        if (ConnectorValidation.unknownIsolationLevel(props)) {
            log.warn("{} is not set: unless this worker sets consumer.isolation.level={}, the connector delivers the"
                    + " alerts of transactions Driftwatch aborted (alerts that never fired, or the same alert twice). Set {}={}"
                    + " in the connector config, as the shipped configs do.", ConnectorValidation.ISOLATION_LEVEL_OVERRIDE,
                    ConnectorValidation.READ_COMMITTED, ConnectorValidation.ISOLATION_LEVEL_OVERRIDE,
                    ConnectorValidation.READ_COMMITTED);
        }
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
