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
    void rejectsCountsThatAreNotAProportion() {
        assertThatThrownBy(() -> ProportionVariance.ofEstimate(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionVariance.ofEstimate(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
