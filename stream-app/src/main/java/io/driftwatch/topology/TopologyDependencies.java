package io.driftwatch.topology;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What the topology's processors use besides configuration: topic serdes, the metrics registry and
 * report gauges, the alert rules, the clock that stamps alerts (and past which, by more than {@code window.max.lead},
 * an event is stamped ahead and moves no input partition's event time), and the number of partitions of the
 * predictions topic (0 when unknown), so the merge stage waits for every one of them from the start
 * and the first stage knows which of its tasks read none of them, and what the broker says about the
 * input partitions' end offsets (so that only a partition the broker confirms idle lets its event time
 * follow the wall clock), and the label join's layout, decided at start-up from the input topics'
 * partition counts.
 */
public record TopologyDependencies(TopicSerdes serdes, MeterRegistry registry, ReportMetrics reportMetrics,
                                   RulesSource rules, Clock clock, int inputPartitions, InputEndOffsets endOffsets,
                                   JoinLayoutDecision labelJoin) {

    /** Dependencies for a topology whose input partitions count as read to the end (topology tests). */
    public static TopologyDependencies of(TopicSerdes serdes, MeterRegistry registry, RulesSource rules, Clock clock,
                                          int maxFeatureSeries) {
        return new TopologyDependencies(serdes, registry, new ReportMetrics(registry, maxFeatureSeries), rules, clock, 0,
            InputEndOffsets.alwaysCaughtUp(), JoinLayoutDecision.unknownTopics());
    }

    public TopologyDependencies withInputPartitions(int partitions) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, partitions, endOffsets, labelJoin);
    }

    public TopologyDependencies withEndOffsets(InputEndOffsets offsets) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, inputPartitions, offsets, labelJoin);
    }

    public TopologyDependencies withClock(Clock other) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, other, inputPartitions, endOffsets, labelJoin);
    }

    public TopologyDependencies withLabelJoin(JoinLayoutDecision layout) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, inputPartitions, endOffsets, layout);
    }
}
