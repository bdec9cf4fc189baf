package io.driftwatch.topology;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowLayout;
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
 * partition counts, and the history of {@code window.size} all instances cut windows by (none: the configured size
 * for all time, as in topology tests).
 */
public record TopologyDependencies(TopicSerdes serdes, MeterRegistry registry, ReportMetrics reportMetrics,
                                   RulesSource rules, Clock clock, int inputPartitions, InputEndOffsets endOffsets,
                                   JoinLayoutDecision labelJoin, AgreedWindowLayout windowLayout) {

    /** Dependencies for a topology whose input partitions count as read to the end (topology tests). */
    public static TopologyDependencies of(TopicSerdes serdes, MeterRegistry registry, RulesSource rules, Clock clock,
                                          int maxFeatureSeries) {
        return new TopologyDependencies(serdes, registry, new ReportMetrics(registry, maxFeatureSeries), rules, clock, 0,
            InputEndOffsets.alwaysCaughtUp(), JoinLayoutDecision.unknownTopics(), null);
    }

    public TopologyDependencies withInputPartitions(int partitions) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, partitions, endOffsets, labelJoin, windowLayout);
    }

    public TopologyDependencies withEndOffsets(InputEndOffsets offsets) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, inputPartitions, offsets, labelJoin, windowLayout);
    }

    public TopologyDependencies withClock(Clock other) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, other, inputPartitions, endOffsets, labelJoin, windowLayout);
    }

    public TopologyDependencies withLabelJoin(JoinLayoutDecision layout) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, inputPartitions, endOffsets, layout, windowLayout);
    }

    public TopologyDependencies withWindowLayout(AgreedWindowLayout layout) {
        return new TopologyDependencies(serdes, registry, reportMetrics, rules, clock, inputPartitions, endOffsets, labelJoin, layout);
    }

    /** The windows to cut: the agreed history of {@code window.size}, or {@code windows}' size for all time. */
    public AgreedWindowLayout windowLayout(WindowSettings windows) {
        return windowLayout != null ? windowLayout : AgreedWindowLayout.of(WindowLayout.of(windows.size()));
    }
}
