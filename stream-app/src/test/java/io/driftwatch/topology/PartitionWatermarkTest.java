package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.topology.InputEndOffsets.Outage;
import io.driftwatch.topology.InputEndOffsets.PartitionEnd;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reported watermark around broker outages, case by case (PartitionWatermarkPropertyTest: over random histories). */
class PartitionWatermarkTest {

    private static final long IDLE = 1_000;

    @Test
    void aTaskReportsNothingPastWhatItRestoredUntilTheBrokerFirstAnswers() {
        PartitionWatermark wm = new PartitionWatermark(IDLE, 0, 5_000);
        wm.follow(Optional.empty(), 10);
        wm.onEvent(9_000, 0, 20);
        assertThat(wm.value()).as("perhaps started during an outage").isEqualTo(5_000);

        wm.onHeartbeat(100, Optional.of(new PartitionEnd(50, 1, 1)));
        assertThat(wm.value()).isEqualTo(9_000);
    }

    @Test
    void afterAnOutageTheWatermarkStaysAtItsStartUntilTheTaskHasReadPastWhatItsProducersFlushed() {
        PartitionWatermark wm = new PartitionWatermark(IDLE, 0, Long.MIN_VALUE);
        wm.onHeartbeat(100, Optional.of(new PartitionEnd(100, 0, 0)));
        wm.onEvent(1_000, 0, 1_000);
        wm.onHeartbeat(1_100, Optional.of(new PartitionEnd(100, 1, 1)));
        wm.onHeartbeat(1_200, Optional.empty()); // the broker goes away at 1,100
        wm.onHeartbeat(60_000, Optional.of(new PartitionEnd(60_000, 1, 1, List.of(new Outage(1_100, 60_000, -1)))));

        wm.onEvent(59_000, 1, 60_100); // the first producer's buffer
        assertThat(wm.value()).as("held at the outage's start").isEqualTo(1_100);
        wm.onEvent(30_000, 2, 60_200); // the second producer's: its window is still open
        wm.onEvent(61_500, 3, 61_500);
        wm.onHeartbeat(61_600, Optional.of(new PartitionEnd(60_000, 5, 3, List.of(new Outage(1_100, 60_000, 5)))));
        assertThat(wm.value()).as("settled below offset 5, read up to 3").isEqualTo(1_100);

        wm.onEvent(61_700, 4, 61_700);
        wm.onHeartbeat(61_800, Optional.of(new PartitionEnd(60_000, 5, 4, List.of(new Outage(1_100, 60_000, 5)))));
        assertThat(wm.value()).isEqualTo(61_700);
    }

    @Test
    void anOutageThatNeverSettlesIsHeldForTenIdleTimeoutsAtMost() {
        PartitionWatermark wm = new PartitionWatermark(IDLE, 0, Long.MIN_VALUE);
        wm.onHeartbeat(100, Optional.of(new PartitionEnd(100, 0, 0)));
        wm.onHeartbeat(5_000, flapping(5_000));
        wm.onEvent(6_000, 0, 6_000);
        // Back for less than an idle timeout each time: one outage since 2,000 that never settles.
        long last = 5_000 + PartitionWatermark.MAX_HOLD_IDLE_TIMEOUTS * IDLE;
        for (long now = 5_500; now < last; now += 500) {
            wm.onHeartbeat(now, flapping(now - 300));
            assertThat(wm.value()).as("at " + now).isEqualTo(2_000);
        }
        wm.onHeartbeat(last, flapping(last - 300));
        assertThat(wm.value()).isEqualTo(6_000);
    }

    private static Optional<PartitionEnd> flapping(long backSince) {
        return Optional.of(new PartitionEnd(backSince, 1, 1, List.of(new Outage(2_000, backSince, -1))));
    }
}
