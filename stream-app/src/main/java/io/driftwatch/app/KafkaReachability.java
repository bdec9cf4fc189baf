package io.driftwatch.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether a Kafka cluster answers, asked once with a deadline. Kafka's clients retry an unreachable
 * broker for a minute or more (logging a warning each time) before failing with a bare timeout; a
 * command asks here first, so it can say in one line where it looked and why nothing answered.
 */
public final class KafkaReachability {

    private KafkaReachability() {
    }

    /** Empty when a broker answered within {@code timeout}, else why not (e.g. {@code no broker answered within 15 s}). */
    public static Optional<String> problem(Map<String, Object> adminProperties, Duration timeout) {
        Map<String, Object> props = new HashMap<>(adminProperties);
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        // Fewer attempts, so fewer of the client's warnings, within one probe.
        props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 500);
        props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 4000);
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (org.apache.kafka.common.KafkaException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof org.apache.kafka.common.config.ConfigException invalid) {
                    // A wrong setting (an address without a port, an unknown protocol): waiting will not help.
                    throw new io.driftwatch.config.ConfigException(List.of("Invalid Kafka client setting: "
                        + invalid.getMessage() + "; fix bootstrap.servers or the kafka.* setting it names."));
                }
            }
            return Optional.of(rootMessage(e));
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 2000L, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while waiting for an answer");
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of(noAnswer(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return Optional.of(noAnswer(timeout));
            }
            if (cause instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return Optional.of("authentication failed: " + cause.getMessage());
            }
            return Optional.of(rootMessage(cause));
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Throws {@link KafkaUnreachableException} unless a broker answers within {@code timeout}. */
    public static void require(Map<String, Object> adminProperties, Duration timeout) {
        problem(adminProperties, timeout).ifPresent(reason -> {
            throw new KafkaUnreachableException(String.valueOf(adminProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)),
                reason);
        });
    }

    private static String noAnswer(Duration timeout) {
        return "no broker answered within " + human(timeout);
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }
}
