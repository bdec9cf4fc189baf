package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code feature.missing_increase}, its significance test, and the default rules on it, {@code feature-missing} and
 * {@code feature-missing-partial}.
 */
class MissingIncreaseTest {

    private static final Rule DEFAULT_RULE = rule("feature-missing");
    private static final Rule PARTIAL_RULE = rule("feature-missing-partial");
    private static final SignificanceGate GATE = new SignificanceGate(RulesFile.defaults().significancePolicy());

    @Test
    void theUsableShareOfTheBaselineMinusTheWindowsOfItsEventsThatAreNotErrors() {
        WindowReport report = report(1000, 0, 980, 1000,
            feature("lost", Verdict.INSUFFICIENT_DATA, 0), feature("fine", Verdict.NO_DRIFT, 970),
            feature("new", Verdict.NO_BASELINE, 1000));

        assertThat(MissingIncrease.observe(report)).extracting(Observation::feature, Observation::value,
                Observation::sampleCount)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("lost", 0.98, 1000L),
                org.assertj.core.groups.Tuple.tuple("fine", 0.98 - 0.97, 1000L));
    }

    @Test
    void errorEventsAreNotCountedAsMissingValues() {
        // 600 errors without features: the 400 other events all carry the feature.
        assertThat(MissingIncrease.observe(report(1000, 600, 1000, 1000, feature("f", Verdict.NO_DRIFT, 400))))
            .singleElement().satisfies(o -> {
                assertThat(o.value()).isCloseTo(0.0, within(1e-12));
                assertThat(o.sampleCount()).isEqualTo(400);
            });
        // Errors that carry the feature make the window look full, never emptier.
        assertThat(MissingIncrease.observe(report(1000, 600, 1000, 1000, feature("f", Verdict.NO_DRIFT, 1000))))
            .singleElement().satisfies(o -> assertThat(o.value()).isCloseTo(0.0, within(1e-12)));
    }

    @Test
    void noObservationWithoutAnOwnBaselineOfEnoughRowsOrWithoutEventsThatAreNotErrors() {
        WindowReport fallback = report(1000, 0, 1000, 1000, feature("dropped", Verdict.INSUFFICIENT_DATA, 0));
        fallback.getBaseline().setFallback(true);
        assertThat(MissingIncrease.observe(fallback)).as("another version's baseline").isEmpty();
        assertThat(MissingIncrease.observe(report(1000, 0, 99, MissingIncrease.MIN_BASELINE_ROWS - 1,
            feature("f", Verdict.INSUFFICIENT_DATA, 0)))).isEmpty();
        assertThat(MissingIncrease.observe(report(500, 500, 1000, 1000,
            feature("f", Verdict.INSUFFICIENT_DATA, 0)))).isEmpty();
        WindowReport noBaseline = report(1000, 0, 1000, 1000, feature("f", Verdict.INSUFFICIENT_DATA, 0));
        noBaseline.setBaseline(null);
        assertThat(MissingIncrease.observe(noBaseline)).isEmpty();
    }

    /**
     * A feature whose unusable share does not change never reaches the default rule's threshold by chance: the bound
     * in MissingIncrease's javadoc is below 2e-7 per window, so 2,000 random windows and baselines all stay below it.
     */
    @Property(tries = 2000)
    void aStationaryFeatureStaysBelowTheDefaultRule(@ForAll @IntRange(min = 0, max = 1000) int usablePermille,
                                                    @ForAll @IntRange(min = 100, max = 3000) int baselineRows,
                                                    @ForAll @IntRange(min = 200, max = 3000) int events,
                                                    @ForAll long seed) {
        Random rnd = new Random(seed);
        double usable = usablePermille / 1000.0;
        WindowReport report = report(events, 0, binomial(rnd, baselineRows, usable), baselineRows,
            feature("f", Verdict.NO_DRIFT, binomial(rnd, events, usable)));

        assertThat(MissingIncrease.observe(report)).singleElement()
            .satisfies(o -> assertThat(o.value()).isLessThan(DEFAULT_RULE.threshold()));
    }

    /** A feature that stops arriving, where its baseline had it in four rows of five or more, always reaches it. */
    @Property(tries = 500)
    void aFeatureThatStopsArrivingReachesTheDefaultRule(@ForAll @IntRange(min = 800, max = 1000) int usablePermille,
                                                         @ForAll @IntRange(min = 100, max = 3000) int baselineRows,
                                                         @ForAll @IntRange(min = 200, max = 3000) int events,
                                                         @ForAll long seed) {
        Random rnd = new Random(seed);
        WindowReport report = report(events, 0, binomial(rnd, baselineRows, usablePermille / 1000.0), baselineRows,
            feature("f", Verdict.INSUFFICIENT_DATA, 0));

        assertThat(MissingIncrease.observe(report)).singleElement().satisfies(o -> {
            assertThat(o.value()).isGreaterThanOrEqualTo(DEFAULT_RULE.threshold());
            assertThat(o.sampleCount()).isGreaterThanOrEqualTo(DEFAULT_RULE.minSamples());
        });
    }

    /**
     * The p-value is Fisher's exact test of the usable counts: against values computed independently in Python (the
     * hypergeometric tail with integers and fractions).
     */
    @Test
    void thePValueIsFishersExactTestOfTheUsableCounts() {
        assertThat(pValueOf(report(200, 0, 990, 1000, feature("f", Verdict.NO_DRIFT, 170))))
            .isCloseTo(1.22304136717601e-16, withinPercentage(1e-9));
        assertThat(pValueOf(report(120, 0, 100, 100, feature("f", Verdict.NO_DRIFT, 105))))
            .isCloseTo(7.363009741374248e-05, withinPercentage(1e-9));
        // 20 of 400 events are errors: the share is of the other 380.
        assertThat(pValueOf(report(400, 20, 4000, 5000, feature("f", Verdict.NO_DRIFT, 266))))
            .isCloseTo(5.604025483741517e-06, withinPercentage(1e-9));
        // Counts past the events (errors that carry the feature) and past the rows are capped as the shares are.
        assertThat(pValueOf(report(400, 20, 6000, 5000, feature("f", Verdict.NO_DRIFT, 400))))
            .isEqualTo(1.0);
        // Past the exact test's int range both samples are scaled down, shares kept: no failure, the same verdict.
        assertThat(pValueOf(report(2_000_000_000L, 0, 2_970_000_000L, 3_000_000_000L,
            feature("f", Verdict.NO_DRIFT, 1_700_000_000L)))).isLessThan(1e-300);
        assertThat(pValueOf(report(2_000_000_000L, 0, 2_970_000_000L, 3_000_000_000L,
            feature("f", Verdict.NO_DRIFT, 1_980_000_000L)))).isGreaterThan(0.4);
    }

    /**
     * The test holds its level on shares that do not change: over 20,000 stationary draws per case, from a share near
     * 1 with a baseline of 100 rows to a share of one half, it rejects at 1% no more often than the 99.9% quantile of
     * Binomial(20,000, 0.01) allows (244). (The larger of the exact binomial tail and the pooled z-test, the accuracy
     * test's, rejected 252 times at a share of 0.8 with 1,000 rows and 200 events.)
     */
    @Test
    void thePValueHoldsItsLevelWhenTheShareDoesNotChange() {
        double[][] cases = {{0.99, 100, 100}, {0.9, 100, 200}, {0.5, 100, 100}, {0.8, 1000, 200}, {0.999, 10_000, 2000},
            {0.97, 300, 1000}};
        Random rnd = new Random(11);
        for (double[] c : cases) {
            int rejections = 0;
            for (int draw = 0; draw < 20_000; draw++) {
                WindowReport report = report((long) c[2], 0, binomial(rnd, (int) c[1], c[0]), (long) c[1],
                    feature("f", Verdict.NO_DRIFT, binomial(rnd, (int) c[2], c[0])));
                rejections += pValueOf(report) <= 0.01 ? 1 : 0;
            }
            assertThat(rejections).as("share %s, baseline %s rows, window %s events", c[0], c[1], c[2])
                .isLessThanOrEqualTo(244);
        }
    }

    /**
     * A rise past a rule's bar fires only when it is significant at the default target's level, with one share for the
     * missing values of all the window's features: a tenth more missing in 150 events against a 120-row baseline is
     * within the noise of so few rows; a like rise in 2,000 events against 10,000 rows is not.
     */
    @Test
    void aRiseCountsOnlyWhenSignificantAtTheTargetsLevel() {
        WindowReport few = report25(150, 117, 120, 130);
        Observation fewObserved = observationOf(few);
        assertThat(fewObserved.value()).isGreaterThanOrEqualTo(PARTIAL_RULE.threshold());
        assertThat(GATE.of(PARTIAL_RULE, few, fewObserved)).isEqualTo(SignificanceGate.Outcome.NOT_SIGNIFICANT);

        WindowReport many = report25(2000, 9900, 10_000, 2000 - 220);
        assertThat(GATE.of(PARTIAL_RULE, many, observationOf(many))).isEqualTo(SignificanceGate.Outcome.SIGNIFICANT);
        // Below the bar the threshold decides (no breach), whatever the test would say.
        WindowReport small = report25(2000, 9900, 10_000, 2000 - 60);
        assertThat(observationOf(small).value()).isLessThan(PARTIAL_RULE.threshold());
        assertThat(GATE.of(PARTIAL_RULE, small, observationOf(small))).isEqualTo(SignificanceGate.Outcome.SIGNIFICANT);
    }

    /**
     * The level is the target's per-test level divided by the features observed: a p-value just below the level of
     * one feature is not significant among 25.
     */
    @Test
    void theLevelIsSplitOverTheFeaturesObserved() {
        double alpha = RulesFile.defaults().significancePolicy().orElseThrow().alphaFor(25 + SignificancePolicy.MODEL_TESTS);
        // Baseline 190 of 200 rows; find the window's usable count whose p-value lies between alpha / 25 and alpha.
        WindowReport between = null;
        for (long usable = 200; usable >= 0 && between == null; usable--) {
            WindowReport r = report25(200, 190, 200, usable);
            double p = pValueOf(r);
            if (p < alpha && p > alpha / 25 && observationOf(r).value() >= PARTIAL_RULE.threshold()) {
                between = r;
            }
        }
        assertThat(between).as("a window whose p-value is between the two levels").isNotNull();
        assertThat(GATE.of(PARTIAL_RULE, between, observationOf(between)))
            .isEqualTo(SignificanceGate.Outcome.NOT_SIGNIFICANT);
    }

    /**
     * A partial outage, where a baseline of 1,000 rows or more had the feature in nine rows of ten or more and 20% to
     * 50% of a window of 300 events or more lose it, always fires the partial rule: past its bar and significant at
     * the default target's level among 25 features.
     */
    @Property(tries = 300)
    void aPartialOutageIsAlwaysSignificant(@ForAll @IntRange(min = 900, max = 1000) int usablePermille,
                                           @ForAll @IntRange(min = 200, max = 500) int lostPermille,
                                           @ForAll @IntRange(min = 1000, max = 20_000) int baselineRows,
                                           @ForAll @IntRange(min = 300, max = 3000) int events,
                                           @ForAll long seed) {
        Random rnd = new Random(seed);
        double usable = usablePermille / 1000.0;
        WindowReport report = report25(events, binomial(rnd, baselineRows, usable), baselineRows,
            binomial(rnd, events, usable * (1 - lostPermille / 1000.0)));
        Observation observed = observationOf(report);

        assertThat(PARTIAL_RULE.breachedBy(observed.value())).isTrue();
        assertThat(GATE.of(PARTIAL_RULE, report, observed)).isEqualTo(SignificanceGate.Outcome.SIGNIFICANT);
    }

    private static Rule rule(String name) {
        return RulesFile.defaults().rules().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** The p-value of the report's first feature. */
    private static double pValueOf(WindowReport report) {
        return MissingIncrease.pValue(report, report.getFeatures().get(0));
    }

    /** The first feature's observation. */
    private static Observation observationOf(WindowReport report) {
        return MissingIncrease.observe(report).get(0);
    }

    /**
     * A report of 25 features, each decided at a significance level as the report builder records it (so that the
     * gate's level counts 25 tests), the first with {@code usable} values in the window and the others complete.
     */
    private static WindowReport report25(long events, long referenceCount, long baselineRows, long usable) {
        List<FeatureDrift> features = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            FeatureDrift f = Reports.drift("f" + i, "ks", null, null, 0.05, Verdict.NO_DRIFT,
                Map.of(SignificancePolicy.LEVEL_STATISTIC, 1e-5, SignificancePolicy.P_VALUE_STATISTIC, 0.5));
            f.setWindowCount(i == 0 ? usable : events);
            f.setReferenceCount(i == 0 ? referenceCount : baselineRows);
            features.add(f);
        }
        WindowReport report = Reports.withFeatures(Reports.window("fraud", "3", 0).setEventCount(events)
            .setErrorCount(0), features).build();
        report.getBaseline().setRowCount(baselineRows);
        return report;
    }

    private static long binomial(Random rnd, int n, double p) {
        long k = 0;
        for (int i = 0; i < n; i++) {
            k += rnd.nextDouble() < p ? 1 : 0;
        }
        return k;
    }

    private static FeatureDrift feature(String name, Verdict verdict, long windowCount) {
        FeatureDrift f = Reports.drift(name, "ks", null, null, 0.05, verdict, Map.of());
        f.setWindowCount(windowCount);
        return f;
    }

    private static WindowReport report(long events, long errors, long referenceCount, long baselineRows,
                                       FeatureDrift... features) {
        for (FeatureDrift f : features) {
            f.setReferenceCount(referenceCount);
        }
        WindowReport report = Reports.withFeatures(Reports.window("fraud", "3", 0).setEventCount(events)
            .setErrorCount(errors), new java.util.ArrayList<>(List.of(features))).build();
        report.getBaseline().setRowCount(baselineRows);
        return report;
    }
}
