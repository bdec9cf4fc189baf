package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo status line's shadow part: nothing before the first comparison, then agreement, then who was right. */
class DemoStatusShadowTest {

    @Test
    void saysWhoWasRightOnlyOnceADisagreementHasBeenLabelled() {
        assertThat(DemoConsole.Shadow.UNKNOWN.describe()).isEmpty();
        assertThat(new DemoConsole.Shadow(0.9712, 0, 0, 0).describe()).isEqualTo("  fraud-detector shadow agrees 97.1%");
        assertThat(new DemoConsole.Shadow(0.9712, 40, 35, 5).describe()).isEqualTo(
            "  fraud-detector shadow agrees 97.1%; of 40 labelled disagreements the live version was right in 35,"
                + " the shadow in 5");
        // What the demo story's check reads still matches.
        assertThat(new DemoConsole.Shadow(0.9712, 40, 35, 5).describe())
            .containsPattern("fraud-detector shadow agrees (9[5-9])\\.\\d%");
    }
}
