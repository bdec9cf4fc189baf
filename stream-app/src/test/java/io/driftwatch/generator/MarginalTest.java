package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.mean;
import static io.driftwatch.generator.Generated.median;
import static io.driftwatch.generator.Generated.sd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each marginal's draws against its stated distribution. Tolerances are 4 standard errors of the
 * estimate at n = 40,000 (mean: sd/√n; sd: sd/√(2n); proportion: √(p(1−p)/n); median of a
 * log-normal: the normal-theory 1.2533·σ_log/√n on the log scale).
 */
class MarginalTest {

    private static final int N = 40_000;

    private static double[] draw(Marginal m, long seed) {
        Marginal.Sampler s = m.sampler();
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = (Double) s.sample(r);
        }
        return x;
    }

    @Test
    void normalHasItsMeanAndSd() {
        double[] x = draw(new Marginal.Normal(100, 15), 1);
        assertThat(mean(x)).isCloseTo(100, within(4 * 15 / Math.sqrt(N)));
        assertThat(sd(x)).isCloseTo(15, within(4 * 15 / Math.sqrt(2.0 * N)));
    }

    @Test
    void boundedNormalStaysInBounds() {
        double[] x = draw(new Marginal.Normal(0.35, 0.15, 0, 1), 2);
        assertThat(java.util.Arrays.stream(x).boxed()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        // 1% of the mass lies below 0 and is clamped there.
        long atZero = java.util.Arrays.stream(x).filter(v -> v == 0).count();
        assertThat((double) atZero / N).isCloseTo(0.00982, within(4 * Math.sqrt(0.0098 / N)));
    }

    @Test
    void logNormalHasItsMedianAndLogSpread() {
        Marginal.LogNormal m = new Marginal.LogNormal(52_000, 0.5);
        double[] x = draw(m, 3);
        double[] logs = java.util.Arrays.stream(x).map(Math::log).toArray();
        assertThat(median(logs)).isCloseTo(Math.log(52_000), within(4 * 1.2533 * 0.5 / Math.sqrt(N)));
        assertThat(sd(logs)).isCloseTo(0.5, within(4 * 0.5 / Math.sqrt(2.0 * N)));
        // Nominal mean e^(μ + σ²/2): the centre that drift shifts around.
        assertThat(m.center()).isCloseTo(52_000 * Math.exp(0.125), within(1e-6));
        assertThat(mean(x)).isCloseTo(m.center(), within(4 * m.scale() / Math.sqrt(N)));
        assertThat(java.util.Arrays.stream(x).boxed()).allSatisfy(v -> assertThat(v).isPositive());
    }

    @Test
    void boundedIntegersAreWholeAndInRange() {
        double[] x = draw(new Marginal.BoundedInteger(18, 90, 41, 13), 4);
        assertThat(java.util.Arrays.stream(x).boxed()).allSatisfy(v -> {
            assertThat(v).isBetween(18.0, 90.0);
            assertThat(v).isEqualTo(Math.rint(v));
        });
        // Rounding then rejecting outside [18, 90] gives P(k) ∝ Φ((k + ½ − 41)/13) − Φ((k − ½ − 41)/13),
        // whose mean is 42.046 (scipy); 4 standard errors at sd ≈ 12.
        assertThat(mean(x)).isCloseTo(42.046, within(4 * 12.2 / Math.sqrt(N)));
    }

    @Test
    void categoriesFollowZipf() {
        List<String> cats = List.of("a", "b", "c", "d", "e");
        Marginal.Categorical m = new Marginal.Categorical(cats, 1.2);
        Marginal.Sampler s = m.sampler();
        SplittableRandom r = new SplittableRandom(5);
        Map<Object, Integer> counts = new HashMap<>();
        for (int i = 0; i < N; i++) {
            counts.merge(s.sample(r), 1, Integer::sum);
        }
        double norm = 0;
        for (int k = 1; k <= 5; k++) {
            norm += Math.pow(k, -1.2);
        }
        for (int k = 1; k <= 5; k++) {
            double p = Math.pow(k, -1.2) / norm;
            assertThat(m.probability(k - 1)).isCloseTo(p, within(1e-12));
            assertThat(counts.get(cats.get(k - 1)) / (double) N).as("share of %s", cats.get(k - 1))
                .isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / N)));
        }
        assertThat(s.signal("a")).isEqualTo(-1);
        assertThat(s.signal("b")).isEqualTo(0);
        assertThat(s.signal("c")).isEqualTo(1);
        assertThat(s.signal("never-seen")).isEqualTo(0);
    }

    @Test
    void booleansHaveTheirRateAndStandardisedSignal() {
        Marginal.Bernoulli m = new Marginal.Bernoulli(0.3);
        Marginal.Sampler s = m.sampler();
        SplittableRandom r = new SplittableRandom(6);
        int trues = 0;
        for (int i = 0; i < N; i++) {
            trues += (Boolean) s.sample(r) ? 1 : 0;
        }
        assertThat(trues / (double) N).isCloseTo(0.3, within(4 * Math.sqrt(0.21 / N)));
        // 0.3·s(true) + 0.7·s(false) = 0 and the variance is 1.
        double t = s.signal(true);
        double f = s.signal(false);
        assertThat(0.3 * t + 0.7 * f).isCloseTo(0, within(1e-12));
        assertThat(0.3 * t * t + 0.7 * f * f).isCloseTo(1, within(1e-12));
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new Marginal.Normal(0, -1)).hasMessageContaining("sd -1");
        assertThatThrownBy(() -> new Marginal.Normal(0, 1, 5, 5)).hasMessageContaining("min < max");
        assertThatThrownBy(() -> new Marginal.LogNormal(0, 1)).hasMessageContaining("median 0");
        assertThatThrownBy(() -> new Marginal.Categorical(List.of("a", "a"), 1)).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> new Marginal.Bernoulli(1)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> FeatureSpec.normal("x", 0, 1).withMissingRate(1)).hasMessageContaining("missing rate 1");
    }
}
