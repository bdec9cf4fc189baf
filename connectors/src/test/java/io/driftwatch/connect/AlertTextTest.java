package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTextTest {

    @Test
    void numbersHaveFourSignificantDigitsWithoutNeedlessExponents() {
        assertThat(AlertText.number(0.311234)).isEqualTo("0.3112");
        assertThat(AlertText.number(0.25)).isEqualTo("0.25");
        assertThat(AlertText.number(1250.0)).isEqualTo("1250");
        assertThat(AlertText.number(123456.0)).isEqualTo("123500");
        assertThat(AlertText.number(-0.00012345)).isEqualTo("-0.0001235");
        assertThat(AlertText.number(0.0)).isEqualTo("0");
        assertThat(AlertText.number(3.2e-7)).isEqualTo("3.2E-7");
        assertThat(AlertText.number(4.5e9)).isEqualTo("4.5E+9");
        assertThat(AlertText.number(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void descriptionLeavesOutWhatTheAlertDoesNotCarry() {
        AlertTransition minimal = new ConnectAlertReader().read(Map.of("fingerprint", "fp", "model_id", "m",
                "model_version", "1", "rule", "r", "severity", "INFO", "status", "FIRING", "starts_at", 0L));

        assertThat(AlertText.description(minimal)).isEqualTo("events 0, samples 0");
        assertThat(AlertText.condition(minimal)).isNull();
        assertThat(AlertText.window(minimal)).isNull();
    }
}
