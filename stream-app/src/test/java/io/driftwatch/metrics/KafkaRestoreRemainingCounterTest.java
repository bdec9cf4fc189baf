package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams keeps {@code restore-remaining-records-total} as a CumulativeSum (TaskMetrics
 * addSumMetricToSensor) and records minus the records restored (StreamTask), so it falls while a task
 * restores; Micrometer's Kafka binder registers every CumulativeSum as a FunctionCounter, so /metrics would
 * show a counter that goes backwards, which rate()/increase() read as resets. The default subset leaves it out.
 * The metric is built here exactly as Kafka Streams builds it; the binder and the filter are the app's.
 */
class KafkaRestoreRemainingCounterTest {

    @Test
    void theFallingRestoreRemainingSumIsNotShownAsACounter() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(KafkaMetricsSubset.filter());
        try (Metrics kafka = new Metrics()) {
            Sensor remaining = kafka.sensor("restore-remaining-records-total");
            remaining.add(kafka.metricName("restore-remaining-records-total", "stream-task-metrics",
                "The total number of records remaining to be restored", Map.of("thread-id", "t-1", "task-id", "0_0")),
                new CumulativeSum());
            Consumer<?, ?> client = (Consumer<?, ?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Consumer.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "metrics" -> kafka.metrics();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "consumer";
                    default -> null;
                });
            try (KafkaClientMetrics binder = new KafkaClientMetrics(client)) {
                binder.bindTo(registry);

                remaining.record(1000); // the task starts restoring 1000 records
                remaining.record(-600); // 600 of them restored
                String scrape = registry.scrape();

                // Micrometer exports the cumulative sum as a counter, and it falls: Prometheus would read every
                // fall as a reset. It is not shown; driftwatch_state_restore_remaining_records is.
                assertThat(scrape).doesNotContain("restore_remaining_records");
            }
        }
    }
}
