package io.driftwatch.bench.throughput;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Bytes a Kafka Streams application's stream-thread producers have sent to the brokers so far: its changelogs,
 * repartition topics and outputs together, as they travel (compressed batches and request headers), from each
 * producer's {@code outgoing-byte-total}. Read twice, the difference over the events processed between the reads
 * says how much the broker is asked to append per event.
 */
public final class ProducedBytes {

    private ProducedBytes() {
    }

    public static long sent(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            // Exactly-once v2: one producer per stream thread, named <client>-StreamThread-<n>-producer.
            if (name.group().equals("producer-metrics") && name.name().equals("outgoing-byte-total")
                && name.tags().getOrDefault("client-id", "").endsWith("-producer")
                && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return Math.round(total);
    }
}
