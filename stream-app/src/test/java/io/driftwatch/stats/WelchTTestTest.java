package io.driftwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WelchTTestTest {

    @Test
    void matchesScipyOnSummariesOfRawSamples() {
        // /usr/bin/python3, SciPy 1.10.1: rng = numpy.random.default_rng(13); a = rng.normal(10, 2, 40);
        // b = rng.normal(11, 3.5, 25); scipy.stats.ttest_ind(b, a, equal_var=False) -> t, p;
        // the interval: d ± scipy.stats.t.ppf(0.975, df) * se with the Welch-Satterthwaite df.
        WelchTTest.Result r = WelchTTest.test(10.526424182976209, 4.712907532566887, 40,
            11.571565827392639, 6.9880871056557448, 25, 0.95);
        assertThat(r.t()).isCloseTo(1.6580233248543519, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.10447237464364016, within(1e-9));
        assertThat(r.degreesOfFreedom()).isCloseTo(43.716877712018437, within(1e-9));
        assertThat(r.ciLow()).isCloseTo(-0.22548579552827031, within(1e-8));
        assertThat(r.ciHigh()).isCloseTo(2.3157690843611314, within(1e-8));
        assertThat(r.difference()).isCloseTo(11.571565827392639 - 10.526424182976209, within(1e-15));
    }

    @Test
    void matchesScipyFromStatistics() {
        // scipy.stats.ttest_ind_from_stats(0.06, 0.25, 500, 0.05, 0.2, 5000, equal_var=False)
        WelchTTest.Result big = WelchTTest.test(0.05, 0.04, 5000, 0.06, 0.0625, 500, 0.95);
        assertThat(big.t()).isCloseTo(0.86710996952411945, within(1e-12));
        assertThat(big.pValue()).isCloseTo(0.38625006638455084, within(1e-9));
        // scipy.stats.ttest_ind_from_stats(3.5, 4.0, 2, 3.0, 1.0, 3, equal_var=False): tiny samples, few df
        WelchTTest.Result tiny = WelchTTest.test(3.0, 1.0, 3, 3.5, 16.0, 2, 0.95);
        assertThat(tiny.t()).isCloseTo(0.1732050807568877, within(1e-12));
        assertThat(tiny.pValue()).isCloseTo(0.88910554416848653, within(1e-9));
    }

    @Test
    void constantSamplesHaveAnExactDifference() {
        WelchTTest.Result same = WelchTTest.test(1, 0, 10, 1, 0, 10, 0.95);
        assertThat(same.pValue()).isEqualTo(1);
        WelchTTest.Result apart = WelchTTest.test(1, 0, 10, 2, 0, 10, 0.95);
        assertThat(apart.pValue()).isZero();
        assertThat(apart.ciLow()).isEqualTo(1);
    }

    @Test
    void refusesSamplesTooSmallToHaveAVariance() {
        assertThatThrownBy(() -> WelchTTest.test(1, 1, 1, 2, 1, 10, 0.95))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }
}
