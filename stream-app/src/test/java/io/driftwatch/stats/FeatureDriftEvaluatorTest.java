package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureDriftEvaluatorTest {

    private static final int K = 200;

    private final FeatureDriftEvaluator evaluator = new FeatureDriftEvaluator();
    private final DriftSettings defaults = DriftSettings.defaults();

    @Test
    void largeReferenceJudgesNumericDriftByNormalisedWasserstein() {
        NumericSummary reference = normal(5_000, 0, 1, 1);
        FeatureDriftResult drifted = evaluator.numeric("age", reference, normal(2_000, 1, 1, 2), defaults);
        FeatureDriftResult stable = evaluator.numeric("age", reference, normal(2_000, 0, 1, 3), defaults);

        assertThat(drifted.test()).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(drifted.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(drifted.statistic()).isCloseTo(1.0, offset(0.1)); // a shift of one standard deviation
        assertThat(drifted.pValue()).isNull();
        assertThat(drifted.threshold()).isEqualTo(0.1);
        assertThat(drifted.statistics()).containsOnlyKeys("psi", "ks", "ks_p_value", "wasserstein",
                "jensen_shannon", "hellinger", "kl", "binned_chi_square", "binned_chi_square_p_value");
        assertThat(drifted.errorBounds()).containsOnlyKeys(drifted.statistics().keySet());
        assertThat(drifted.errorBound()).isEqualTo(drifted.errorBounds().get("wasserstein")).isPositive();
        assertThat(drifted.windowCount()).isEqualTo(2_000);
        assertThat(drifted.referenceCount()).isEqualTo(5_000);
        assertThat(drifted.newCategories()).isEmpty();

        assertThat(stable.verdict()).isEqualTo(DriftVerdict.NO_DRIFT);
        assertThat(stable.statistic()).isLessThan(0.1);
    }

    @Test
    void smallReferenceJudgesNumericDriftByKolmogorovSmirnovPValue() {
        NumericSummary reference = normal(800, 0, 1, 4);
        FeatureDriftResult result = evaluator.numeric("income", reference, normal(500, 0.4, 1, 5), defaults);

        assertThat(result.test()).isEqualTo(DriftTest.KS);
        assertThat(result.statistic()).isEqualTo(result.statistics().get("ks"));
        assertThat(result.pValue()).isEqualTo(result.statistics().get("ks_p_value")).isLessThan(0.05);
        assertThat(result.threshold()).isEqualTo(0.05);
        assertThat(result.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(result.errorBound()).isEqualTo(result.errorBounds().get("ks"));
    }

    @Test
    void windowOrReferenceBelowTheMinimumSampleSizeGivesNoStatistic() {
        NumericSummary reference = normal(1_000, 0, 1, 6);
        FeatureDriftResult small = evaluator.numeric("x", reference, normal(99, 5, 1, 7), defaults);
        FeatureDriftResult enough = evaluator.numeric("x", reference, normal(100, 5, 1, 7), defaults);
        FeatureDriftResult smallReference = evaluator.numeric("x", normal(99, 0, 1, 8), reference, defaults);

        assertThat(small.verdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        assertThat(small.statistic()).isNull();
        assertThat(small.pValue()).isNull();
        assertThat(small.errorBound()).isNull();
        assertThat(small.statistics()).isEmpty();
        assertThat(small.errorBounds()).isEmpty();
        assertThat(small.windowCount()).isEqualTo(99);
        assertThat(small.test()).isEqualTo(DriftTest.KS);
        assertThat(enough.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(smallReference.verdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
    }

    @Test
    void emptyWindowIsInsufficientDataNotAnError() {
        NumericSummary empty = NumericSummary.of(new double[0], K);
        FeatureDriftResult numeric = evaluator.numeric("x", normal(500, 0, 1, 9), empty, defaults);
        FeatureDriftResult categorical = evaluator.categorical("c", categories(Map.of("a", 500L), 0),
                categories(Map.of(), 0), defaults);

        assertThat(numeric.verdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        assertThat(categorical.verdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        assertThat(categorical.windowCount()).isZero();
    }

    @Test
    void minimumSampleSizeAppliesToCategoricalTotalsIncludingOther() {
        CategoricalSummary reference = categories(Map.of("a", 300L, "b", 200L), 0);
        DriftSettings settings = defaults.withMinSampleSize(50);
        assertThat(evaluator.categorical("c", reference, categories(Map.of("a", 30L), 19), settings).verdict())
                .isEqualTo(DriftVerdict.INSUFFICIENT_DATA);
        assertThat(evaluator.categorical("c", reference, categories(Map.of("a", 30L), 20), settings).verdict())
                .isNotEqualTo(DriftVerdict.INSUFFICIENT_DATA);
    }

    @Test
    void distanceVerdictIsDriftFromTheThresholdOnAndPValueVerdictBelowIt() {
        NumericSummary reference = normal(3_000, 0, 1, 10);
        NumericSummary window = normal(1_000, 0.2, 1, 11);
        double psi = evaluator.numeric("x", reference, window, defaults).statistics().get("psi");
        DriftSettings psiTest = defaults.withTestOverride(DriftTest.PSI);

        assertThat(evaluator.numeric("x", reference, window, psiTest.withThresholdOverride(psi)).verdict())
                .isEqualTo(DriftVerdict.DRIFT);
        assertThat(evaluator.numeric("x", reference, window, psiTest.withThresholdOverride(Math.nextUp(psi)))
                .verdict()).isEqualTo(DriftVerdict.NO_DRIFT);

        double p = evaluator.numeric("x", reference, window, defaults).statistics().get("ks_p_value");
        DriftSettings ksTest = defaults.withTestOverride(DriftTest.KS);
        assertThat(evaluator.numeric("x", reference, window, ksTest.withThresholdOverride(p)).verdict())
                .isEqualTo(DriftVerdict.NO_DRIFT);
        assertThat(evaluator.numeric("x", reference, window, ksTest.withThresholdOverride(Math.nextUp(p)))
                .verdict()).isEqualTo(DriftVerdict.DRIFT);
    }

    @Test
    void testAndThresholdOverridesReplaceTheDefaults() {
        NumericSummary reference = normal(5_000, 0, 1, 12);
        NumericSummary window = normal(2_000, 0.3, 1, 13);
        FeatureDriftResult byDefault = evaluator.numeric("x", reference, window, defaults);
        FeatureDriftResult hellinger = evaluator.numeric("x", reference, window,
                defaults.withTestOverride(DriftTest.HELLINGER));
        FeatureDriftResult lenient = evaluator.numeric("x", reference, window, defaults.withThresholdOverride(0.5));

        assertThat(byDefault.test()).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(byDefault.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(hellinger.test()).isEqualTo(DriftTest.HELLINGER);
        assertThat(hellinger.threshold()).isEqualTo(0.1);
        assertThat(hellinger.statistic()).isEqualTo(byDefault.statistics().get("hellinger"));
        assertThat(hellinger.statistics()).isEqualTo(byDefault.statistics());
        assertThat(lenient.test()).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(lenient.threshold()).isEqualTo(0.5);
        assertThat(lenient.verdict()).isEqualTo(DriftVerdict.NO_DRIFT);
    }

    @Test
    void binaryCategoricalFeatureIsJudgedByTheZTest() {
        CategoricalSummary reference = categories(Map.of("false", 800L, "true", 200L), 0);
        CategoricalSummary window = categories(Map.of("false", 350L, "true", 150L), 0);
        FeatureDriftResult result = evaluator.categorical("flag", reference, window, defaults);

        assertThat(result.type()).isEqualTo(FeatureType.BINARY);
        assertThat(result.test()).isEqualTo(DriftTest.Z_TEST);
        assertThat(result.statistic()).as("z > 0: 'true' grew").isPositive();
        assertThat(result.pValue()).isEqualTo(result.statistics().get("z_test_p_value")).isLessThan(0.05);
        assertThat(result.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(result.errorBound()).isNull();
        assertThat(result.statistics()).containsOnlyKeys("psi", "kl", "jensen_shannon", "hellinger",
                "total_variation", "chi_square", "chi_square_p_value", "chi_square_pooled_p_value", "z_test",
                "z_test_p_value");
    }

    @Test
    void sameSingleCategoryOnBothSidesIsNoDrift() {
        FeatureDriftResult result = evaluator.categorical("c", categories(Map.of("a", 500L), 0),
                categories(Map.of("a", 500L), 0), defaults);
        assertThat(result.type()).isEqualTo(FeatureType.BINARY);
        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.statistics().get("chi_square_p_value")).isEqualTo(1.0);
        assertThat(result.statistics().get("jensen_shannon")).isZero();
        assertThat(result.verdict()).isEqualTo(DriftVerdict.NO_DRIFT);
    }

    @Test
    void largeCategoricalReferenceIsJudgedByJensenShannon() {
        CategoricalSummary reference = categories(Map.of("a", 600L, "b", 300L, "c", 200L), 0);
        FeatureDriftResult result = evaluator.categorical("c", reference,
                categories(Map.of("a", 100L, "b", 300L, "c", 100L), 0), defaults);
        assertThat(result.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(result.test()).isEqualTo(DriftTest.JENSEN_SHANNON);
        assertThat(result.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(result.statistics()).doesNotContainKey("z_test");
    }

    @Test
    void newCategoriesAreSortedAndCappedAtTwenty() {
        Map<String, Long> window = new HashMap<>(Map.of("a", 300L, "b", 300L));
        for (int i = 24; i >= 0; i--) {
            window.put(String.format("n%02d", i), 5L);
        }
        FeatureDriftResult result = evaluator.categorical("c", categories(Map.of("a", 500L, "b", 500L, "gone", 9L), 0),
                categories(window, 0), defaults);

        assertThat(result.newCategories()).hasSize(FeatureDriftResult.MAX_NEW_CATEGORIES)
                .isSorted().startsWith("n00", "n01").endsWith("n19").doesNotContain("a", "gone");
    }

    @Test
    void otherBinIsOneMoreCategory() {
        CategoricalSummary reference = categories(Map.of("a", 500L, "b", 500L), 0);
        FeatureDriftResult folded = evaluator.categorical("c", reference,
                categories(Map.of("a", 250L, "b", 100L), 150), defaults);
        // The same counts with the folded values named: the last bin either way.
        FeatureDriftResult named = evaluator.categorical("c", reference,
                categories(Map.of("a", 250L, "b", 100L, "~rest", 150L), 0), defaults);

        assertThat(folded.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(folded.windowCount()).isEqualTo(500);
        assertThat(folded.verdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(folded.statistics()).isEqualTo(named.statistics());
        assertThat(folded.newCategories()).isEmpty();
        assertThat(named.newCategories()).containsExactly("~rest");
    }

    @Test
    void lowCardinalityNumericFeatureIsComparedOnItsValueCounts() {
        NumericSummary reference = DefaultTestSelectorTest.numeric(1, 2, 3);
        NumericSummary window = DefaultTestSelectorTest.numeric(1, 2, 3, 4);
        FeatureDriftResult result = evaluator.numeric("rooms", reference, window, defaults.withMinSampleSize(10));

        assertThat(result.type()).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(result.test()).isEqualTo(DriftTest.CHI_SQUARE);
        assertThat(result.newCategories()).containsExactly("4.0");
        assertThat(result.statistics()).containsKeys("chi_square", "total_variation", "ks", "wasserstein")
                .doesNotContainKey("z_test");

        FeatureDriftResult binary = evaluator.numeric("flag", DefaultTestSelectorTest.numeric(0, 1),
                DefaultTestSelectorTest.numeric(0, 1), defaults.withMinSampleSize(10));
        assertThat(binary.type()).isEqualTo(FeatureType.BINARY);
        assertThat(binary.test()).isEqualTo(DriftTest.Z_TEST);
        assertThat(binary.verdict()).isEqualTo(DriftVerdict.NO_DRIFT);

        FeatureDriftResult ks = evaluator.numeric("rooms", reference, window,
                defaults.withMinSampleSize(10).withTestOverride(DriftTest.KS));
        assertThat(ks.test()).isEqualTo(DriftTest.KS);
        assertThat(ks.statistic()).isEqualTo(result.statistics().get("ks"));
    }

    @Test
    void overrideThatDoesNotApplyToTheFeatureIsRejectedWithTheValidChoices() {
        CategoricalSummary reference = categories(Map.of("a", 500L, "b", 300L, "c", 200L), 0);
        CategoricalSummary window = categories(Map.of("a", 50L, "b", 30L, "c", 20L), 0);
        NumericSummary numericReference = normal(500, 0, 1, 14);
        NumericSummary numericWindow = normal(500, 0, 1, 15);

        assertThatThrownBy(() -> evaluator.categorical("colour", reference, window,
                defaults.withTestOverride(DriftTest.KS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ks'").hasMessageContaining("'colour'")
                .hasMessageContaining("chi_square").hasMessageNotContaining("wasserstein");
        assertThatThrownBy(() -> evaluator.categorical("colour", reference, window,
                defaults.withTestOverride(DriftTest.Z_TEST)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'z_test'").hasMessageContaining("CATEGORICAL");
        assertThatThrownBy(() -> evaluator.numeric("age", numericReference, numericWindow,
                defaults.withTestOverride(DriftTest.CHI_SQUARE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chi_square'").hasMessageContaining("numeric feature 'age'")
                .hasMessageContaining("wasserstein");
    }

    @Test
    void significanceLevelOfOneOrMoreIsRejected() {
        NumericSummary reference = normal(500, 0, 1, 16);
        assertThatThrownBy(() -> evaluator.numeric("x", reference, reference, defaults.withThresholdOverride(1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("significance level").hasMessageContaining("ks");
        assertThatThrownBy(() -> defaults.withTestOverride(DriftTest.CHI_SQUARE).withThresholdOverride(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chi_square");
    }

    @Test
    void nullArgumentsAreRejected() {
        NumericSummary summary = normal(200, 0, 1, 17);
        assertThatThrownBy(() -> evaluator.numeric("x", summary, null, defaults))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> evaluator.numeric("x", summary, summary, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("settings");
    }

    private static NumericSummary normal(int size, double mean, double stdDev, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double u = 1 - random.nextDouble();
            values[i] = mean + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return NumericSummary.of(values, K);
    }

    private static CategoricalSummary categories(Map<String, Long> counts, long other) {
        return new CategoricalSummary(counts, other);
    }
}
