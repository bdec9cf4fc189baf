package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionVarianceTest {

    @Test
    void isNeverZeroAndNeverBelowThePlugIn() {
        for (int n : new int[] {1, 2, 10, 200, 20_000}) {
            for (int x = 0; x <= n; x += Math.max(1, n / 50)) {
                double p = (double) x / n;
                double plugIn = n < 2 ? 0 : p * (1 - p) / (n - 1);
                assertThat(ProportionVariance.ofEstimate(x, n)).as("%d of %d", x, n).isPositive()
                    .isGreaterThanOrEqualTo(plugIn);
            }
        }
    }

    @Test
    void atTheEdgesIsJeffreysAndInsideThePlugIn() {
        // p~ = 0.5/201: p~(1 - p~)/200.
        double edge = 0.5 / 201;
        assertThat(ProportionVariance.ofEstimate(0, 200)).isCloseTo(edge * (1 - edge) / 200, within(1e-15));
        assertThat(ProportionVariance.ofEstimate(200, 200)).isCloseTo(ProportionVariance.ofEstimate(0, 200), within(1e-18));
        // Half right: the plug-in 0.25/199 is the larger.
        assertThat(ProportionVariance.ofEstimate(100, 200)).isCloseTo(0.25 / 199, within(1e-15));
    }

    @Test
    void aDifferencesVarianceIsNeverBelowEitherVersionsOwnNorWhatASharedRateGives() {
        // 0 of 100 against 10 of 900: the canary's own Jeffreys term is 0.005 x 0.995 / 100; the shared rate
        // (10.5/1001) gives it 0.0105 x 0.9895 / 100, twice as much.
        double shared = 10.5 / 1001;
        assertThat(ProportionVariance.ofDifference(10, 900, 0, 100)).isCloseTo(
            ProportionVariance.ofEstimate(10, 900) + shared * (1 - shared) / 100, within(1e-15));
        // 0% against 100%: the shared rate is about 1/2, the widest, and still a roll-back after 1,000 events each.
        assertThat(ProportionVariance.ofDifference(0, 1000, 1000, 1000)).isCloseTo(2 * 0.25 / 1000, within(1e-6));
        for (int x = 0; x <= 200; x += 20) {
            assertThat(ProportionVariance.ofDifference(x, 200, 200 - x, 200))
                .isGreaterThanOrEqualTo(ProportionVariance.ofEstimate(x, 200) + ProportionVariance.ofEstimate(200 - x, 200));
        }
    }

    @Test
    void rejectsCountsThatAreNotAProportion() {
        assertThatThrownBy(() -> ProportionVariance.ofEstimate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionVariance.ofEstimate(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionVariance.ofDifference(1, 2, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
