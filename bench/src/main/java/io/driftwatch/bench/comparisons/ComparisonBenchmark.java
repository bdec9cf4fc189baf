package io.driftwatch.bench.comparisons;

import io.driftwatch.comparison.ComparisonJudge;
import io.driftwatch.comparison.ComparisonPlan;
import io.driftwatch.comparison.ComparisonSpec;
import io.driftwatch.comparison.ComparisonState;
import io.driftwatch.comparison.VersionFigures;
import io.driftwatch.schemas.ComparisonDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What the comparison stage's decisions cost and how often they are wrong, with the judge the
 * stage runs ({@link ComparisonJudge}) on simulated windows of a 10% canary:
 * <ul>
 *   <li>false decisions per 1000 comparisons of a model with itself, each watched for a long run of windows;</li>
 *   <li>labelled canary predictions needed to decide for a 2-, 4- and 10-point accuracy difference,
 *       against the samples a fixed-horizon test (two-proportion z / t-test, run once at the end)
 *       needs for 80% power at the same α and at the usual 5%.</li>
 * </ul>
 * Window counts are drawn from the normal approximation of the binomial (n ≥ 100 per window).
 */
public final class ComparisonBenchmark {

    static final String HEADING = "## 6. Comparisons (canary, shadow, A/B)";

    private static final long MINUTE = 60_000;
    /** How long a compared window is remembered for revisions: the default label horizon (7 days) plus a window. */
    private static final long REVISABLE_MS = 7 * 24 * 60 * MINUTE + MINUTE;
    private static final double BASE_ACCURACY = 0.85;

    /** Windows with {@code control} and {@code candidate} labelled predictions each. */
    public record Setup(int comparisons, int windows, int control, int candidate, int runsPerDifference, int maxWindows) {
        public static Setup standard(boolean quick) {
            return quick ? new Setup(200, 200, 900, 100, 50, 2000) : new Setup(1000, 500, 900, 100, 200, 3000);
        }
    }

    public record Speed(double difference, String direction, double decidedShare, double medianCandidateSamples,
                        double p90CandidateSamples, double fixedHorizonSameAlpha, double fixedHorizon5Percent) {
    }

    public record Result(Setup setup, int falseDecisions, List<Speed> speeds, OutputsCost.Result outputs, double seconds) {
    }

    /** The drift-only throughput section 1 measured (RESULTS.md, run of 2026-11-22): the bench window's traffic. */
    static final double DRIFT_ONLY_RATE = 131_709;

    public Result run(Setup setup) {
        long t0 = System.nanoTime();
        ComparisonSpec spec = ComparisonPlan.standard().discover("m", Map.of("1", "primary", "2", "canary")).orElseThrow();
        SplittableRandom random = new SplittableRandom(2026);
        int falseDecisions = 0;
        for (int c = 0; c < setup.comparisons(); c++) {
            if (decide(spec, random, setup, BASE_ACCURACY, BASE_ACCURACY, setup.windows()) != null) {
                falseDecisions++;
            }
        }
        List<Speed> speeds = new ArrayList<>();
        for (double d : new double[] {0.02, 0.04, 0.10}) {
            speeds.add(speed(spec, random, setup, d, "better (PROMOTE)", BASE_ACCURACY - d / 2, BASE_ACCURACY + d / 2));
        }
        for (double d : new double[] {0.04, 0.10}) {
            speeds.add(speed(spec, random, setup, d, "worse (ROLL_BACK, margin 2 points)", BASE_ACCURACY + d / 2,
                BASE_ACCURACY - d / 2));
        }
        OutputsCost.Result outputs = new OutputsCost().run(DRIFT_ONLY_RATE, 10, new long[] {100, 1_000, 10_000, 100_000});
        return new Result(setup, falseDecisions, speeds, outputs, (System.nanoTime() - t0) / 1e9);
    }

    private Speed speed(ComparisonSpec spec, SplittableRandom random, Setup setup, double d, String direction,
                        double control, double candidate) {
        double[] samples = new double[setup.runsPerDifference()];
        int decided = 0;
        for (int r = 0; r < samples.length; r++) {
            Long n = decide(spec, random, setup, control, candidate, setup.maxWindows());
            samples[r] = n == null ? Double.POSITIVE_INFINITY : n;
            decided += n == null ? 0 : 1;
        }
        Arrays.sort(samples);
        double ratio = (double) setup.control() / setup.candidate();
        return new Speed(d, direction, (double) decided / samples.length, samples[samples.length / 2],
            samples[(int) (samples.length * 0.9)], fixedHorizon(control, candidate, ratio, spec.alpha() / spec.margins().size()),
            fixedHorizon(control, candidate, ratio, 0.05));
    }

