package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComparisonGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ComparisonGauges gauges = new ComparisonGauges(registry);

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    private double value(String name) {
        return registry.get(name).tag("metric", "accuracy").gauge().value();
    }

    /**
     * A revision of an older window (late labels) is judged too, and its judgement is the comparison's latest: the
     * cumulative figures and the decision follow it; the versions' per-window figures stay the newest window's.
     */
    @Test
    void aRevisionOfAnOlderWindowMovesTheComparisonsFiguresButNotTheWindowFigures() {
        gauges.record(ComparisonReports.window(5, List.of(ComparisonReports.figure("accuracy", 0.9, 0.8, 900, 100, -0.05,
            0.2)), null), true);
        ComparisonReport revision = ComparisonReport.newBuilder(ComparisonReports.window(3, List.of(
                ComparisonReports.figure("accuracy", 0.5, 0.4, 900, 100, -0.08, 0.0001)), null))
            .setWindowsCompared(6).setDecision(ComparisonDecision.ROLL_BACK).build();

        gauges.record(revision, false);

        assertThat(value("driftwatch_comparison_control")).as("window 5's control").isEqualTo(0.9);
        assertThat(value("driftwatch_comparison_candidate")).as("window 5's candidate").isEqualTo(0.8);
        assertThat(value("driftwatch_comparison_difference")).isEqualTo(-0.08);
        assertThat(value("driftwatch_comparison_always_valid_p_value")).isEqualTo(0.0001);
        assertThat(registry.get("driftwatch_comparison_decision").gauge().value()).isEqualTo(-1.0);
        assertThat(registry.get("driftwatch_comparison_windows_compared").gauge().value()).isEqualTo(6.0);
    }
}
