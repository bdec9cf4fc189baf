package io.driftwatch.app;

import io.driftwatch.config.DriftwatchConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams properties for Driftwatch: its defaults first, then whatever the user passed through
 * under {@code kafka.} (which wins).
 */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    public static Properties of(DriftwatchConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "driftwatch");
        // The audit chain and every report must survive crashes without gaps or duplicates.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Input is decoded by Driftwatch itself (bad records become dead letters); this handler only
        // matters for the baselines topic, where a record nobody can read must not stop the app.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        for (Map.Entry<String, Object> e : config.kafka().entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }
}
