package io.driftwatch.alerting;

import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.LatencyObjective;
import io.driftwatch.schemas.LatencySummary;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.stats.QuantileThresholdTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The verdict on each latency-quantile objective of the rules (a {@code latency.p50_ms},
 * {@code p95_ms} or {@code p99_ms} rule, e.g. the default p99 ≥ 500 ms), decided once and used twice:
 * by {@link SignificanceGate} for the rule, and written into the report's
 * {@code latency.objectives}, so a reader of the report sees BREACHED, NOT_BREACHED or UNCERTAIN
 * with its reason, not only an alert that did or did not fire. The threshold lives in the rule, not
 * in the report builder; hence the report is annotated here, from the rules in force.
 *
 * <p>The decision: when the window's quantile does not cross the threshold, NOT_BREACHED. When it
 * does, the order-statistic quantile test ({@link QuantileThresholdTest}) at the false-alarm target's
 * level, with the sketch's rank error as an interval of p-values: BREACHED when even the largest
 * p-value is below the level, NOT_BREACHED (within sampling noise) when even the smallest is not,
 * else UNCERTAIN: the sketch and the rank grid cannot tell, no alert fires and a firing one stays.
 */
public final class LatencyObjectives {

    /** The outcome for one objective. */
    public enum Verdict { BREACHED, NOT_BREACHED, UNCERTAIN }

    /** The rank of each latency quantile a rule can test; the maximum is exact and needs no test. */
    static final Map<String, Double> RANKS = Map.of("p50_ms", 0.50, "p95_ms", 0.95, "p99_ms", 0.99);

    /**
     * One decision.
     *
     * @param pLow   smallest p-value the sketch allows (1 when the test did not run)
     * @param pHigh  largest
     * @param reason why, for UNCERTAIN and for a crossing within noise; null otherwise
     */
    public record Decision(Verdict verdict, double pLow, double pHigh, String reason) {
    }

    private LatencyObjectives() {
    }

    /** Whether the rule watches a latency quantile this class decides. */
    static boolean decides(Rule rule) {
        return rule.metric().family() == MetricFamily.LATENCY && RANKS.containsKey(rule.metric().parameter())
                && (rule.comparator().breachesAbove() || rule.comparator().breachesBelow());
    }

    /**
     * Decides one objective at level {@code alpha}; null when the report carries no tail quantiles
     * (reports written before them: the threshold alone decides, as it did).
     */
    static Decision decide(Rule rule, LatencySummary latency, double alpha) {
        if (latency == null || latency.getTailQuantiles() == null || latency.getTailQuantiles().isEmpty()
                || !decides(rule)) {
            return null;
        }
        String quantile = rule.metric().parameter();
        double value = switch (quantile) {
            case "p50_ms" -> latency.getP50Ms();
            case "p95_ms" -> latency.getP95Ms();
            default -> latency.getP99Ms();
        };
        if (!rule.breachedBy(value)) {
            return new Decision(Verdict.NOT_BREACHED, 1, 1, null);
        }
        NavigableMap<Double, Double> quantiles = new TreeMap<>();
        latency.getTailQuantiles().forEach((r, v) -> quantiles.put(Double.parseDouble(r.toString()), v));
        Map<Double, Double> errors = new HashMap<>();
        latency.getTailRankErrors().forEach((r, e) -> errors.put(Double.parseDouble(r.toString()), e));
        double[] cdf = QuantileThresholdTest.cdfBounds(quantiles, errors, latency.getMaxMs(), rule.threshold());
        double rank = RANKS.get(quantile);
        QuantileThresholdTest.PValueInterval p = rule.comparator().breachesAbove()
                ? QuantileThresholdTest.above(latency.getCount(), rank, cdf[0], cdf[1], latency.getMaxMs() > rule.threshold())
                : QuantileThresholdTest.below(latency.getCount(), rank, cdf[0], cdf[1]);
        if (p.significantAt(alpha)) {
            return new Decision(Verdict.BREACHED, p.low(), p.high(), null);
        }
        String figure = quantile.replace("_ms", "") + " " + round(value) + " ms " + rule.comparator().display() + " "
                + round(rule.threshold()) + " ms";
        if (p.notSignificantAt(alpha)) {
            return new Decision(Verdict.NOT_BREACHED, p.low(), p.high(), figure + " is within sampling noise: the"
                    + " quantile test's p-value is at least " + round(p.low()) + ", not below the level " + round(alpha));
        }
        return new Decision(Verdict.UNCERTAIN, p.low(), p.high(), figure + ", but the sketch's rank error leaves the"
                + " quantile test's p-value in [" + round(p.low()) + ", " + round(p.high()) + "], which straddles the"
                + " level " + round(alpha) + "; more events in the window or a larger latency sketch decides");
    }

    /**
     * Writes the decision on every latency objective of {@code rules} that applies to the report's
     * model into {@code latency.objectives} (replacing what was there: a revision is decided again).
     * Nothing without a false-alarm target, without latency figures or without tail quantiles.
     */
    public static void annotate(WindowReport report, RuleSet rules) {
        LatencySummary latency = report.getLatency();
        Optional<SignificancePolicy> policy = rules.significancePolicy();
        if (latency == null || policy.isEmpty()) {
            return;
        }
        double alpha = alphaFor(report, policy.get());
        List<LatencyObjective> objectives = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            if (!rule.appliesTo(report.getModelId()) || latency.getCount() < rule.minSamples()) {
                continue;
            }
            Decision d = decide(rule, latency, alpha);
            if (d == null) {
                continue;
            }
            objectives.add(LatencyObjective.newBuilder()
                    .setRule(rule.name())
                    .setQuantile(rule.metric().parameter())
                    .setComparator(rule.comparator().symbol())
                    .setThresholdMs(rule.threshold())
                    .setVerdict(d.verdict().name())
                    .setPValueLow(d.pLow())
                    .setPValueHigh(d.pHigh())
                    .setLevel(alpha)
                    .setReason(d.reason())
                    .build());
        }
        latency.setObjectives(objectives);
    }

    /**
     * The per-test level of this window: its features' tests and the prediction's, plus the model-level shares, as in
     * the report.
     */
    static double alphaFor(WindowReport report, SignificancePolicy policy) {
        int tests = 0;
        for (FeatureDrift drift : report.getFeatures()) {
            if (drift.getStatistics().containsKey(SignificancePolicy.LEVEL_STATISTIC)) {
                tests++;
            }
        }
        FeatureDrift prediction = report.getPredictionDrift();
        if (prediction != null && prediction.getStatistics().containsKey(SignificancePolicy.LEVEL_STATISTIC)) {
            tests++;
        }
        return policy.alphaFor(tests + SignificancePolicy.MODEL_TESTS);
    }



    private static String round(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
