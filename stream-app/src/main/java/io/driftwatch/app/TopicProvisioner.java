package io.driftwatch.app;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Driftwatch's topics with the settings each needs: compaction for baselines (one record per
 * model version, kept forever) and alerts (every transition for 90 days, then each alert's latest),
 * unlimited retention for the audit chain, and a time-limited retention for the rest.
 * Idempotent: existing topics are left as they are and reported.
 */
public final class TopicProvisioner {

    /** What happened to one topic. */
    /**
     * @param configs     the planned settings' values: as created, or as the existing topic has them
     * @param differences of an existing topic, the planned settings it has otherwise, with the planned values
     */
    public record Outcome(String topic, boolean created, int partitions, Map<String, String> configs,
                          Map<String, String> differences) {}

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    public static Map<String, Map<String, String>> plan(TopicNames topics) {
        String week = Long.toString(Duration.ofDays(7).toMillis());
        Map<String, Map<String, String>> plan = new LinkedHashMap<>();
        plan.put(topics.predictions(), Map.of(TopicConfig.RETENTION_MS_CONFIG, week));
        plan.put(topics.outcomes(), Map.of(TopicConfig.RETENTION_MS_CONFIG, week));
        // Baselines and reports of wide models, and dead letters of large records, exceed Kafka's default 1 MiB.
        String recordLimit = Integer.toString(DriftwatchConfig.Formats.DEFAULT_MAX_REQUEST_SIZE);
        plan.put(topics.baselines(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, recordLimit));
        plan.put(topics.windowReports(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, recordLimit));
        // Every transition for 90 days, then the latest of each alert forever: an alert that fires for longer than any
        // retention must still be found by a sink that rebuilds what fires from this topic (the Alertmanager sink).
        plan.put(topics.alerts(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis())));
        // A WINDOW_EVALUATED record holds its whole report: a record the broker refused would be a gap in the chain.
        plan.put(topics.audit(), Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, recordLimit));
        plan.put(topics.deadLetter(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, recordLimit));
        plan.put(topics.comparisons(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis())));
        return plan;
    }

    /**
     * Creates every topic that does not exist yet.
     *
     * @param partitions        partitions of each new topic
     * @param replicationFactor replicas of each new topic, or empty for the broker's default
     */
    public List<Outcome> createAll(TopicNames topics, int partitions, Optional<Short> replicationFactor)
        throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : plan(topics).entrySet()) {
            NewTopic topic = new NewTopic(e.getKey(), Optional.of(partitions), replicationFactor).configs(e.getValue());
            try {
                admin.createTopics(List.of(topic)).all().get();
                outcomes.add(new Outcome(e.getKey(), true, partitions, e.getValue(), Map.of()));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                }
                // What the topic has, not what it would have been given: an audit topic kept for an hour is not "forever".
                Map<String, String> actual = configsOf(e.getKey(), e.getValue().keySet());
                Map<String, String> differences = new java.util.TreeMap<>();
                e.getValue().forEach((key, planned) -> {
                    if (!planned.equals(actual.get(key))) {
                        differences.put(key, planned);
                    }
                });
                outcomes.add(new Outcome(e.getKey(), false, partitionsOf(e.getKey()), actual, differences));
            }
        }
        return outcomes;
    }

    private Map<String, String> configsOf(String topic, Set<String> keys) throws InterruptedException {
        org.apache.kafka.common.config.ConfigResource resource =
            new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        try {
            org.apache.kafka.clients.admin.Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            Map<String, String> values = new java.util.TreeMap<>();
            for (String key : keys) {
                org.apache.kafka.clients.admin.ConfigEntry entry = config.get(key);
                values.put(key, entry == null ? null : entry.value());
            }
            return values;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the settings of topic " + topic + ": " + e.getCause().getMessage(),
                e.getCause());
        }
    }

    private int partitionsOf(String topic) throws InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The topics the application reads that do not exist, so start-up can say which and how to fix it. */
    public List<String> missingInputs(TopicNames topics, boolean labels) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> missing = new ArrayList<>();
            for (String t : labels ? List.of(topics.predictions(), topics.outcomes(), topics.baselines())
                                   : List.of(topics.predictions(), topics.baselines())) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            return missing;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
