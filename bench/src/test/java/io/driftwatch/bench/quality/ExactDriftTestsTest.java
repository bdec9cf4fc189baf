package io.driftwatch.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Evidently-style tests against SciPy, which Evidently calls: reference values from
 * {@code exact_tests_reference.py} (committed beside its output, {@code exact_tests_reference.json}).
 */
class ExactDriftTestsTest {

    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ExactDriftTestsTest.class.getResourceAsStream("exact_tests_reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void ksPValueIsTheAsymptoticKolmogorovOfScipysStatisticAndCloseToItsExactOne() {
        for (JsonNode c : reference.get("ks")) {
            ExactDriftTests.Verdict v = ExactDriftTests.numeric(doubles(c.get("reference")), doubles(c.get("current")));
            assertThat(v.test()).as(c.get("name").asText()).isEqualTo(ExactDriftTests.Test.KS);
            // Same statistic, same limiting distribution: equal to rounding.
            assertThat(v.score()).as(c.get("name").asText()).isCloseTo(c.get("p_asymptotic").asDouble(), within(1e-9));
            // ks_2samp's exact p-value at these sizes differs from the asymptotic one by less than 0.01.
            assertThat(v.score()).as(c.get("name").asText()).isCloseTo(c.get("p_scipy").asDouble(), within(0.01));
        }
    }

    @Test
    void wassersteinDistanceIsScipys() {
        for (JsonNode c : reference.get("wasserstein")) {
            double[] u = doubles(c.get("reference"));
            double[] v = doubles(c.get("current"));
            assertThat(ExactDriftTests.wasserstein(u, v)).as(c.get("name").asText())
                .isCloseTo(c.get("distance").asDouble(), within(1e-9 * Math.max(1, c.get("distance").asDouble())));
            assertThat(ExactDriftTests.wasserstein(u, v) / Math.max(ExactDriftTests.populationStdDev(u), 0.001))
                .isCloseTo(c.get("normalised").asDouble(), within(1e-9));
        }
    }

    @Test
    void largeNumericReferencesAreJudgedByNormalisedWasserstein() {
        JsonNode c = reference.get("wasserstein").get(2);
        ExactDriftTests.Verdict v = ExactDriftTests.numeric(doubles(c.get("reference")), doubles(c.get("current")));
        assertThat(v.test()).isEqualTo(ExactDriftTests.Test.WASSERSTEIN);
        assertThat(v.score()).isCloseTo(c.get("normalised").asDouble(), within(1e-9));
        assertThat(v.drift()).isEqualTo(c.get("normalised").asDouble() >= 0.1);
    }

    @Test
    void chiSquareAndJensenShannonAreEvidentlysOverScipy() {
        for (JsonNode c : reference.get("categorical")) {
            String[] r = strings(c.get("reference"));
            String[] cur = strings(c.get("current"));
            assertThat(ExactDriftTests.chiSquarePValue(r, cur)).as(c.get("name").asText())
                .isCloseTo(c.get("chi_square_p").asDouble(), within(1e-9));
            assertThat(ExactDriftTests.jensenShannon(r, cur).score()).as(c.get("name").asText())
                .isCloseTo(c.get("jensen_shannon").asDouble(), within(1e-12));
            ExactDriftTests.Verdict v = ExactDriftTests.categorical(r, cur);
            assertThat(v.test()).isEqualTo(ExactDriftTests.Test.CHI_SQUARE);
            assertThat(v.drift()).isEqualTo(c.get("chi_square_p").asDouble() < 0.05);
        }
    }

    @Test
    void twoValuedColumnsOfSmallReferencesGetTheZTest() {
        JsonNode c = reference.get("binary").get(0);
        ExactDriftTests.Verdict v = ExactDriftTests.categorical(strings(c.get("reference")), strings(c.get("current")));
        assertThat(v.test()).isEqualTo(ExactDriftTests.Test.Z);
        assertThat(v.score()).isCloseTo(c.get("z_p").asDouble(), within(1e-9));
        assertThat(v.drift()).isTrue();
    }

    @Test
    void aCategoryTheReferenceLacksHasInfiniteChiSquare() {
        String[] reference = {"a", "a", "b", "b", "c"};
        String[] current = {"a", "b", "c", "new"};
        assertThat(ExactDriftTests.chiSquarePValue(reference, current)).isZero();
        assertThat(ExactDriftTests.categorical(reference, current).drift()).isTrue();
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static String[] strings(JsonNode array) {
        String[] values = new String[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asText();
        }
        return values;
    }
}
