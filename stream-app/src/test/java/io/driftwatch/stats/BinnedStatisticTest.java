package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The interval propagation behind {@link BinnedStatistic#errorBound}: no point of the box escapes it. */
class BinnedStatisticTest {

    static Stream<BinnedStatistic> statistics() {
        return Stream.of(new PopulationStabilityIndex(), new KullbackLeiblerDivergence(), new JensenShannonDistance(),
                new HellingerDistance(), new TotalVariationDistance());
    }

    @ParameterizedTest
    @MethodSource("statistics")
    void everyPointOfTheErrorBoxStaysWithinTheBound(BinnedStatistic statistic) {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 1_000; trial++) {
            int bins = 2 + random.nextInt(12);
            double[] p = distribution(random, bins);
            double[] q = trial % 3 == 0 ? p.clone() : distribution(random, bins);
            double error = random.nextDouble() * 0.05;
            double[] pError = QuantileBinning.proportionErrors(bins, error);
            double[] qError = QuantileBinning.proportionErrors(bins, error * random.nextDouble());
            double bound = statistic.errorBound(p, q, pError, qError);
            double value = statistic.value(p, q);
            for (int sample = 0; sample < 20; sample++) {
                // Corners most of the time: that is where the extremes of convex terms sit.
                double[] pTrue = perturb(random, p, pError, sample % 4 != 0);
                double[] qTrue = perturb(random, q, qError, sample % 4 != 0);
                assertThat(Math.abs(statistic.value(pTrue, qTrue) - value))
                        .as("%s trial %d", statistic.getClass().getSimpleName(), trial)
                        .isLessThanOrEqualTo(bound + 1e-12);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("statistics")
    void exactProportionsHaveNoErrorAndIdenticalOnesNoDistance(BinnedStatistic statistic) {
        double[] p = {0.2, 0.5, 0.3};
        double[] none = new double[3];
        assertThat(statistic.errorBound(p, p, none, none)).isZero();
        assertThat(statistic.value(p, p)).isCloseTo(0, offset(1e-15));
        assertThat(statistic.errorBound(p, p, new double[] {0.01, 0.02, 0.01}, none)).isPositive();
    }

    @Test
    void emptyWindowBinsAreSmoothedNotInfinite() {
        double[] reference = {0.5, 0.5};
        double[] window = {1.0, 0.0};
        double smoothedEmpty = BinSmoothing.smooth(0, 2);
        double smoothedHalf = BinSmoothing.smooth(0.5, 2);
        double smoothedFull = BinSmoothing.smooth(1, 2);
        assertThat(new PopulationStabilityIndex().value(reference, window)).isCloseTo(
                (smoothedHalf - smoothedFull) * Math.log(smoothedHalf / smoothedFull)
                        + (smoothedHalf - smoothedEmpty) * Math.log(smoothedHalf / smoothedEmpty),
                offset(1e-12));
        assertThat(smoothedEmpty).isEqualTo(1e-4 / (1 + 2e-4));
        assertThat(new JensenShannonDistance().value(reference, window)).isFinite();
    }

    @Test
    void misalignedDistributionsAreRejected() {
        assertThatThrownBy(() -> new HellingerDistance().value(new double[] {1}, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same, non-zero number of bins");
    }

    private static double[] distribution(SplittableRandom random, int bins) {
        double[] weights = new double[bins];
        double total = 0;
        for (int i = 0; i < bins; i++) {
            // Some empty bins, to exercise the smoothing and the 0·ln 0 convention.
            weights[i] = random.nextInt(5) == 0 ? 0 : random.nextDouble();
            total += weights[i];
        }
        if (total == 0) {
            weights[0] = total = 1;
        }
        for (int i = 0; i < bins; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    private static double[] perturb(SplittableRandom random, double[] estimate, double[] error, boolean corner) {
        double[] perturbed = new double[estimate.length];
        for (int i = 0; i < estimate.length; i++) {
            double shift = corner ? (random.nextBoolean() ? 1 : -1) : 2 * random.nextDouble() - 1;
            perturbed[i] = Math.min(1, Math.max(0, estimate[i] + shift * error[i]));
        }
        return perturbed;
    }
}
