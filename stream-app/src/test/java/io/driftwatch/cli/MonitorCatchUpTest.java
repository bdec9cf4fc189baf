package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The demo waits for the monitor to catch up with its traffic, tells how far behind it is, and gives up at a deadline. */
class MonitorCatchUpTest {

    private final List<String> console = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();

    @Test
    void waitsUntilNothingIsLeftAndSaysHowMuchWasLeft() throws InterruptedException {
        MonitorCatchUp.Outcome outcome = await(5_000, -1, 120, 0, 7);

        assertThat(outcome).isEqualTo(MonitorCatchUp.Outcome.CAUGHT_UP);
        assertThat(console).containsExactly("Waiting for the monitor to catch up: 5000 records behind.",
            "Waiting for the monitor to catch up: 120 records behind.");
        assertThat(slept).hasSize(3).allMatch(d -> d.equals(Duration.ofSeconds(2)));
    }

    @Test
    void aMonitorAlreadyCaughtUpIsNotWaitedFor() throws InterruptedException {
        assertThat(await(0)).isEqualTo(MonitorCatchUp.Outcome.CAUGHT_UP);
        assertThat(console).isEmpty();
        assertThat(slept).isEmpty();
    }

    @Test
    void givesUpAtTheDeadline() throws InterruptedException {
        MonitorCatchUp.Outcome outcome = await(LongStream.generate(() -> 900).limit(100).toArray());

        assertThat(outcome).isEqualTo(MonitorCatchUp.Outcome.DEADLINE);
        assertThat(slept).hasSize(5); // 10 s of looks every 2 s
        assertThat(console).last().isEqualTo("The monitor is still 900 records behind after 10 s; stopping anyway.");
    }

    private MonitorCatchUp.Outcome await(long... behind) throws InterruptedException {
        PrimitiveIterator.OfLong next = LongStream.of(behind).iterator();
        return MonitorCatchUp.await(next::nextLong, Duration.ofSeconds(10), Duration.ofSeconds(2), console::add, slept::add);
    }
}