    /**
     * Canary samples a two-sided two-proportion z-test run once needs for 80% power at level alpha,
     * with {@code ratio} control samples per canary sample (the t-test on 0/1 outcomes is the same test).
     */
    static double fixedHorizon(double pControl, double pCandidate, double ratio, double alpha) {
        NormalDistribution z = new NormalDistribution(null, 0, 1);
        double za = z.inverseCumulativeProbability(1 - alpha / 2);
        double zb = z.inverseCumulativeProbability(0.8);
        double pooled = (pCandidate + ratio * pControl) / (1 + ratio);
        double null0 = Math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio));
        double alt = Math.sqrt(pCandidate * (1 - pCandidate) + pControl * (1 - pControl) / ratio);
        double n = Math.pow(za * null0 + zb * alt, 2) / Math.pow(pCandidate - pControl, 2);
        return Math.ceil(n);
    }

    /** Canary labelled samples when the comparison decided, or null when it did not within {@code windows}. */
    private Long decide(ComparisonSpec spec, SplittableRandom random, Setup setup, double control, double candidate, int windows) {
        ComparisonState state = ComparisonState.initial();
        for (int w = 0; w < windows; w++) {
            long start = w * MINUTE;
            VersionFigures ctrl = figures("1", start, setup.control(), control, random);
            VersionFigures cand = figures("2", start, setup.candidate(), candidate, random);
            ComparisonJudge.Judgement j = ComparisonJudge.judge(spec,
                state.withWindow(start, ctrl, cand, null, null, REVISABLE_MS), ctrl, cand, Instant.EPOCH);
            state = j.state();
            if (j.report().getDecision() != ComparisonDecision.NONE) {
                return (long) (w + 1) * setup.candidate();
            }
        }
        return null;
    }

    private static VersionFigures figures(String version, long start, int n, double accuracy, SplittableRandom random) {
        long correct = binomial(n, accuracy, random);
        long errors = binomial(n * 10L, 0.01, random);
        return new VersionFigures(version, start, start + MINUTE, 0, n, correct, Double.NaN, Double.NaN, n * 10L, errors,
            0, Double.NaN, Double.NaN, Double.NaN);
    }

    private static long binomial(long n, double p, SplittableRandom random) {
        double x = Math.rint(n * p + Math.sqrt(n * p * (1 - p)) * random.nextGaussian());
        return (long) Math.max(0, Math.min(n, x));
    }

    public static String render(Result r, String command, String load) {
        StringBuilder md = new StringBuilder(HEADING).append("\n\n");
        md.append("`").append(command).append("`");
        if (load != null) {
            md.append(", load average before: ").append(load);
        }
        md.append(String.format(Locale.ROOT, ", %.0f s. The judge of the comparison stage (`ComparisonJudge`) on simulated"
            + " windows of a 10%% canary (%d control and %d canary labelled predictions per window, accuracy %.0f%%,"
            + " error rate 1%%), with the standard plan: margins accuracy 2 points, error rate 1 point, α = 0.001 over the"
            + " whole comparison split over its four figures (the simulated windows carry no latency sketches, so p99"
            + " latency takes its share of α but never decides here), min_samples 200.%n%n", r.seconds(), r.setup().control(), r.setup().candidate(),
            100 * BASE_ACCURACY));
        md.append(String.format(Locale.ROOT, "**False decisions: %d per %d comparisons of a model with itself**, each watched"
            + " for %d windows (%,d canary samples); goal ≤ 1 per 1000.%n%n", r.falseDecisions(), r.setup().comparisons(),
            r.setup().windows(), (long) r.setup().windows() * r.setup().candidate()));
        md.append("| accuracy difference | candidate | decided within ").append(r.setup().maxWindows())
            .append(" windows | canary samples to decide, median | p90 | fixed horizon, 80% power, α = 0.001/4 (the accuracy figure's share of the four judged figures) | fixed horizon, 80% power, α = 5% |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Speed s : r.speeds()) {
            md.append(String.format(Locale.ROOT, "| %.0f points | %s | %.0f%% | %s | %s | %,.0f | %,.0f |%n", 100 * s.difference(),
                s.direction(), 100 * s.decidedShare(), count(s.medianCandidateSamples()), count(s.p90CandidateSamples()),
                s.fixedHorizonSameAlpha(), s.fixedHorizon5Percent()));
        }
        md.append("\nThe sequential test may be looked at after every window and still holds its α; a fixed-horizon test"
            + " holds it only if looked at once, at a sample size fixed in advance (peeking at it every window inflates"
            + " false decisions: `MixtureSprtTest`). A roll-back needs the difference to exceed the 2-point margin with"
            + " confidence, so it is slower than a test against zero; the fixed-horizon columns test against zero.\n");
        if (r.outputs() != null) {
            md.append('\n').append(OutputsCost.render(r.outputs()));
        }
        return md.toString();
    }

    private static String count(double v) {
        return Double.isInfinite(v) ? "not decided" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Replaces this section of the results file in place, or appends it, keeping every other section. */
    public static void mergeInto(Path results, String section) throws IOException {
        io.driftwatch.bench.report.ResultsSection.mergeInto(results, HEADING, section);
    }
}
