package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

/** {@code feature.missing_increase} and the default rule on it, {@code feature-missing}. */
class MissingIncreaseTest {

    private static final Rule DEFAULT_RULE = RulesFile.defaults().rules().stream()
        .filter(r -> r.name().equals("feature-missing")).findFirst().orElseThrow();

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
