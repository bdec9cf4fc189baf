package io.driftwatch.app;

import io.driftwatch.config.DriftwatchConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams properties for Driftwatch: its defaults first, then whatever the user passed through
 * under {@code kafka.} (which wins).
 */
public final class StreamsSettings {

    /** Driftwatch's commit interval unless {@code kafka.commit.interval.ms} says otherwise. */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 500;

    private StreamsSettings() {
    }

    public static Properties of(DriftwatchConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "driftwatch");
        // The audit chain and every report must survive crashes without gaps or duplicates.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Fewer, larger transactions than Kafka Streams' 100 ms under exactly-once. Alerts do not wait for
        // the interval: the stages ask for a commit when a window closes (bench/RESULTS.md, section 2).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_COMMIT_INTERVAL_MS));
        // Input is decoded by Driftwatch itself (bad records become dead letters); this handler only
        // matters for the baselines topic, where a record nobody can read must not stop the app.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // No single record may stop processing: one that fails a processor, or is too large to write,
        // becomes a dead letter and is counted (RecordFailureHandler).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName());
        p.put(RecordFailureHandler.DEAD_LETTER_TOPIC, config.topics().deadLetter());
        p.put("processing.exception.handler.global.enabled", "true");
        Map<String, String> types = new java.util.HashMap<>();
        types.put(config.topics().outcomes(), "outcome");
        types.put(config.topics().predictions(), "prediction");
        p.put(RecordFailureHandler.TOPIC_TYPES, types);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        // Window profiles of wide models exceed Kafka's default 1 MiB on the model bus and in the
        // changelogs; the internal topics Kafka Streams creates take what the producer may send.
        String recordLimit = Integer.toString(DriftwatchConfig.Formats.DEFAULT_MAX_REQUEST_SIZE);
        if (!config.kafka().containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
            // Only without the user's unprefixed setting: Kafka Streams lets a producer. setting win over it.
            p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), recordLimit);
        }
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), recordLimit);
        for (Map.Entry<String, Object> e : config.kafka().entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        if (!p.containsKey("group.instance.id") && !p.containsKey("consumer.group.instance.id")
            && !p.containsKey("main.consumer.group.instance.id")
            && !"streams".equalsIgnoreCase(String.valueOf(p.getOrDefault("group.protocol", "classic")))) {
            // Static membership: an instance restarted on the same host and state directory takes its tasks
            // back at once, instead of waiting out the session timeout of the member it was before a crash.
            p.put("group.instance.id", staticMemberId(p));
        }
        return p;
    }

    /**
     * A group member id that stays the same across restarts of one instance and differs between
     * instances: the application id, the host name, and a hash of the state directory (two instances
     * on one host need different state directories anyway). Kafka Streams appends each stream
     * thread's index.
     */
    static String staticMemberId(Properties p) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String dir = stateDir(p).toString();
        return p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + host + "-"
            + Integer.toHexString(dir.hashCode());
    }

    /** Kafka Streams' state directory, with its default (the temporary directory's kafka-streams). */
    static java.nio.file.Path stateDir(Properties p) {
        String stateDir = String.valueOf(p.getOrDefault(StreamsConfig.STATE_DIR_CONFIG,
            System.getProperty("java.io.tmpdir") + java.io.File.separator + "kafka-streams"));
        return java.nio.file.Path.of(stateDir).toAbsolutePath().normalize();
    }
}
