package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.profile.LatencyAccumulator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class QuantileThresholdTestTest {

    @Test
    void pValuesAreTheExactBinomialTailsOfTheQuantileTest() {
        // scipy.stats.binom.cdf(k, 1000, 0.99) (scipy 1.10.1): k = 973, 980, 990
        assertThat(QuantileThresholdTest.above(1000, 0.99, 0.973, 0.973, true).high()).isCloseTo(5.57053010547353e-06, within(1e-16));
        assertThat(QuantileThresholdTest.above(1000, 0.99, 0.98, 0.98, true).high()).isCloseTo(0.003288359787727489, within(1e-14));
        assertThat(QuantileThresholdTest.above(1000, 0.99, 0.99, 0.99, true).high()).isCloseTo(0.5426994078251104, within(1e-12));
        // An interval of B = 955..985: binom.cdf(955, 1000, 0.99) and binom.cdf(985, 1000, 0.99)
        QuantileThresholdTest.PValueInterval p = QuantileThresholdTest.above(1000, 0.99, 0.955, 0.985, true);
        // Commons Math computes the CDF as 1 - (upper tail): about 1e-16 absolute error this far out, which no
        // decision notices (levels are above 1e-9).
        assertThat(p.low()).isCloseTo(2.623436470891436e-16, within(1e-15));
        assertThat(p.high()).isCloseTo(0.0824123195160892, within(1e-12));
        assertThat(p.significantAt(0.001)).isFalse();
        assertThat(p.notSignificantAt(0.001)).isFalse();
        // Below: binom.sf(989, 1000, 0.99) and binom.sf(999, 1000, 0.99)
        assertThat(QuantileThresholdTest.below(1000, 0.99, 0.99, 0.99).low()).isCloseTo(0.5830408033010963, within(1e-12));
        assertThat(QuantileThresholdTest.below(1000, 0.99, 1.0, 1.0).low()).isCloseTo(4.3171247410657815e-05, within(1e-15));
    }

    @Test
    void theMaximumAboveTheThresholdLeavesAtLeastOneValueAboveIt() {
        // All grid ranks at or below T but the maximum above it: B <= n - 1, binom.cdf(999, 1000, 0.99) = 1 - 0.99^1000
        QuantileThresholdTest.PValueInterval p = QuantileThresholdTest.above(1000, 0.99, 0.999, 1.0, true);
        assertThat(p.high()).isCloseTo(1 - Math.pow(0.99, 1000), within(1e-12));
    }

    @Test
    void theGridBracketsTheThresholdWidenedByEachRanksOwnError() {
        NavigableMap<Double, Double> grid = new TreeMap<>(Map.of(0.95, 300.0, 0.97, 450.0, 0.98, 520.0, 0.99, 700.0));
        Map<Double, Double> errors = Map.of(0.95, 0.004, 0.97, 0.003, 0.98, 0.002, 0.99, 0.001);
        assertThat(QuantileThresholdTest.cdfBounds(grid, errors, 900, 500)).containsExactly(new double[] {0.967, 0.982},
            within(1e-12));
        assertThat(QuantileThresholdTest.cdfBounds(grid, errors, 900, 1000)).containsExactly(1, 1);
        assertThat(QuantileThresholdTest.cdfBounds(grid, errors, 900, 100)).containsExactly(new double[] {0, 0.954},
            within(1e-12));
        // A rank without an error bound is not used.
        assertThat(QuantileThresholdTest.cdfBounds(grid, Map.of(0.95, 0.004), 900, 500)).containsExactly(new double[] {0.946, 1},
            within(1e-12));
    }

    /**
     * Whatever the sample and threshold, the bounds from a real sketch contain the exact share of values at
     * or below the threshold, so the exact p-value lies in the interval. Fixed seed: the sketch's bounds are
     * three standard deviations wide, not certain, and a test must not fail by chance.
     */
    @Property(tries = 300, seed = "20261202")
    void theSketchsIntervalContainsTheExactPValue(@ForAll @IntRange(min = 20, max = 30_000) int n,
                                                  @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                  @ForAll @DoubleRange(min = 0.5, max = 0.9995) @Scale(4) double thresholdRank,
                                                  @ForAll @DoubleRange(min = 0.3, max = 3) double shape) {
        Random random = new Random(seed);
        double[] values = new double[n];
        LatencyAccumulator sketch = new LatencyAccumulator();
        for (int i = 0; i < n; i++) {
            // Weibull latencies: shape < 1 heavy-tailed, > 1 light; float as the sketch stores them.
            values[i] = (float) (100 * Math.pow(-Math.log(1 - random.nextDouble()), 1 / shape));
            sketch.add(values[i]);
        }
        Arrays.sort(values);
        double threshold = values[(int) Math.min(n - 1, Math.floor(thresholdRank * n))] + 1e-3;
        long atOrBelow = Arrays.stream(values).filter(v -> v <= threshold).count();
        double exactCdf = (double) atOrBelow / n;

        double[] bounds = QuantileThresholdTest.cdfBounds(ranks(sketch.tailQuantiles()), ranks(sketch.tailRankErrors()),
            sketch.max(), threshold);
        assertThat(exactCdf).isBetween(bounds[0] - 1e-12, bounds[1] + 1e-12);

        QuantileThresholdTest.PValueInterval p = QuantileThresholdTest.above(n, 0.99, bounds[0], bounds[1],
            sketch.max() > threshold);
        double exact = QuantileThresholdTest.above(n, 0.99, exactCdf, exactCdf, sketch.max() > threshold).high();
        assertThat(exact).isBetween(p.low() - 1e-12, p.high() + 1e-12);
    }

    private static NavigableMap<Double, Double> ranks(Map<String, Double> byText) {
        NavigableMap<Double, Double> out = new TreeMap<>();
        new HashMap<>(byText).forEach((k, v) -> out.put(Double.parseDouble(k), v));
        return out;
    }
}
