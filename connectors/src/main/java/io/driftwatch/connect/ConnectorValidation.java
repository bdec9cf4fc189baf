package io.driftwatch.connect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Checks that involve more than one key, added to Connect's per-key results in
 * {@code Connector#validate} so that {@code PUT /connector-plugins/.../config/validate} and the
 * connector's creation report them next to the key to change.
 */
final class ConnectorValidation {

    /** Connect's sink consumers use Kafka's default unless the connector overrides it. */
    static final String MAX_POLL_INTERVAL_OVERRIDE = "consumer.override.max.poll.interval.ms";
    static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000L;

    private ConnectorValidation() {
    }

    static Map<String, ConfigValue> byName(Config config) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        config.configValues().forEach(value -> values.put(value.name(), value));
        return values;
    }

    /**
     * The backoff order, and that one {@code put} (every endpoint, all retries) ends within the
     * consumer's {@code max.poll.interval.ms}: otherwise the consumer would leave its group in the
     * middle of retrying and the records would go to another task while this one still sends them.
     *
     * @param values    Connect's per-key results; problems are added to them
     * @param props     the connector config as given
     * @param endpoints how many endpoints one put may try in turn
     * @param parse     reads the HTTP settings; only called once every single key is valid
     */
    static void acrossKeys(Map<String, ConfigValue> values, Map<String, String> props, int endpoints,
                           Function<Map<String, String>, HttpSettings> parse) {
        if (values.values().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return;
        }
        long initial = ((Number) values.get(HttpConfig.RETRY_BACKOFF_INITIAL_MS).value()).longValue();
        long max = ((Number) values.get(HttpConfig.RETRY_BACKOFF_MAX_MS).value()).longValue();
        if (max < initial) {
            values.get(HttpConfig.RETRY_BACKOFF_MAX_MS).addErrorMessage(HttpConfig.backoffOrderMessage(initial, max));
            return;
        }
        long worstCaseMs = parse.apply(props).worstCasePerEndpoint().toMillis() * Math.max(1, endpoints);
        long maxPollIntervalMs = maxPollIntervalMs(props);
        if (worstCaseMs >= maxPollIntervalMs) {
            values.get(HttpConfig.RETRIES_MAX).addErrorMessage("One delivery can take up to " + worstCaseMs
                    + " ms (" + endpoints + " endpoint(s) x (" + HttpConfig.RETRIES_MAX + " + 1) attempts x ("
                    + HttpConfig.CONNECT_TIMEOUT_MS + " + " + HttpConfig.REQUEST_TIMEOUT_MS + ") plus the backoffs),"
                    + " not less than the consumer's max.poll.interval.ms (" + maxPollIntervalMs + " ms): the task"
                    + " would lose its partitions in the middle of retrying. Lower " + HttpConfig.RETRIES_MAX
                    + ", the timeouts or the backoffs, or raise " + MAX_POLL_INTERVAL_OVERRIDE + ".");
        }
    }

    private static long maxPollIntervalMs(Map<String, String> props) {
        String override = props.get(MAX_POLL_INTERVAL_OVERRIDE);
        if (override == null || override.isBlank()) {
            return DEFAULT_MAX_POLL_INTERVAL_MS;
        }
        try {
            return Long.parseLong(override.trim());
        } catch (NumberFormatException e) {
            // The worker validates consumer overrides itself and reports this one.
            return DEFAULT_MAX_POLL_INTERVAL_MS;
        }
    }
}
