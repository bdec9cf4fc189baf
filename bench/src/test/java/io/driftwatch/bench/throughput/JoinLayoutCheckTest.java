package io.driftwatch.bench.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.bench.load.Workload;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The layouts join the bench's traffic alike, window for window, every outcome once; and the check names a window or a
 * counter that differs.
 */
class JoinLayoutCheckTest {

    @Test
    void everyLayoutGivesTheSameFiguresOnTheBenchTraffic() {
        List<JoinLayoutCheck.Result> results = JoinLayoutCheck.run(Workload.standard(), 6_000, ThroughputBenchmark.TRAFFIC_SEED,
            1_000, Duration.ofSeconds(1), List.of(JoinLayout.REPARTITION, JoinLayout.CO_PARTITIONED,
                JoinLayout.CO_PARTITIONED_STRICT));
        JoinLayoutCheck.Result reference = results.get(0);

        // Ten models over 6 s of event time: windows of every model, each prediction and outcome in one of them.
        assertThat(reference.windows()).hasSizeGreaterThanOrEqualTo(10 * 5);
        assertThat(reference.windows().values().stream().mapToLong(JoinLayoutCheck.WindowFigures::events).sum())
            .isEqualTo(6_000);
        assertThat(reference.outcomes()).isBetween(3_000L, 6_000L);
        assertThat(reference.counters()).containsEntry("driftwatch_outcomes_joined", reference.outcomes())
            .containsEntry("driftwatch_outcomes_unmatched", 0L);
        assertThat(reference.labelled()).isEqualTo(reference.outcomes());
        assertThat(reference.windows().values()).allSatisfy(w -> assertThat(w.labelledByGroup().entrySet().stream()
            .filter(g -> g.getKey().startsWith("group=")).mapToLong(Map.Entry::getValue).sum()).isEqualTo(w.labelled()));
        for (JoinLayoutCheck.Result other : results.subList(1, results.size())) {
            assertThat(JoinLayoutCheck.differences(reference, other)).as(JoinLayoutCheck.name(other.layout())).isEmpty();
        }
    }

    @Test
    void aWindowOrCounterThatDiffersIsNamed() {
        JoinLayoutCheck.WindowFigures figures = new JoinLayoutCheck.WindowFigures(100, 0, 100, 70, 0.8, Map.of());
        JoinLayoutCheck.Result a = result(JoinLayout.REPARTITION, figures, 70);
        JoinLayoutCheck.Result oneLess = result(JoinLayout.CO_PARTITIONED,
            new JoinLayoutCheck.WindowFigures(100, 0, 100, 69, 0.8, Map.of()), 70);
        JoinLayoutCheck.Result counter = result(JoinLayout.CO_PARTITIONED, figures, 71);

        assertThat(JoinLayoutCheck.differences(a, result(JoinLayout.CO_PARTITIONED, figures, 70))).isEmpty();
        assertThat(JoinLayoutCheck.differences(a, oneLess)).singleElement().asString().startsWith("m/1/w: repartition")
            .contains("labelled=70").contains("co-partitioned").contains("labelled=69");
        assertThat(JoinLayoutCheck.differences(a, counter)).containsExactly("driftwatch_outcomes_joined: 70 and 71");
    }

    private static JoinLayoutCheck.Result result(JoinLayout layout, JoinLayoutCheck.WindowFigures figures, long joined) {
        TreeMap<String, Long> counters = new TreeMap<>(Map.of("driftwatch_outcomes_joined", joined,
            "driftwatch_outcomes_duplicate", 0L, "driftwatch_outcomes_unmatched", 0L, "driftwatch_outcomes_unscorable", 0L));
        return new JoinLayoutCheck.Result(layout, new TreeMap<>(Map.of("m/1/w", figures)), counters, 100, 70, Duration.ZERO);
    }
}
