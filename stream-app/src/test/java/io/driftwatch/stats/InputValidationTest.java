package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** Summaries, settings and test ids: what is accepted, and the message when it is not. */
class InputValidationTest {

    @Test
    void testIdsRoundTripAndUnknownIdsListTheValidOnes() {
        for (DriftTest test : DriftTest.values()) {
            assertThat(DriftTest.fromId(test.id())).isSameAs(test);
        }
        assertThat(DriftTest.fromId(" Jensen_Shannon ")).isEqualTo(DriftTest.JENSEN_SHANNON);
        assertThatThrownBy(() -> DriftTest.fromId("chisquare"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chisquare'")
                .hasMessageContaining("psi, ks, wasserstein, jensen_shannon, hellinger, kl, chi_square, total_variation, z_test");
        assertThatThrownBy(() -> DriftTest.fromId(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testsKnowTheirPValuesThresholdsAndFeatureTypes() {
        assertThat(Arrays.stream(DriftTest.values()).filter(DriftTest::hasPValue))
                .containsExactly(DriftTest.KS, DriftTest.CHI_SQUARE, DriftTest.Z_TEST);
        assertThat(DriftTest.KS.pValueId()).isEqualTo("ks_p_value");
        assertThatThrownBy(DriftTest.PSI::pValueId).isInstanceOf(IllegalStateException.class);
        for (DriftTest test : DriftTest.values()) {
            assertThat(test.defaultThreshold()).isEqualTo(test.hasPValue() ? 0.05 : 0.1);
        }
        assertThat(DriftTest.WASSERSTEIN.appliesTo(FeatureType.CATEGORICAL)).isFalse();
        assertThat(DriftTest.Z_TEST.appliesTo(FeatureType.CATEGORICAL)).isFalse();
        assertThat(DriftTest.Z_TEST.appliesTo(FeatureType.BINARY)).isTrue();
        assertThat(DriftTest.CHI_SQUARE.appliesTo(FeatureType.NUMERIC)).isFalse();
        assertThat(DriftTest.PSI.appliesTo(FeatureType.NUMERIC)).isTrue();
    }

    @Test
    void settingsRejectNonsense() {
        DriftSettings defaults = DriftSettings.defaults();
        assertThat(defaults.minSampleSize()).isEqualTo(100);
        assertThat(defaults.psiBins()).isEqualTo(10);
        assertThat(defaults.testOverride()).isNull();
        assertThat(defaults.thresholdOverride()).isNull();
        assertThatThrownBy(() -> defaults.withPsiBins(1)).hasMessageContaining("psiBins");
        assertThatThrownBy(() -> defaults.withPsiBins(1001)).hasMessageContaining("psiBins");
        assertThatThrownBy(() -> defaults.withMinSampleSize(0)).hasMessageContaining("minSampleSize");
        assertThatThrownBy(() -> defaults.withThresholdOverride(-0.1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> defaults.withThresholdOverride(Double.NaN)).hasMessageContaining("positive");
        assertThat(defaults.withThresholdOverride(0.3).thresholdFor(DriftTest.PSI)).isEqualTo(0.3);
        assertThat(defaults.thresholdFor(DriftTest.PSI)).isEqualTo(0.1);
    }

    @Test
    void numericSummaryComputesExactMomentsAndValueCounts() {
        NumericSummary summary = NumericSummary.of(new double[] {1, 2, 2, 3, -0.0, 0.0}, 200);
        assertThat(summary.count()).isEqualTo(6);
        assertThat(summary.mean()).isEqualTo(8.0 / 6);
        double variance = (Math.pow(1 - 8.0 / 6, 2) + 2 * Math.pow(2 - 8.0 / 6, 2) + Math.pow(3 - 8.0 / 6, 2)
                + 2 * Math.pow(8.0 / 6, 2)) / 6;
        assertThat(summary.stdDev()).isCloseTo(Math.sqrt(variance), offset(1e-15));
        assertThat(summary.valueCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(0.0, 2L, 1.0, 1L, 2.0, 2L, 3.0, 1L));
        assertThat(summary.distinctValues()).isEqualTo(4);
        assertThat(summary.rankError()).isZero();
    }

    @Test
    void numericSummaryGivesUpValueCountsBeyondTheCap() {
        double[] values = new double[NumericSummary.DISTINCT_CAP];
        Arrays.setAll(values, i -> i);
        assertThat(NumericSummary.of(values, 200).valueCounts()).hasSize(NumericSummary.DISTINCT_CAP);
        double[] more = Arrays.copyOf(values, values.length + 1);
        more[values.length] = 99;
        NumericSummary summary = NumericSummary.of(more, 200);
        assertThat(summary.valueCounts()).isEmpty();
        assertThat(summary.distinctValues()).isGreaterThan(NumericSummary.DISTINCT_CAP);
        assertThat(summary.hasValueCounts()).isFalse();
    }

    @Test
    void rankErrorIsTheSketchsOnceItEstimates() {
        double[] values = new double[10_000];
        Arrays.setAll(values, i -> i);
        NumericSummary summary = NumericSummary.of(values, 200);
        assertThat(summary.sketch().isEstimationMode()).isTrue();
        assertThat(summary.rankError()).isEqualTo(KllDoublesSketch.getNormalizedRankError(200, false));
    }

    @Test
    void numericSummaryRejectsInconsistentParts() {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
        sketch.update(1);
        sketch.update(2);
        Map<Double, Long> counts = Map.of(1.0, 1L, 2.0, 1L);
        assertThat(new NumericSummary(sketch, 2, 1.5, 0.5, 2, counts).count()).isEqualTo(2);
        assertThatThrownBy(() -> new NumericSummary(sketch, 3, 1.5, 0.5, 2, counts))
                .hasMessageContaining("count 3 differs from the sketch's n 2");
        assertThatThrownBy(() -> new NumericSummary(sketch, 2, 1.5, -1, 2, counts)).hasMessageContaining("stdDev");
        assertThatThrownBy(() -> new NumericSummary(sketch, 2, Double.NaN, 0.5, 2, counts)).hasMessageContaining("mean");
        assertThatThrownBy(() -> new NumericSummary(sketch, 2, 1.5, 0.5, 3, counts)).hasMessageContaining("distinctValues");
        assertThatThrownBy(() -> new NumericSummary(sketch, 2, 1.5, 0.5, 2, Map.of(1.0, 1L, 2.0, 2L)))
                .hasMessageContaining("sum to 3 but count is 2");
        assertThatThrownBy(() -> new NumericSummary(sketch, 2, 1.5, 0.5, 2, Map.of()))
                .hasMessageContaining("valueCounts is empty");
        assertThat(new NumericSummary(sketch, 2, 1.5, 0.5, NumericSummary.DISTINCT_CAP, Map.of()).hasValueCounts())
                .as("a producer may mark 'more than the cap' by the cap itself").isFalse();
        assertThatThrownBy(() -> NumericSummary.of(new double[] {1, Double.NaN}, 200)).hasMessageContaining("finite");
    }

    @Test
    void categoricalSummaryTotalsAndRejectsNegativeCounts() {
        Map<String, Long> counts = new HashMap<>(Map.of("a", 3L, "b", 4L));
        CategoricalSummary summary = new CategoricalSummary(counts, 5);
        counts.put("c", 100L);
        assertThat(summary.total()).as("copied, not shared").isEqualTo(12);
        assertThatThrownBy(() -> new CategoricalSummary(Map.of("a", -1L), 0)).hasMessageContaining("'a'");
        assertThatThrownBy(() -> new CategoricalSummary(Map.of(), -1)).hasMessageContaining("otherCount");
    }

    @Test
    void degenerateTestsAreNoDrift() {
        assertThat(ChiSquareHomogeneity.test(new long[] {10}, new long[] {7})).isEqualTo(new TestOutcome(0, 1));
        assertThat(TwoProportionZTest.test(0, 10, 0, 7)).isEqualTo(new TestOutcome(0, 1));
        assertThat(TwoProportionZTest.test(10, 10, 7, 7)).isEqualTo(new TestOutcome(0, 1));
        assertThat(KolmogorovSmirnovPValue.pValue(0, 10, 10)).isEqualTo(1);
        assertThatThrownBy(() -> KolmogorovSmirnovPValue.pValue(0.5, 0, 10)).hasMessageContaining("positive");
        assertThatThrownBy(() -> TwoProportionZTest.test(11, 10, 0, 7)).hasMessageContaining("hits");
        assertThatThrownBy(() -> ChiSquareHomogeneity.test(new long[] {1, 2}, new long[] {1}))
                .hasMessageContaining("same, non-zero length");
    }

    @Test
    void resultCopiesItsCollections() {
        Map<String, Double> statistics = new HashMap<>(Map.of("psi", 0.2));
        FeatureDriftResult result = new FeatureDriftResult("x", FeatureType.NUMERIC, DriftTest.PSI, 0.2, null, 0.1,
                DriftVerdict.DRIFT, null, 10, 10, statistics, Map.of(), List.of());
        statistics.put("ks", 0.5);
        assertThat(result.statistics()).containsOnlyKeys("psi");
        assertThatThrownBy(() -> result.statistics().put("kl", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
