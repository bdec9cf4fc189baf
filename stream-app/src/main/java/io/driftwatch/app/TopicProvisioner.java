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
 * model version, kept forever), unlimited retention for the audit chain, a week for the rest.
 * Idempotent: existing topics are left as they are and reported.
 */
public final class TopicProvisioner {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, int partitions, Map<String, String> configs) {}

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
        plan.put(topics.alerts(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis())));
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
                outcomes.add(new Outcome(e.getKey(), true, partitions, e.getValue()));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                }
                outcomes.add(new Outcome(e.getKey(), false, partitionsOf(e.getKey()), e.getValue()));
            }
        }
        return outcomes;
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
