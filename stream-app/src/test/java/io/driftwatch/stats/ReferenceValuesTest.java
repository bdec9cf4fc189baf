package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statistic against exact values computed by scipy and explicit formulas in
 * {@code src/test/python/make_stats_references.py}, on samples small enough (≤ 150 values) that the
 * KLL sketches (k = 200) hold every value: agreement to 1e-9 relative (absolute below 1).
 */
class ReferenceValuesTest {

    private static final double TOLERANCE = 1e-9;
    private static final int K = 200;
    /** Recorded for comparison in the JSON, not a Driftwatch statistic (see KolmogorovSmirnovPValue). */
    private static final String SCIPY_ONLY = "scipy_ks_2samp_asymp_p_value";

    private final FeatureDriftEvaluator evaluator = new FeatureDriftEvaluator();

    static Stream<Arguments> numericCases() {
        return cases("numeric_references.json");
    }

    static Stream<Arguments> categoricalCases() {
        return cases("categorical_references.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void numericStatisticsMatchScipy(String name, JsonNode testCase) {
        NumericSummary reference = NumericSummary.of(doubles(testCase.get("reference")), K);
        NumericSummary window = NumericSummary.of(doubles(testCase.get("window")), K);
        assertThat(reference.sketch().isEstimationMode()).isFalse();
        assertThat(window.sketch().isEstimationMode()).isFalse();
        int bins = testCase.get("psi_bins").asInt();
        JsonNode expected = testCase.get("expected");

        FeatureDriftResult result = evaluator.numeric(name, reference, window,
                DriftSettings.defaults().withMinSampleSize(1).withPsiBins(bins));

        assertThat(result.type()).isEqualTo(FeatureType.valueOf(expected.get("type").asText()));
        assertStatistics(result, expected);
        assertThat(result.newCategories()).containsExactlyElementsOf(strings(expected.get("new_categories")));
        assertThat(result.errorBounds()).as("exact sketches have no error bound").isEmpty();
        assertThat(result.errorBound()).isNull();
        if (result.type() == FeatureType.NUMERIC) {
            double[] splitPoints = QuantileBinning.splitPoints(reference.sketch(), bins);
            assertThat(splitPoints).containsExactly(doubles(expected.get("split_points")));
            assertClose(QuantileBinning.proportions(reference.sketch(), splitPoints),
                    doubles(expected.get("reference_proportions")));
            assertClose(QuantileBinning.proportions(window.sketch(), splitPoints),
                    doubles(expected.get("window_proportions")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void categoricalStatisticsMatchScipy(String name, JsonNode testCase) {
        CategoricalSummary reference = categorical(testCase.get("reference"));
        CategoricalSummary window = categorical(testCase.get("window"));
        JsonNode expected = testCase.get("expected");

        FeatureDriftResult result = evaluator.categorical(name, reference, window,
                DriftSettings.defaults().withMinSampleSize(1));

        assertThat(result.type()).isEqualTo(FeatureType.valueOf(expected.get("type").asText()));
        assertStatistics(result, expected);
        assertThat(result.newCategories()).containsExactlyElementsOf(strings(expected.get("new_categories")));
        assertThat(result.errorBounds()).isEmpty();
        assertThat(result.windowCount()).isEqualTo(window.total());
        assertThat(result.referenceCount()).isEqualTo(reference.total());
    }

    @Test
    void kolmogorovSurvivalMatchesScipyKstwobign() {
        JsonNode table = read("numeric_references.json").get("kolmogorov_survival");
        assertThat(table).hasSizeGreaterThan(10);
        for (JsonNode row : table) {
            double lambda = row.get(0).asDouble();
            double expected = row.get(1).asDouble();
            assertThat(KolmogorovSmirnovPValue.survival(lambda))
                    .as("Q(%s)", lambda)
                    .isCloseTo(expected, offset(1e-12 * expected + 1e-15));
        }
    }

    /** Every numeric field of the expectations is in the statistics map and nothing else is. */
    private static void assertStatistics(FeatureDriftResult result, JsonNode expected) {
        Set<String> expectedKeys = new HashSet<>();
        expected.properties().forEach(field -> {
            if (field.getValue().isNumber() && !field.getKey().equals(SCIPY_ONLY)) {
                expectedKeys.add(field.getKey());
                assertClose(field.getKey(), result.statistics().get(field.getKey()), field.getValue().asDouble());
            }
        });
        // The pooled chi-square (significance at small levels) is checked against scipy in
        // ChiSquareHomogeneityTest, the binned one (spread and tails) in BinnedChiSquareTest.
        Set<String> actualKeys = new HashSet<>(result.statistics().keySet());
        actualKeys.remove(SignificantEffect.CHI_SQUARE_POOLED_P_VALUE);
        actualKeys.remove(BinnedChiSquare.ID);
        actualKeys.remove(BinnedChiSquare.P_VALUE_ID);
        assertThat(actualKeys).containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    private static void assertClose(String what, Double actual, double expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual).as(what).isCloseTo(expected,
                offset(TOLERANCE * Math.max(1, Math.abs(expected))));
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose("bin " + i, actual[i], expected[i]);
        }
    }

    private static CategoricalSummary categorical(JsonNode node) {
        Map<String, Long> frequencies = new HashMap<>();
        node.get("frequencies").properties().forEach(e -> frequencies.put(e.getKey(), e.getValue().asLong()));
        return new CategoricalSummary(frequencies, node.get("other").asLong());
    }

    private static Stream<Arguments> cases(String resource) {
        return StreamSupport.stream(read(resource).get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("name").asText(), c));
    }

    static JsonNode read(String resource) {
        try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/stats/" + resource)) {
            assertThat(in).as("resource /stats/%s", resource).isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
