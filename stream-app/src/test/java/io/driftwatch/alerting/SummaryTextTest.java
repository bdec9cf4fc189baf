package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTextTest {

    @Test
    void numbersAreWholeOrFourSignificantDigitsOrScientific() {
        assertThat(SummaryText.number(3.0)).isEqualTo("3");
        assertThat(SummaryText.number(-250.0)).isEqualTo("-250");
        assertThat(SummaryText.number(0.312345)).isEqualTo("0.3123");
        assertThat(SummaryText.number(0.25)).isEqualTo("0.25");
        assertThat(SummaryText.number(634.56)).isEqualTo("634.6");
        assertThat(SummaryText.number(1.234567e-5)).isEqualTo("1.235e-05");
        assertThat(SummaryText.number(2.5e8 + 0.5)).isEqualTo("2.500e+08");
    }

    @Test
    void numericVersionsGetAVAndOthersStayAsTheyAre() {
        assertThat(SummaryText.version("3")).isEqualTo("v3");
        assertThat(SummaryText.version("2024.06")).isEqualTo("v2024.06");
        assertThat(SummaryText.version("2024.06-rc")).isEqualTo("2024.06-rc");
        assertThat(SummaryText.version("canary")).isEqualTo("canary");
    }
}
