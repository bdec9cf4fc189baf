package io.driftwatch.alerting;

import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.stats.DriftTest;
import io.driftwatch.stats.SignificantEffect;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a window still shows the problem that a firing alert is about, so that it is no evidence that the problem
 * ended although its figure fell short of the rule's bar.
 *
 * <p>An alert starts on strong evidence: the figure past its threshold and its test significant at the false-alarm
 * target's level, about 3·10⁻⁵ for a model of 25 features. A problem near the edge of detection meets that in some
 * windows and not in the next, and without this every two windows that fell short resolved the alert and the next
 * crossing fired it again: 3 alerts in 20 windows for a mean shift of 0.25 sd on 1,000-event windows, up to 9, and 1.5
 * for an accuracy drop of 5 points on 2,000-event windows (bench/RESULTS.md, section 4). Ending an episode asks the
 * opposite question, whether the problem is gone, and a window whose test still tells the problem apart from noise at
 * a lenient level, the rules file's {@code false_alarm_target.resolve_level} (by default 0.05, the conventional level;
 * Evidently's default for its p-value tests), is no evidence that it is. A drift's test is read as computed, not at
 * the cautious end of its sketch error that firing takes ({@link #pointPValue}). After a problem ends the p-value is
 * uniform, so a window is held with probability 0.05 and an alert resolves on average after {@code resolve_after} /
 * 0.95 windows, about 2.1 with the default rules.
 *
 * <p>Significance alone would keep an alert firing for ever on a large window, where a problem too small to matter is
 * significant at any level. So the figure must also still be at least half-way from no problem to the bar: a PSI of
 * 0.05 or more for a rule at 0.1, an accuracy 2.5% or more below the baseline's for a rule at 5%, a disparate impact
 * ratio of 0.9 or less for a rule at 0.8. A fixed half-bar alone could not end an alert on a small window, whose PSI is
 * biased upward by about (bins − 1)(1/n + 1/m) on stationary data (0.054 at 200 events against 1,000 reference rows),
 * which is why the PSI rules have no {@code resolve_threshold}; together each covers the other's blind side. For the
 * verdict rules ({@code feature.drift}, {@code prediction.drift}) the figure is the verdict's own: a distance test's
 * distance at half its threshold, and nothing more for a p-value test, which the defaults run only on windows of up to
 * 1,000 values.
 *
 * <p>It applies to the rules with a significance test ({@link SignificanceGate}) whose problem has a size: the drift
 * verdicts and distances ({@code psi}, {@code wasserstein}, {@code jensen_shannon}, {@code hellinger}, {@code kl},
 * {@code total_variation} with {@code >=} or {@code >} and a positive threshold) of a feature or of the prediction, whose
 * test is the feature's significance test as decided in the report; accuracy drops, tested as the gate tests them; and
 * disparate impact. A rule with its own {@code resolve_threshold} keeps that figure-only hysteresis; with
 * {@code resolve_level: 0}, or without a false-alarm target (no significance tests), nothing is held.
 */
final class ProblemPersistence {

    private static final Set<MetricFamily> VERDICTS = EnumSet.of(MetricFamily.FEATURE_DRIFT, MetricFamily.PREDICTION_DRIFT);
    private static final Set<MetricFamily> DISTANCES = EnumSet.of(MetricFamily.FEATURE_STATISTIC,
            MetricFamily.PREDICTION_STATISTIC, MetricFamily.FEATURE_VERDICT_STATISTIC,
            MetricFamily.PREDICTION_VERDICT_STATISTIC);
    /** The statistics of the drift tests without a p-value: the distances. */
    private static final Set<String> DISTANCE_STATISTICS = Arrays.stream(DriftTest.values())
            .filter(test -> !test.hasPValue()).map(DriftTest::id).collect(Collectors.toUnmodifiableSet());

    private final SignificanceGate significance;
    private final double level;

    /**
     * @param significance the rules' gate
     * @param level        the level at which a window still shows its problem (the rules file's
     *                     {@code false_alarm_target.resolve_level}); 0 holds nothing
     */
    ProblemPersistence(SignificanceGate significance, double level) {
        this.significance = significance;
        this.level = level;
    }

    /** Whether this window still shows the problem of {@code rule}'s firing alert on this observation. */
    boolean persists(Rule rule, WindowReport report, Observation observation) {
        if (rule.resolveThreshold() != null || !(level > 0)) {
            return false;
        }
        MetricFamily family = rule.metric().family();
        if (VERDICTS.contains(family) || DISTANCES.contains(family)) {
            return driftPersists(rule, report, observation);
        }
        return halfWay(rule, observation.value()) && significance.rejectsAt(rule, report, observation, level);
    }

    private boolean driftPersists(Rule rule, WindowReport report, Observation observation) {
        MetricFamily family = rule.metric().family();
        FeatureDrift drift = AlertSummary.driftOf(report, rule.metric(), observation);
        if (drift == null) {
            return false;
        }
        if (!(pointPValue(drift) < level)) {
            return false;
        }
        if (VERDICTS.contains(family)) {
            return drift.getPValue() != null || drift.getStatistic() != null && drift.getStatistic() >= drift.getThreshold() / 2;
        }
        boolean distance = family == MetricFamily.FEATURE_VERDICT_STATISTIC || family == MetricFamily.PREDICTION_VERDICT_STATISTIC
                ? drift.getPValue() == null : DISTANCE_STATISTICS.contains(rule.metric().parameter());
        return distance && rule.threshold() > 0 && halfWay(rule, observation.value());
    }

    /**
     * The feature's significance test at the point estimates of its statistics. The p-value the report gives for the
     * decision to fire is the largest its sketch error allows, and holding on it counted windows that still showed the
     * drift at 5% as clear: of 70 such windows of a drift at the edge of detection it held 35, the point estimate 40,
     * and the alerts per detected run fell from 1.38 episodes to 1.13 (bench/RESULTS.md, section 4, "Holding on the
     * test as computed"). After the drift ends the point estimate is uniform, as the exact test's is, up to the
     * sketch error.
     */
    private static double pointPValue(FeatureDrift drift) {
        try {
            return SignificantEffect.pointPValue(drift.getStatistics(), DriftTest.fromId(drift.getTest()));
        } catch (IllegalArgumentException unknownTest) {
            return Double.NaN; // a report of another release's test: no evidence either way, as without statistics
        }
    }

    /**
     * Whether the figure is at least half-way from no problem to the rule's threshold: no problem is a distance or a
     * change of 0, or a disparate impact ratio of 1 (parity between groups).
     */
    private static boolean halfWay(Rule rule, double value) {
        double none = SignificanceGate.isDisparateImpact(rule.metric()) ? 1 : 0;
        double half = (none + rule.threshold()) / 2;
        if (rule.comparator().breachesAbove()) {
            return rule.threshold() > none && value >= half;
        }
        return rule.comparator().breachesBelow() && rule.threshold() < none && value <= half;
    }
}
