package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommitOnCloseTest {

    private final CommitOnClose tenSeconds = new CommitOnClose(10_000);

    @Test
    void aWindowClosingWithinAWindowLengthOfItsCloseTimeIsWorthACommit() {
        assertThat(tenSeconds.worthCommitting(1_000_000, 1_000_000)).isTrue();
        assertThat(tenSeconds.worthCommitting(1_000_000, 1_010_000)).as("exactly a window length late").isTrue();
        assertThat(tenSeconds.worthCommitting(1_000_000, 990_000)).as("event time ahead of the wall clock").isTrue();
    }

    @Test
    void aWindowClosingLaterIsAReplayThatWaitsForTheInterval() {
        assertThat(tenSeconds.worthCommitting(1_000_000, 1_010_001)).isFalse();
        assertThat(tenSeconds.worthCommitting(1_000_000, 1_000_000 + 3_600_000)).as("an hour behind").isFalse();
    }

    @Test
    void refusesAWindowWithoutLength() {
        assertThatThrownBy(() -> new CommitOnClose(0)).hasMessageContaining("window size must be positive");
    }
}
