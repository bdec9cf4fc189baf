package io.driftwatch.alerting;

import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.util.Optional;
import java.util.Set;
import io.driftwatch.stats.DoublingLooks;
import io.driftwatch.stats.QuantileThresholdTest;
import io.driftwatch.stats.TwoProportionZTest;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Whether a window's figure can be told apart from sampling noise before a rule may breach on it:
 * the rule's threshold is the practical bar (PSI 0.1, accuracy 5% down), and significance at the
 * level of the rules' false-alarm target ({@link SignificancePolicy}) is added on top.
 *
 * <ul>
 *   <li><b>Per-feature distances</b> ({@code feature.psi}, {@code feature.wasserstein}, ...), and the
 *       prediction's ({@code prediction.psi}, ...): the
 *       feature's (or prediction's) significance test as decided in the report ({@code significance_p_value}, the
 *       largest p-value the sketch error allows, below {@code significance_level}, both in its
 *       statistics); a feature whose verdict is UNCERTAIN is no evidence either way. PSI and the
 *       default test thus agree on what is noise.</li>
 *   <li><b>Accuracy drops</b> ({@code quality.change_relative.accuracy} or
 *       {@code quality.change_absolute.accuracy} with {@code <} or {@code <=}): the exact one-sided
 *       binomial test of the window's correct predictions against the baseline accuracy,
 *       P(X ≤ correct | labelled, baseline accuracy) &lt; α, and the pooled two-proportion z-test
 *       against the baseline's rows, which counts the baseline's own sampling error: both must
 *       reject. A window is tested on its looks only, at α divided by the most looks it can have
 *       ({@link DoublingLooks}): its revisions bring labels, and each would otherwise be another
 *       chance to reject. When the monitor knows when labels are complete
 *       ({@code labels.complete.after}), the report that finds them complete gets α / 2 and the looks
 *       before it share the other half.</li>
 *   <li><b>Concept drift</b> ({@code concept_drift.detected}): a detector's signal needs the same
 *       binomial test, without the 5% bar: the window's accuracy significantly below the
 *       baseline's. It shares the accuracy test's share of the budget (one quality question). Before
 *       the model version has a quality baseline nothing can confirm a signal: no evidence either way.</li>
 *   <li><b>Error rate</b> ({@code error_rate} with {@code >} or {@code >=}): the exact one-sided
 *       binomial test that the rate is above the threshold itself, P(X ≥ errors | events,
 *       threshold) &lt; α: an error-rate objective is breached only when the window shows it is.</li>
 *   <li><b>Latency quantiles</b> ({@code latency.p50_ms}, {@code p95_ms}, {@code p99_ms} with {@code >},
 *       {@code >=}, {@code <} or {@code <=}), when the figure crosses the threshold: the order-statistic
 *       quantile test that the population quantile is beyond the threshold, P(Binomial(n, q) ≤ B) &lt; α
 *       with B the window's values at or below it, bounded from the report's tail quantiles and the
 *       sketch's rank error ({@link QuantileThresholdTest}); when the bound straddles the level, no
 *       evidence either way (UNDECIDED).</li>
 *   <li><b>Disparate impact</b> ({@code fairness.disparate_impact_ratio} with {@code <} or
 *       {@code <=}): the one-sided two-proportion z-test (pooled) that the worst group's positive
 *       rate is below the reference group's, k(k − 1)·Φ(z) &lt; α for k groups, from the groups'
 *       counts and rates in the report's segments: the pair was picked after looking at the rates
 *       ({@link #selectedPairs}).</li>
 *   <li><b>Missing values</b> ({@code feature.missing_increase} with {@code >} or {@code >=}), when the figure
 *       crosses the threshold: the window's usable share of the feature significantly below the baseline's
 *       ({@link MissingIncrease#pValue}) at α divided by the number of features observed: one share of the
 *       budget for all of them.</li>
 * </ul>
 * Other rules pass unchanged.
 */
final class SignificanceGate {

    /** The outcome for one observation. */
    enum Outcome {
        /** Significant, or the rule has no test: the threshold decides. */
        SIGNIFICANT,
        /**
         * Not significant: the observation does not breach, whatever its value; it counts as clear, except that
         * RuleEngine takes it as no evidence either way while its alert fires (unless the figure is a distance).
         */
        NOT_SIGNIFICANT,
        /** The sketch error straddles the level (verdict UNCERTAIN): no evidence either way. */
        UNDECIDED
    }

    private static final Set<String> P_VALUE_STATISTICS = Set.of("ks_p_value", "chi_square_p_value",
            "z_test_p_value", io.driftwatch.stats.SignificantEffect.CHI_SQUARE_POOLED_P_VALUE,
            io.driftwatch.stats.BinnedChiSquare.P_VALUE_ID, SignificancePolicy.P_VALUE_STATISTIC, SignificancePolicy.LEVEL_STATISTIC);

    private final Optional<SignificancePolicy> policy;

    SignificanceGate(Optional<SignificancePolicy> policy) {
        this.policy = policy;
    }

    Outcome of(Rule rule, WindowReport report, Observation observation) {
        MetricFamily family = rule.metric().family();
        String parameter = rule.metric().parameter();
        if ((family == MetricFamily.FEATURE_STATISTIC || family == MetricFamily.PREDICTION_STATISTIC)
                && !P_VALUE_STATISTICS.contains(parameter)) {
            FeatureDrift drift = AlertSummary.driftOf(report, rule.metric(), observation);
            return drift == null ? Outcome.SIGNIFICANT : ofFeature(drift);
        }
        if (isAccuracyChange(rule.metric()) && policy.isPresent() && rule.comparator().breachesBelow()) {
            return ofAccuracyDrop(rule, report, alphaFor(report));
        }
        if (family == MetricFamily.CONCEPT_DRIFT && policy.isPresent()) {
            // A detector's signal counts when the window's accuracy is significantly below the
            // baseline's at the target's level: the detectors' own confidence parameters (ADWIN's
            // delta, DDM's and Page-Hinkley's thresholds) know nothing of the false-alarm target.
            QualityReport quality = report.getQuality();
            if (quality == null || quality.getBaseline().get("accuracy") == null
                    || quality.getMetrics().get("accuracy") == null) {
                // No quality baseline yet (the first labelled windows make it): nothing can confirm
                // the signal, and detectors warming up on a few hundred labels do signal.
                return Outcome.UNDECIDED;
            }
            return ofAccuracyDrop(rule, report, alphaFor(report));
        }
        if (family == MetricFamily.ERROR_RATE && policy.isPresent() && rule.comparator().breachesAbove()) {
            return errorRatePValue(report.getErrorCount(), report.getEventCount(), rule.threshold()) < alphaFor(report)
                    ? Outcome.SIGNIFICANT : Outcome.NOT_SIGNIFICANT;
        }
        if (family == MetricFamily.LATENCY && policy.isPresent() && LatencyObjectives.decides(rule)
                && rule.breachedBy(observation.value())) {
            return ofLatencyQuantile(rule, report);
        }
        if (isDisparateImpact(rule.metric()) && policy.isPresent() && rule.comparator().breachesBelow()) {
            return ofDisparateImpact(report, observation.segment(), alphaFor(report));
        }
        if (family == MetricFamily.FEATURE_MISSING_INCREASE && policy.isPresent() && rule.comparator().breachesAbove()
                && rule.breachedBy(observation.value())) {
            return ofMissingIncrease(rule, report, observation);
        }
        return Outcome.SIGNIFICANT;
    }

    /**
     * A feature's missing values rose when its usable share in the window is significantly below the baseline's
     * ({@link MissingIncrease#pValue}). The window's missing-values tests share one model-level share of the
     * budget, split over the features observed (Bonferroni), so that a model with many features spends no more on
     * them than one with a few.
     */
    private Outcome ofMissingIncrease(Rule rule, WindowReport report, Observation observation) {
        FeatureDrift feature = AlertSummary.driftOf(report, rule.metric(), observation);
        if (feature == null) {
            return Outcome.SIGNIFICANT;
        }
        return MissingIncrease.pValue(report, feature) < alphaFor(report) / MissingIncrease.observedFeatures(report)
                ? Outcome.SIGNIFICANT : Outcome.NOT_SIGNIFICANT;
    }

    /**
     * A latency quantile beyond its threshold counts when the window shows that the population's
     * quantile is beyond it ({@link LatencyObjectives}, which also writes the verdict into the report);
     * when the sketch's rank error leaves the p-value on both sides of the level, no evidence either
     * way. Reports written before the tail quantiles were added carry none: the threshold decides, as
     * it did.
     */
    private Outcome ofLatencyQuantile(Rule rule, WindowReport report) {
        LatencyObjectives.Decision d = LatencyObjectives.decide(rule, report.getLatency(), alphaFor(report));
        if (d == null) {
            return Outcome.SIGNIFICANT;
        }
        return switch (d.verdict()) {
            case BREACHED -> Outcome.SIGNIFICANT;
            case NOT_BREACHED -> Outcome.NOT_SIGNIFICANT;
            case UNCERTAIN -> Outcome.UNDECIDED;
        };
    }


    /** P(X ≥ errors) for X ~ Binomial(events, threshold): how likely this many errors are at the threshold rate. */
    static double errorRatePValue(long errors, long events, double threshold) {
        if (events <= 0 || errors <= 0) {
            return 1;
        }
        if (!(threshold > 0 && threshold < 1)) {
            return 0;
        }
        int n = (int) Math.min(events, Integer.MAX_VALUE);
        int k = (int) Math.min(errors, n);
        return 1 - new BinomialDistribution(null, n, threshold).cumulativeProbability(k - 1);
    }

    /**
     * Whether the figure's test rejects at {@code level} instead of the false-alarm target's: a firing alert's window
     * that does not breach may still show its problem ({@link ProblemPersistence}). Only the model-level tests of
     * accuracy drops and disparate impact; false for any other rule and without a false-alarm target.
     */
    boolean rejectsAt(Rule rule, WindowReport report, Observation observation, double level) {
        if (policy.isEmpty() || !rule.comparator().breachesBelow()) {
            return false;
        }
        if (isAccuracyChange(rule.metric())) {
            // The window's figures as they stand, at the level itself: the looks bound how often a window can fire; a
            // hold cannot fire, and since each revision replaces its window's evaluation (AlertLifecycle), only the
            // window's last report decides whether it was held. At a look's share the hold ran at about 1% on
            // 2,000-event windows and counted windows 3% below the baseline's accuracy, 2 standard errors, as clear
            // (bench/RESULTS.md, section 4, "Holding on the test as computed").
            return !hasAccuracyFigures(report.getQuality()) || accuracyDropPValue(report) < level;
        }
        if (isDisparateImpact(rule.metric())) {
            return ofDisparateImpact(report, observation.segment(), level) == Outcome.SIGNIFICANT;
        }
        return false;
    }

    /** The change of accuracy against its baseline, relative or absolute: what the accuracy-drop test decides. */
    static boolean isAccuracyChange(Metric metric) {
        return (metric.family() == MetricFamily.QUALITY_CHANGE_RELATIVE || metric.family() == MetricFamily.QUALITY_CHANGE_ABSOLUTE)
                && "accuracy".equals(metric.parameter());
    }

    /** The disparate impact ratio of a protected attribute, whose parity is 1. */
    static boolean isDisparateImpact(Metric metric) {
        return metric.family() == MetricFamily.FAIRNESS && "disparate_impact_ratio".equals(metric.parameter());
    }

    private Outcome ofDisparateImpact(WindowReport report, String attribute, double alpha) {
        FairnessReport fairness = report.getFairness().stream().filter(f -> f.getAttribute().equals(attribute))
                .findFirst().orElse(null);
        if (fairness == null || fairness.getWorstGroup() == null) {
            return Outcome.SIGNIFICANT;
        }
        GroupFigures reference = group(report, attribute, fairness.getReferenceGroup());
        GroupFigures worst = group(report, attribute, fairness.getWorstGroup());
        if (reference == null || worst == null || reference.getPositiveRate() == null || worst.getPositiveRate() == null
                || reference.getCount() <= 0 || worst.getCount() <= 0) {
            return Outcome.SIGNIFICANT;
        }
        double p = groupGapPValue(Math.round(reference.getPositiveRate() * reference.getCount()), reference.getCount(),
                Math.round(worst.getPositiveRate() * worst.getCount()), worst.getCount());
        return selectedPairs(report, attribute) * p < alpha ? Outcome.SIGNIFICANT : Outcome.NOT_SIGNIFICANT;
    }

    /**
     * How many one-sided group comparisons the reported pair was picked from. The reference group is
     * the one with the highest positive rate unless configured, and the worst the one with the lowest:
     * a pair chosen after looking at the rates. Testing it at α as if it had been fixed in advance
     * fires on equal groups with probability up to k(k − 1)·α (two groups: the one-sided test of the
     * lower rate is a two-sided test, 2α). The bound P(some ordered pair rejects) ≤ k(k − 1)·α
     * (Bonferroni over ordered pairs) holds whichever pair is picked; a configured reference only
     * lowers it to k − 1, which the report does not say, so k(k − 1) is used: conservative, never
     * anti-conservative. k counts the attribute's groups in the report's segments, the pooled
     * {@value io.driftwatch.performance.SegmentAccumulator#OTHER_VALUE} excepted (groups too small for
     * the fairness figures are counted too, which can only make it larger).
     */
    static long selectedPairs(WindowReport report, String attribute) {
        long groups = 0;
        for (SegmentReport segment : report.getSegments()) {
            if (segment.getAttribute().equals(attribute)) {
                for (GroupFigures group : segment.getGroups()) {
                    if (!io.driftwatch.performance.SegmentAccumulator.OTHER_VALUE.equals(group.getValue())
                            && group.getCount() > 0) {
                        groups++;
                    }
                }
            }
        }
        return Math.max(2, groups * (groups - 1));
    }

    /** One-sided p-value that the worst group's positive rate is below the reference group's: Φ(z), pooled z. */
    static double groupGapPValue(long referencePositives, long referenceCount, long worstPositives, long worstCount) {
        double z = TwoProportionZTest.test(referencePositives, referenceCount, worstPositives, worstCount).statistic();
        return new NormalDistribution(null, 0, 1).cumulativeProbability(z);
    }

    private static GroupFigures group(WindowReport report, String attribute, String value) {
        for (SegmentReport segment : report.getSegments()) {
            if (segment.getAttribute().equals(attribute)) {
                for (GroupFigures group : segment.getGroups()) {
                    if (group.getValue().equals(value)) {
                        return group;
                    }
                }
            }
        }
        return null;
    }


    private static Outcome ofFeature(FeatureDrift drift) {
        if (drift.getVerdict() == Verdict.UNCERTAIN) {
            return Outcome.UNDECIDED;
        }
        Double pValue = drift.getStatistics().get(SignificancePolicy.P_VALUE_STATISTIC);
        Double level = drift.getStatistics().get(SignificancePolicy.LEVEL_STATISTIC);
        if (pValue == null || level == null) {
            return Outcome.SIGNIFICANT;
        }
        return pValue < level ? Outcome.SIGNIFICANT : Outcome.NOT_SIGNIFICANT;
    }

    /**
     * The accuracy-drop test on the window's looks only ({@link DoublingLooks}): each revision that
     * brings labels would otherwise be one more chance to reject, and the window's false-alarm rate
     * would grow with its revisions. A report that is not a look is no evidence either way, so the
     * window keeps the verdict of its last look. A look is tested at its share of the test's level
     * ({@link #shareOfLevel}). Reports written before looks were recorded count as looks. A firing alert's hold tests
     * the same figures at its own level ({@link #rejectsAt}).
     */
    private Outcome ofAccuracyDrop(Rule rule, WindowReport report, double alpha) {
        QualityReport quality = report.getQuality();
        if (!hasAccuracyFigures(quality)) {
            return Outcome.SIGNIFICANT;
        }
        long labelled = quality.getLabelledCount();
        Long look = quality.getDropTestLabelledCount();
        if (look != null && look != labelled) {
            return Outcome.UNDECIDED;
        }
        double share = shareOfLevel(quality.getLabelsComplete(),
                DoublingLooks.maxLooks(Math.max(quality.getPredictedCount(), labelled), rule.minSamples()));
        return accuracyDropPValue(report) < alpha * share ? Outcome.SIGNIFICANT : Outcome.NOT_SIGNIFICANT;
    }

    /** Whether the report has what the accuracy-drop test needs: else the rule's threshold alone decides. */
    private static boolean hasAccuracyFigures(QualityReport quality) {
        if (quality == null) {
            return false;
        }
        Double accuracy = quality.getMetrics().get("accuracy");
        Double baseline = quality.getBaseline().get("accuracy");
        return accuracy != null && baseline != null && quality.getLabelledCount() > 0 && baseline > 0 && baseline <= 1;
    }

    /** The accuracy-drop test's p-value on the window's figures, which {@link #hasAccuracyFigures} has checked. */
    private static double accuracyDropPValue(WindowReport report) {
        QualityReport quality = report.getQuality();
        // The labels the baseline was measured on when recorded; else the reference's rows, which bound them.
        Long measured = quality.getBaselineLabelledCount();
        long baselineCount = measured != null ? measured
                : report.getBaseline() == null ? 0 : report.getBaseline().getRowCount();
        return accuracyDropPValue(quality.getMetrics().get("accuracy"), quality.getBaseline().get("accuracy"),
                quality.getLabelledCount(), baselineCount);
    }

    /**
     * The share of the test's level one look of a window gets. Without a completion delay, each of the
     * window's at most {@code looks} looks gets 1 / looks. With one, the report that finds the labels
     * complete (the last look: none follows it) gets half, and the looks before it share the other half.
     */
    static double shareOfLevel(Boolean labelsComplete, int looks) {
        if (labelsComplete == null) {
            return 1.0 / looks;
        }
        return labelsComplete ? 0.5 : 0.5 / looks;
    }

    /**
     * The larger of two one-sided p-values for "accuracy fell": the exact binomial tail with the
     * baseline accuracy taken as known, and the pooled two-proportion z-test that counts the
     * baseline's own sampling error when it was measured on {@code baselineCount} labelled
     * predictions (a baseline from the first labelled windows records them, and so does a reference
     * made by {@code baseline create}; for a reference written before it did, its row count is used:
     * an upper bound, which makes the z-test a little optimistic and the binomial the floor). A small
     * reference (1000 rows) has about as much noise in its accuracy as a window: treating it as known
     * alarmed on stationary data. So did taking a baseline fixed from 241 early labels for one
     * measured on the 456 rows of the captured reference.
     */
    static double accuracyDropPValue(double accuracy, double baseline, long labelled, long baselineCount) {
        double exact = accuracyDropPValue(accuracy, baseline, labelled);
        if (baselineCount <= 0) {
            return exact;
        }
        double z = TwoProportionZTest.test(Math.round(baseline * baselineCount), baselineCount,
                Math.round(accuracy * labelled), labelled).statistic();
        return Math.max(exact, new NormalDistribution(null, 0, 1).cumulativeProbability(z));
    }

    /** P(X ≤ correct) for X ~ Binomial(labelled, baseline): how likely so few correct predictions are by chance. */
    static double accuracyDropPValue(double accuracy, double baseline, long labelled) {
        if (baseline >= 1) {
            return accuracy >= 1 ? 1 : 0;
        }
        int n = (int) Math.min(labelled, Integer.MAX_VALUE);
        int correct = (int) Math.round(accuracy * n);
        return new BinomialDistribution(null, n, baseline).cumulativeProbability(correct);
    }

    /** The per-test level of this window: its features' tests plus the model-level shares, as in the report. */
    private double alphaFor(WindowReport report) {
        return LatencyObjectives.alphaFor(report, policy.orElseThrow());
    }
}
