package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StateRestoreProgressTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StateRestoreProgress progress = new StateRestoreProgress(registry,
        Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));
    private final TopicPartition windows0 = new TopicPartition("app-merge-windows-changelog", 0);
    private final TopicPartition windows1 = new TopicPartition("app-merge-windows-changelog", 1);

    private double gauge() {
        return registry.get("driftwatch_state_restore_remaining_records").gauge().value();
    }

    @Test
    void theGaugeSaysWhatIsLeftOverEveryStoreBeingRestored() {
        assertThat(gauge()).isZero();

        progress.onRestoreStart(windows0, "merge-windows", 100, 1_100);
        progress.onRestoreStart(windows1, "merge-windows", 0, 500);
        assertThat(gauge()).isEqualTo(1_500);

        progress.onBatchRestored(windows0, "merge-windows", 700, 600);
        assertThat(gauge()).isEqualTo(900);

        // Restored more than announced (records written while restoring): never below zero.
        progress.onBatchRestored(windows1, "merge-windows", 600, 600);
        assertThat(gauge()).isEqualTo(400);

        progress.onRestoreEnd(windows0, "merge-windows", 1_000);
        assertThat(gauge()).isZero();
    }

    @Test
    void aRestoreSuspendedBecauseTheTaskMovedAwayLeavesNothingToDoHere() {
        progress.onRestoreStart(windows0, "merge-windows", 0, 1_000);
        progress.onBatchRestored(windows0, "merge-windows", 100, 100);

        progress.onRestoreSuspended(windows0, "merge-windows", 100);

        assertThat(gauge()).isZero();
    }

    @Test
    void aRestoreIsStalledOnceItHasNotAdvancedForTheQuietTime() {
        io.driftwatch.topology.SettableClock clock = new io.driftwatch.topology.SettableClock(0);
        StateRestoreProgress watched = new StateRestoreProgress(new SimpleMeterRegistry(), clock);
        watched.onRestoreStart(windows0, "merge-windows", 0, 1_000);
        watched.onRestoreStart(windows1, "merge-windows", 0, 1_000);

        clock.set(50_000);
        watched.onBatchRestored(windows1, "merge-windows", 100, 100);
        clock.set(60_000);
        assertThat(watched.stalledFor(java.time.Duration.ofMinutes(1)))
            .containsExactly(new HeldPartition(windows0, "the restore of store merge-windows from " + windows0, 0, true));

        clock.set(110_000);
        assertThat(watched.stalledFor(java.time.Duration.ofMinutes(1))).hasSize(2);
        watched.onRestoreEnd(windows0, "merge-windows", 1_000);
        watched.onRestoreSuspended(windows1, "merge-windows", 100);
        assertThat(watched.stalledFor(java.time.Duration.ofMinutes(1))).as("none left restoring").isEmpty();
    }
}
