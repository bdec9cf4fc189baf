package io.driftwatch.bench.throughput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How Kafka Streams' threads spent their time, from its own thread-level metrics (KIP-444): the
 * shares of wall-clock time in processing, punctuation, polling and committing, and the average
 * commit latency; and, from the stream threads' main consumers, how long a fetch took and how much it
 * brought, which says what a thread waits for in poll. Averaged over the threads; the metrics cover
 * their last sample windows.
 */
public final class StreamThreadTime {

    /** The metrics read, in report order. */
    public static final List<String> METRICS = List.of("process-ratio", "punctuate-ratio", "poll-ratio", "commit-ratio",
        "commit-latency-avg", "commit-latency-max", "commit-rate", "poll-latency-avg", "process-records-avg",
        "fetch-latency-avg", "fetch-latency-max", "records-per-request-avg", "fetch-size-avg");

    private StreamThreadTime() {
    }

    /** Mean over the stream threads of each metric in {@link #METRICS}; absent ones are left out. */
    public static Map<String, Double> read(KafkaStreams streams) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            // A main consumer is <client>-StreamThread-<n>-consumer; the restore and global consumers are left out.
            boolean mainConsumer = name.group().equals("consumer-fetch-manager-metrics") && name.tags().size() == 1
                && name.tags().getOrDefault("client-id", "").matches(".*-StreamThread-[0-9]+-consumer");
            if (!(name.group().equals("stream-thread-metrics") || mainConsumer) || !METRICS.contains(name.name())) {
                continue;
            }
            Object value = e.getValue().metricValue();
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                double[] sum = sums.computeIfAbsent(name.name(), k -> new double[2]);
                sum[0] += n.doubleValue();
                sum[1]++;
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (String metric : METRICS) {
            double[] sum = sums.get(metric);
            if (sum != null) {
                means.put(metric, sum[0] / sum[1]);
            }
        }
        return means;
    }
}
