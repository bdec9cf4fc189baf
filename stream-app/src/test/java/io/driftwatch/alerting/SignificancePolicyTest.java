package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignificancePolicyTest {

    @Test
    void sidakSplitsTheWindowAlphaSoThatTheFamilyWiseRateIsExact() {
        SignificancePolicy policy = new SignificancePolicy(100, FamilywiseCorrection.SIDAK);

        assertThat(policy.windowAlpha()).isEqualTo(0.01);
        // 1 - 0.99^(1/10) to 40 digits with Python's decimal module: 0.0010045287082499489147...
        assertThat(policy.alphaFor(10)).isCloseTo(1.0045287082499489e-3, within(1e-18));
        for (int m : new int[] {1, 2, 7, 30, 500}) {
            double alpha = policy.alphaFor(m);
            // 1 - (1 - alpha)^m, computed without cancellation.
            assertThat(-Math.expm1(m * Math.log1p(-alpha))).as("m=%d", m).isCloseTo(0.01, within(1e-15));
        }
        assertThat(policy.alphaFor(1)).isCloseTo(0.01, within(1e-17));
    }

    @Test
    void bonferroniDividesAndIsNeverLargerThanSidak() {
        SignificancePolicy bonferroni = new SignificancePolicy(100, FamilywiseCorrection.BONFERRONI);
        SignificancePolicy sidak = new SignificancePolicy(100, FamilywiseCorrection.SIDAK);

        assertThat(bonferroni.alphaFor(20)).isEqualTo(0.01 / 20);
        for (int m = 1; m <= 1000; m *= 3) {
            assertThat(bonferroni.alphaFor(m)).isLessThanOrEqualTo(sidak.alphaFor(m));
        }
    }

    @Test
    void staysAccurateForTinyRates() {
        // Naive 1 - Math.pow(1 - a, 1/m) loses most digits here; Sidak tends to a/m as a -> 0.
        SignificancePolicy policy = new SignificancePolicy(1e9, FamilywiseCorrection.SIDAK);

        double alpha = policy.alphaFor(1000);

        assertThat(alpha / (1e-9 / 1000)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void refusesMeaninglessTargets() {
        assertThatThrownBy(() -> new SignificancePolicy(1, FamilywiseCorrection.SIDAK))
                .hasMessageContaining("greater than 1");
        assertThatThrownBy(() -> new SignificancePolicy(Double.NaN, FamilywiseCorrection.SIDAK))
                .hasMessageContaining("greater than 1");
        assertThatThrownBy(() -> new SignificancePolicy(100, FamilywiseCorrection.SIDAK).alphaFor(0))
                .hasMessageContaining("at least 1");
    }
}
