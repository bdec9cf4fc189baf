package io.driftwatch.topology;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.metrics.ReportMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What the topology's processors use besides configuration: topic serdes, the metrics registry and
 * report gauges, the alert rules, the clock that stamps alerts, and the number of partitions of the
 * predictions topic (0 when unknown), so the merge stage waits for every one of them from the start.
 */
public record TopologyDependencies(TopicSerdes serdes, MeterRegistry registry, ReportMetrics reportMetrics,
                                   RulesSource rules, Clock clock, int inputPartitions) {

    public static TopologyDependencies of(TopicSerdes serdes, MeterRegistry registry, RulesSource rules, Clock clock,
                                          int maxFeatureSeries) {
        return new TopologyDependencies(serdes, registry, new ReportMetrics(registry, maxFeatureSeries), rules, clock, 0);
    }

    public TopologyDependencies withInputPartitions(int partitions) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, partitions);
    }
}
