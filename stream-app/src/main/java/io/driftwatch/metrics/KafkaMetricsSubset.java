package io.driftwatch.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;

/**
 * Which of the Kafka clients' and Kafka Streams' own metrics {@code /metrics} shows by default: the
 * few an operator acts on (is it processing, committing, keeping up, restoring), not the ~100 figures
 * per client of every consumer, producer and admin client inside Kafka Streams, which made a scrape
 * of four models about 1 MB. {@code metrics.kafka=true} shows them all; docs/metrics.md lists these.
 */
public final class KafkaMetricsSubset {

    /** Micrometer names with dots as underscores; Prometheus adds {@code _total} to the counters among them. */
    static final Set<String> SHOWN = Set.of(
        // Is it processing, and how fast (the overview dashboard's throughput panel).
        "kafka_stream_thread_process_total",
        "kafka_stream_thread_process_rate",
        "kafka_stream_alive_stream_threads",
        "kafka_stream_failed_stream_threads",
        // Is it committing, and how long a commit (exactly-once: a transaction) takes.
        "kafka_stream_thread_commit_total",
        "kafka_stream_thread_commit_latency_avg",
        "kafka_stream_thread_commit_latency_max",
        // Is it keeping up: the largest consumer lag, in records.
        "kafka_consumer_fetch_manager_records_lag_max",
        // Is it restoring state after a restart or a rebalance. Not restore-remaining-records-total: a sum that
        // falls as records are restored, exported as a counter, which Prometheus reads as resets
        // (driftwatch_state_restore_remaining_records says what is left).
        "kafka_stream_task_restore_rate",
        "kafka_stream_task_restore_total");

    private KafkaMetricsSubset() {
    }

    /** Denies every {@code kafka.*} meter not in {@link #SHOWN}; every other meter passes. */
    public static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String name = id.getName();
                if (!name.startsWith("kafka.")) {
                    return MeterFilterReply.NEUTRAL;
                }
                return shown(name) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
            }
        };
    }

    static boolean shown(String micrometerName) {
        return SHOWN.contains(micrometerName.replace('.', '_'));
    }
}
