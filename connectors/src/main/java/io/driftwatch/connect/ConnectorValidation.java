package io.driftwatch.connect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /** Connect's sink consumers read uncommitted records, Kafka's default, unless the worker or the connector says otherwise. */
    static final String ISOLATION_LEVEL_OVERRIDE = "consumer.override.isolation.level";
    static final String READ_COMMITTED = "read_committed";

    private ConnectorValidation() {
    }

    /**
     * Why the consumer's isolation level in {@code props} would deliver alerts that are not alerts, or empty when it would not.
     * Driftwatch's stream app writes alerts in transactions and aborts the open one when it fails or another instance
     * fences it; the aborted records stay in the log, and a {@code read_uncommitted} consumer hands them on: an alert that
     * never fired, or one delivered twice once the stream app writes it again. Only an explicit override is known here;
     * without one the worker's {@code consumer.isolation.level} decides ({@link #unknownIsolationLevel}).
     */
    static Optional<String> isolationLevelProblem(Map<String, String> props) {
        // In any case: the worker's own validation refuses a wrongly written value, and says so better than we could.
        return isolationLevel(props).filter(level -> !READ_COMMITTED.equalsIgnoreCase(level))
                .map(level -> ISOLATION_LEVEL_OVERRIDE + " is '" + level + "': this sink would deliver the alerts of"
                        + " transactions the stream app aborted (a crash, a fenced instance): alerts that never fired,"
                        + " or the same alert twice. Set it to " + READ_COMMITTED + ".");
    }

    /** Whether the isolation level is left to the worker, whose setting a connector cannot see. */
    static boolean unknownIsolationLevel(Map<String, String> props) {
        return isolationLevel(props).isEmpty();
    }

    /** The isolation level the connector config sets, trimmed; empty when it sets none. */
    private static Optional<String> isolationLevel(Map<String, String> props) {
        String level = props.get(ISOLATION_LEVEL_OVERRIDE);
        return level == null || level.isBlank() ? Optional.empty() : Optional.of(level.trim());
    }

    /** Adds {@link #isolationLevelProblem} to Connect's results, under the override's own name. */
    static void readCommitted(Config config, Map<String, String> props) {
        isolationLevelProblem(props).ifPresent(problem -> {
            ConfigValue value = byName(config).get(ISOLATION_LEVEL_OVERRIDE);
            if (value == null) {
                value = new ConfigValue(ISOLATION_LEVEL_OVERRIDE, props.get(ISOLATION_LEVEL_OVERRIDE),
                        new ArrayList<>(), new ArrayList<>());
                config.configValues().add(value);
            }
            value.addErrorMessage(problem);
        });
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
