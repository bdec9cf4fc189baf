package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evidently's default-test rule at its boundaries: 1000 reference values, 5 and 2 distinct values. */
class DefaultTestSelectorTest {

    private final DefaultTestSelector selector = new DefaultTestSelector();

    @Test
    void referencesUpToAThousandValuesAreJudgedByTestsWithPValues() {
        assertThat(selector.select(FeatureType.NUMERIC, 1000)).isEqualTo(DriftTest.KS);
        assertThat(selector.select(FeatureType.CATEGORICAL, 1000)).isEqualTo(DriftTest.CHI_SQUARE);
        assertThat(selector.select(FeatureType.BINARY, 1000)).isEqualTo(DriftTest.Z_TEST);
        assertThat(selector.select(FeatureType.NUMERIC, 1)).isEqualTo(DriftTest.KS);
    }

    @Test
    void largerReferencesAreJudgedByDistances() {
        assertThat(selector.select(FeatureType.NUMERIC, 1001)).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(selector.select(FeatureType.CATEGORICAL, 1001)).isEqualTo(DriftTest.JENSEN_SHANNON);
        assertThat(selector.select(FeatureType.BINARY, 1001)).isEqualTo(DriftTest.JENSEN_SHANNON);
    }

    @Test
    void numericFeatureWithAtMostFiveDistinctValuesIsComparedAsCategories() {
        assertThat(selector.typeOf(numeric(1, 2, 3), numeric(4, 5))).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(selector.typeOf(numeric(1, 2, 3), numeric(4, 5, 6))).isEqualTo(FeatureType.NUMERIC);
        assertThat(selector.typeOf(numeric(1, 2, 3, 4, 5), numeric(1, 2))).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(selector.typeOf(numeric(1, 2, 3, 4, 5, 6), numeric(1, 2))).isEqualTo(FeatureType.NUMERIC);
    }

    @Test
    void numericFeatureWithAtMostTwoDistinctValuesIsBinary() {
        assertThat(selector.typeOf(numeric(0, 1), numeric(0, 1))).isEqualTo(FeatureType.BINARY);
        assertThat(selector.typeOf(numeric(0), numeric(1))).isEqualTo(FeatureType.BINARY);
        assertThat(selector.typeOf(numeric(0, 1), numeric(2))).isEqualTo(FeatureType.CATEGORICAL);
    }

    @Test
    void windowBeyondTheDistinctCapIsNumericWhateverTheReference() {
        double[] many = new double[NumericSummary.DISTINCT_CAP + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        NumericSummary window = NumericSummary.of(many, 200);
        assertThat(window.hasValueCounts()).isFalse();
        assertThat(selector.typeOf(numeric(0, 1), window)).isEqualTo(FeatureType.NUMERIC);
    }

    @Test
    void categoricalFeatureCountsTheOtherBinAsACategory() {
        assertThat(selector.typeOf(categories(0, "a", "b"), categories(0, "a"))).isEqualTo(FeatureType.BINARY);
        assertThat(selector.typeOf(categories(5, "a", "b"), categories(0, "a"))).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(selector.typeOf(categories(0, "a", "b"), categories(0, "c"))).isEqualTo(FeatureType.CATEGORICAL);
        assertThat(selector.typeOf(categories(0, "a"), categories(3, "a"))).isEqualTo(FeatureType.BINARY);
    }

    @Test
    void categoriesWithZeroCountsDoNotCount() {
        CategoricalSummary reference = new CategoricalSummary(Map.of("a", 10L, "b", 5L, "c", 0L), 0);
        assertThat(selector.typeOf(reference, categories(0, "a"))).isEqualTo(FeatureType.BINARY);
    }

    static NumericSummary numeric(double... distinct) {
        double[] values = new double[distinct.length * 10];
        for (int i = 0; i < values.length; i++) {
            values[i] = distinct[i % distinct.length];
        }
        return NumericSummary.of(values, 200);
    }

    private static CategoricalSummary categories(long other, String... names) {
        Map<String, Long> counts = new HashMap<>();
        for (String name : names) {
            counts.put(name, 10L);
        }
        return new CategoricalSummary(counts, other);
    }
}
