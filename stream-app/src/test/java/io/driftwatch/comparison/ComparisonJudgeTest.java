package io.driftwatch.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComparisonJudgeTest {

    private static final long MINUTE = 60_000;
    private static final ComparisonSpec CANARY = ComparisonPlan.standard()
        .discover("fraud-detector", java.util.Map.of("1", "primary", "2", "canary")).orElseThrow();

    /** One window of a version: labelled predictions right with probability {@code accuracy}. */
    static VersionFigures window(SplittableRandom random, String version, long start, int events, double accuracy,
                                 double errorRate, double p99) {
        long correct = 0;
        long errors = 0;
        for (int i = 0; i < events; i++) {
            correct += random.nextDouble() < accuracy ? 1 : 0;
            errors += random.nextDouble() < errorRate ? 1 : 0;
        }
        return new VersionFigures(version, start, start + MINUTE, 0, events, correct, Double.NaN, Double.NaN, events, errors,
            events, p99 / 3, p99 / 1.5, p99);
    }

    private record Run(ComparisonReport last, int decidedAt) {
    }

    private static Run run(long seed, int windows, double controlAccuracy, double candidateAccuracy, double candidateP99) {
        SplittableRandom random = new SplittableRandom(seed);
        ComparisonState state = ComparisonState.initial();
        ComparisonReport last = null;
        for (int w = 0; w < windows; w++) {
            long start = w * MINUTE;
            VersionFigures ctrl = window(random, "1", start, 2250, controlAccuracy, 0.01, 100);
            VersionFigures cand = window(random, "2", start, 250, candidateAccuracy, 0.01, candidateP99);
            ComparisonJudge.Judgement j = ComparisonJudge.judge(CANARY, state.withWindow(start, ctrl, cand, null, null), ctrl,
                cand, Instant.ofEpochMilli(start + MINUTE));
            state = j.state();
            last = j.report();
            if (j.newlyDecided()) {
                return new Run(last, w + 1);
            }
        }
        return new Run(last, -1);
    }

    @Test
    void aCanaryFourPointsWorseIsRolledBack() {
        Run r = run(1, 500, 0.90, 0.86, 140);
        assertThat(r.decidedAt()).isPositive();
        assertThat(r.last().getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
        assertThat(r.last().getDecisionReason()).startsWith("accuracy of 2 is worse than 1 by more than the margin 0.02");
        ComparedMetric p99 = r.last().getMetrics().stream().filter(m -> m.getMetric().equals("latency_p99")).findFirst().orElseThrow();
        assertThat(p99.getVerdict()).isEqualTo("WORSE");
    }

    @Test
    void aCanaryFourPointsBetterIsPromoted() {
        Run r = run(2, 500, 0.86, 0.90, 100);
        assertThat(r.decidedAt()).isPositive();
        assertThat(r.last().getDecision()).isEqualTo(ComparisonDecision.PROMOTE);
    }

    @Test
    void theSameModelIsNeverDecidedOnInAThousandWindows() {
        Run r = run(3, 1000, 0.90, 0.90, 100);
        assertThat(r.decidedAt()).isEqualTo(-1);
        assertThat(r.last().getDecision()).isEqualTo(ComparisonDecision.NONE);
        assertThat(r.last().getWindowsCompared()).isEqualTo(1000);
    }

    @Test
    void aRevisedWindowReplacesItsFiguresInsteadOfCountingTwice() {
        SplittableRandom random = new SplittableRandom(4);
        VersionFigures c0 = window(random, "1", 0, 500, 0.9, 0.01, 100);
        VersionFigures k0 = window(random, "2", 0, 50, 0.9, 0.01, 100);
        ComparisonState once = ComparisonState.initial().withWindow(0, c0, k0, null, null);
        VersionFigures c1 = window(random, "1", 0, 800, 0.9, 0.01, 100);
        VersionFigures k1 = window(random, "2", 0, 90, 0.9, 0.01, 100);
        ComparisonState revised = once.withWindow(0, c1, k1, c0, k0);
        assertThat(revised.windowsCompared()).isEqualTo(1);
        assertThat(revised.control(JudgedMetric.ACCURACY)).isEqualTo(c1.tally(JudgedMetric.ACCURACY));
        assertThat(revised.candidate(JudgedMetric.ACCURACY)).isEqualTo(k1.tally(JudgedMetric.ACCURACY));
        assertThat(ComparisonState.fromBytes(revised.toBytes())).isEqualTo(revised);
    }
}
