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

    /** The state with a window compared for the first time. */
    private static ComparisonState added(ComparisonState state, long start, VersionFigures ctrl, VersionFigures cand) {
        return state.withWindow(start, ctrl, cand, null, null, ComparisonStateTest.REVISABLE_MS);
    }

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
            ComparisonJudge.Judgement j = ComparisonJudge.judge(CANARY, added(state, start, ctrl, cand), ctrl,
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
        // Figures without the windows' latency sketches (reports alone) cannot judge a quantile.
        ComparedMetric p99 = r.last().getMetrics().stream().filter(m -> m.getMetric().equals("latency_p99")).findFirst().orElseThrow();
        assertThat(p99.getVerdict()).isEqualTo("TOO_FEW_SAMPLES");
    }

    /** A window's outputs-only profile holding {@code n} log-normal latencies (median × e^(0.5 Z)). */
    static byte[] latencies(SplittableRandom random, int n, double median) {
        io.driftwatch.profile.WindowProfile p = new io.driftwatch.profile.WindowProfile(
            io.driftwatch.profile.ProfileSettings.defaults());
        for (int i = 0; i < n; i++) {
            p.add(io.driftwatch.schemas.PredictionEvent.newBuilder().setPredictionId("p" + i).setModelId("m")
                .setModelVersion("v").setEventTime(Instant.EPOCH).setFeatures(java.util.Map.of())
                .setPrediction(io.driftwatch.schemas.Prediction.newBuilder().setLabel("1").build())
                .setLatencyMs(median * Math.exp(0.5 * random.nextGaussian())).build());
        }
        return new io.driftwatch.profile.WindowProfileCodec().encode(p.outputsOnly());
    }

    /** Windows of a 10% canary, equally accurate, whose latencies are {@code slowdown} times the primary's. */
    private static Run latencyRun(long seed, int windows, double slowdown) {
        SplittableRandom random = new SplittableRandom(seed);
        ComparisonState state = ComparisonState.initial();
        ComparisonReport last = null;
        for (int w = 0; w < windows; w++) {
            long start = w * MINUTE;
            VersionFigures ctrl = window(random, "1", start, 900, 0.9, 0.01, 100).withOutputs(latencies(random, 900, 40));
            VersionFigures cand = window(random, "2", start, 100, 0.9, 0.01, 100)
                .withOutputs(latencies(random, 100, 40 * slowdown));
            ComparisonJudge.Judgement j = ComparisonJudge.judge(CANARY, added(state, start, ctrl, cand), ctrl,
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
    void aCanaryFortyPercentSlowerAtP99IsRolledBackOnItsLatencySketches() {
        Run r = latencyRun(5, 200, 1.4);
        assertThat(r.decidedAt()).isPositive();
        assertThat(r.last().getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
        assertThat(r.last().getDecisionReason()).startsWith("latency_p99 of 2 is worse than 1 by more than the margin 0.2");
        ComparedMetric p99 = r.last().getMetrics().stream().filter(m -> m.getMetric().equals("latency_p99")).findFirst().orElseThrow();
        assertThat(p99.getTest()).isEqualTo("quantile-interval; alpha-spending");
        assertThat(p99.getCandidateCount()).isEqualTo(100L * r.decidedAt());
        // True p99 ratio 1.4: the cumulative difference is 40% of the control's p99 (40 e^(0.5·2.326) = 128 ms), ± sampling.
        assertThat(p99.getCumulativeDifference()).isBetween(0.2 * 128, 0.6 * 128);
    }

    @Test
    void aCanaryAsFastAsItsPrimaryIsNeverRolledBackOnLatencyAndBecomesNotWorse() {
        for (long seed = 10; seed < 20; seed++) {
            Run r = latencyRun(seed, 150, 1.0);
            assertThat(r.last().getDecision()).as("seed %d", seed).isEqualTo(ComparisonDecision.NONE);
            ComparedMetric p99 = r.last().getMetrics().stream().filter(m -> m.getMetric().equals("latency_p99")).findFirst()
                .orElseThrow();
            assertThat(p99.getVerdict()).as("seed %d", seed).isEqualTo("NOT_WORSE");
        }
    }

    @Test
    void theLatencyAlphaSpentOverEveryLookSumsToTheFiguresAlpha() {
        double spent = 0;
        for (int j = 1; j <= 100_000; j++) {
            spent += ComparisonJudge.lookAlpha(0.001, j);
        }
        // Σ_{j ≤ N} 1/(j(j+1)) = 1 − 1/(N+1).
        assertThat(spent).isCloseTo(0.001 * (1 - 1.0 / 100_001), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ComparisonJudge.lookAlpha(0.001, 1)).isEqualTo(0.0005);
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
        ComparisonState once = added(ComparisonState.initial(), 0, c0, k0);
        VersionFigures c1 = window(random, "1", 0, 800, 0.9, 0.01, 100);
        VersionFigures k1 = window(random, "2", 0, 90, 0.9, 0.01, 100);
        ComparisonState revised = once.withWindow(0, c1, k1, c0, k0, ComparisonStateTest.REVISABLE_MS);
        assertThat(revised.windowsCompared()).isEqualTo(1);
        assertThat(revised.control(JudgedMetric.ACCURACY)).isEqualTo(c1.tally(JudgedMetric.ACCURACY));
        assertThat(revised.candidate(JudgedMetric.ACCURACY)).isEqualTo(k1.tally(JudgedMetric.ACCURACY));
        assertThat(ComparisonState.fromBytes(revised.toBytes())).isEqualTo(revised);
    }

    /** One window of a version with exactly these counts (no absolute errors, no latencies). */
    private static VersionFigures counted(String version, long start, long labelled, long correct, long events, long errors) {
        return new VersionFigures(version, start, start + MINUTE, 0, labelled, correct, Double.NaN, Double.NaN, events,
            errors, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    private static String verdict(ComparisonReport r, String metric) {
        return r.getMetrics().stream().filter(m -> m.getMetric().equals(metric)).map(ComparedMetric::getVerdict).findFirst()
            .orElseThrow();
    }

    /**
     * PROMOTE needs every other figure with data at NOT_WORSE or better. Accuracy, UNDECIDED on 300 vs 300 labelled
     * predictions, must keep blocking it on the next window's first report, which has no labels yet: whether a
     * comparison promotes must not depend on whether the window judged next already has its labels.
     */
    @Test
    void aFigureUndecidedOverTheComparisonBlocksPromotionOnAWindowWithoutLabelsYet() {
        java.util.Map<JudgedMetric, Double> margins = new java.util.LinkedHashMap<>();
        margins.put(JudgedMetric.ERROR_RATE, 0.01);
        margins.put(JudgedMetric.ACCURACY, 0.02);
        ComparisonSpec spec = new ComparisonSpec("m", "1", "2", ComparisonMode.CANARY, margins, JudgedMetric.ERROR_RATE,
            200, 0.01, 0, false);
        // Error rate 10% vs 2%: clearly better. Accuracy 90% vs 90% on 300 each: undecided.
        VersionFigures c0 = counted("1", 0, 300, 270, 5000, 500);
        VersionFigures k0 = counted("2", 0, 300, 270, 5000, 100);
        ComparisonJudge.Judgement j0 = ComparisonJudge.judge(spec, added(ComparisonState.initial(), 0, c0, k0),
            c0, k0, Instant.ofEpochMilli(MINUTE));
        assertThat(verdict(j0.report(), "error_rate")).isEqualTo("BETTER");
        assertThat(verdict(j0.report(), "accuracy")).isEqualTo("UNDECIDED");
        assertThat(j0.report().getDecision()).isEqualTo(ComparisonDecision.NONE);
        // The next window's first report: its outcomes have not come yet (accuracy not reported), same error rates.
        VersionFigures c1 = counted("1", MINUTE, 0, -1, 5000, 500);
        VersionFigures k1 = counted("2", MINUTE, 0, -1, 5000, 100);
        ComparisonJudge.Judgement j1 = ComparisonJudge.judge(spec, added(j0.state(), MINUTE, c1, k1), c1, k1,
            Instant.ofEpochMilli(2 * MINUTE));
        assertThat(verdict(j1.report(), "accuracy")).isEqualTo("UNDECIDED");
        assertThat(j1.report().getDecision()).as(j1.report().getDecisionReason()).isEqualTo(ComparisonDecision.NONE);
    }

    /** Judges {@code windows} windows of exactly these error counts per version; the last report. */
    private static ComparisonReport errorRun(ComparisonSpec spec, int windows, long events, long controlErrors,
                                             long candidateErrors) {
        ComparisonState state = ComparisonState.initial();
        ComparisonReport last = null;
        for (int w = 0; w < windows; w++) {
            long start = w * MINUTE;
            VersionFigures c = counted("1", start, 0, -1, events, controlErrors);
            VersionFigures k = counted("2", start, 0, -1, events, candidateErrors);
            ComparisonJudge.Judgement j = ComparisonJudge.judge(spec, added(state, start, c, k), c, k,
                Instant.ofEpochMilli(start + MINUTE));
            state = j.state();
            last = j.report();
        }
        return last;
    }

    private static ComparisonSpec errorRateSpec() {
        java.util.Map<JudgedMetric, Double> margins = new java.util.LinkedHashMap<>();
        margins.put(JudgedMetric.ACCURACY, 0.02);
        margins.put(JudgedMetric.ERROR_RATE, 0.01);
        return new ComparisonSpec("m", "1", "2", ComparisonMode.CANARY, margins, JudgedMetric.ACCURACY, 200, 0.001, 0,
            false);
    }

    /**
     * A canary failing every request against a control that failed none: both tallies have no spread, so with the
     * plug-in variance (0) the sequence could not be formed and the figure stayed UNDECIDED however many events came.
     */
    @Test
    void aCanaryThatFailsEveryRequestAgainstAFlawlessControlIsRolledBack() {
        ComparisonReport first = errorRun(errorRateSpec(), 1, 1000, 0, 1000);
        assertThat(verdict(first, "error_rate")).isEqualTo("WORSE");
        assertThat(first.getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
        assertThat(first.getDecisionReason()).startsWith("error_rate of 2 is worse than 1 by more than the margin 0.01");
        ComparisonReport later = errorRun(errorRateSpec(), 20, 1000, 0, 1000);
        assertThat(verdict(later, "error_rate")).isEqualTo("WORSE");
        assertThat(later.getDecision()).isEqualTo(ComparisonDecision.ROLL_BACK);
    }

    /**
     * Two versions without a single error are never told apart: no 0-in-200 proves an error rate within a point of
     * the control's (the rule of three puts its 95% bound at 1.5%), so the figure is UNDECIDED first and NOT_WORSE
     * once there are enough events; never WORSE or BETTER, and nothing is decided.
     */
    @Test
    void twoVersionsWithoutErrorsAreNotWorseOnceThereAreEnoughEventsAndNeverDecided() {
        assertThat(verdict(errorRun(errorRateSpec(), 1, 200, 0, 0), "error_rate")).isEqualTo("UNDECIDED");
        for (int windows = 1; windows <= 50; windows++) {
            ComparisonReport r = errorRun(errorRateSpec(), windows, 200, 0, 0);
            assertThat(verdict(r, "error_rate")).as("after %d windows", windows).isIn("UNDECIDED", "NOT_WORSE");
            assertThat(r.getDecision()).isEqualTo(ComparisonDecision.NONE);
        }
        assertThat(verdict(errorRun(errorRateSpec(), 50, 200, 0, 0), "error_rate")).isEqualTo("NOT_WORSE");
    }

    /**
     * Equal versions erring 1% of the time, a 10% canary (900 and 100 events a window), error rate the primary
     * figure at α = 0.001: at most α of the comparisons may decide. A small canary often sees fewer errors than its
     * share, and its own estimate then calls its rate nearly exact: with each version's own variance, 10% of these
     * comparisons promoted the candidate, and 2% with the Jeffreys floor alone.
     */
    @Test
    void equalVersionsWithRareErrorsAreNotDecidedOnThoughTheCanarySeesFewerThanItsShare() {
        java.util.Map<JudgedMetric, Double> margins = java.util.Map.of(JudgedMetric.ERROR_RATE, 0.01);
        ComparisonSpec spec = new ComparisonSpec("m", "1", "2", ComparisonMode.CANARY, margins, JudgedMetric.ERROR_RATE,
            200, 0.001, 0, false);
        SplittableRandom random = new SplittableRandom(7);
        int decided = 0;
        for (int run = 0; run < 2000; run++) {
            ComparisonState state = ComparisonState.initial();
            for (int w = 0; w < 100 && !state.decided(); w++) {
                long start = w * MINUTE;
                VersionFigures c = counted("1", start, 0, -1, 900, binomial(random, 900, 0.01));
                VersionFigures k = counted("2", start, 0, -1, 100, binomial(random, 100, 0.01));
                state = ComparisonJudge.judge(spec, added(state, start, c, k), c, k, Instant.EPOCH).state();
            }
            decided += state.decided() ? 1 : 0;
        }
        assertThat(decided).as("comparisons decided of 2000").isLessThanOrEqualTo(2);
    }

    private static long binomial(SplittableRandom random, int n, double p) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    /** A window's outputs-only profile of {@code n} binary scores σ(Z + shift). */
    private static byte[] scores(SplittableRandom random, int n, double shift) {
        io.driftwatch.profile.WindowProfile p = new io.driftwatch.profile.WindowProfile(
            io.driftwatch.profile.ProfileSettings.defaults());
        for (int i = 0; i < n; i++) {
            double score = 1 / (1 + Math.exp(-(random.nextGaussian() + shift)));
            p.add(io.driftwatch.schemas.PredictionEvent.newBuilder().setPredictionId("p" + i).setModelId("m")
                .setModelVersion("v").setEventTime(Instant.EPOCH).setFeatures(java.util.Map.of())
                .setPrediction(io.driftwatch.schemas.Prediction.newBuilder().setLabel(score >= 0.5 ? "1" : "0")
                    .setScore(score).build())
                .setLatencyMs(20.0).build());
        }
        return new io.driftwatch.profile.WindowProfileCodec().encode(p.outputsOnly());
    }

    private static ComparisonReport shiftReport(long seed, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        VersionFigures ctrl = window(random, "1", 0, 2000, 0.9, 0.01, 100).withOutputs(scores(random, 2000, 0));
        VersionFigures cand = window(random, "2", 0, 500, 0.9, 0.01, 100).withOutputs(scores(random, 500, shift));
        return ComparisonJudge.judge(CANARY, added(ComparisonState.initial(), 0, ctrl, cand), ctrl, cand,
            Instant.ofEpochMilli(MINUTE)).report();
    }

    @Test
    void aShiftedPredictionDistributionIsReportedWithTheDriftStatisticsAndDoesNotDecide() {
        ComparisonReport shifted = shiftReport(21, 1.0);
        ComparedMetric shift = shifted.getMetrics().stream().filter(m -> m.getMetric().equals("prediction_shift"))
            .findFirst().orElseThrow();
        assertThat(shift.getVerdict()).isEqualTo("DRIFT");
        assertThat(shift.getControlCount()).isEqualTo(2000);
        assertThat(shift.getCandidateCount()).isEqualTo(500);
        assertThat(shift.getTest()).endsWith("; reported, does not decide");
        // Mean score of σ(Z + 1), Z standard normal, is about 0.69 (0.5 without the shift): the candidate's is higher.
        assertThat(shift.getCandidate()).isGreaterThan(shift.getControl() + 0.1);
        assertThat(shifted.getDecision()).isEqualTo(ComparisonDecision.NONE);

        ComparedMetric same = shiftReport(22, 0.0).getMetrics().stream()
            .filter(m -> m.getMetric().equals("prediction_shift")).findFirst().orElseThrow();
        assertThat(same.getVerdict()).isEqualTo("NO_DRIFT");
        assertThat(same.getDifference()).isLessThan(shift.getDifference());
    }

    @Test
    void withoutTheWindowsProfilesThereIsNoPredictionShift() {
        Run r = run(1, 3, 0.9, 0.9, 100);
        assertThat(r.last().getMetrics()).noneMatch(m -> m.getMetric().equals("prediction_shift"));
    }
}
