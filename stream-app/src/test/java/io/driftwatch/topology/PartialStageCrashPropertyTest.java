package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig.WindowSettings;
import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowKey;
import io.driftwatch.profile.WindowLayout;
import io.driftwatch.profile.WindowProfileCodec;
import io.driftwatch.topology.FirstStageIncarnation.Committed;
import io.driftwatch.topology.bus.BusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Property over random interleavings of on-time and late events, heartbeats, commits and crashes of
 * the first stage, modelled as exactly-once does them: a commit keeps the stores and the output sent
 * so far together with the input position; a crash throws away everything after the last commit and
 * a new processor replays the input from there on the stores as committed. Whatever the interleaving,
 * every event reaches the merge stage exactly once in what was committed: in a partial window or in a
 * late count; and each window is sent at most once, so that an event for a window sent before a crash
 * is late after it too, not the start of a second partial that the merge stage would add to the window.
 * A restart may come with another {@code window.size} (a changed {@link WindowLayout}), and so may a moment between
 * two records (another instance changed it, and this one adopts the change): the windows sent are still windows of
 * the last layout, so none overlaps another.
 */
class PartialStageCrashPropertyTest {

    private static final WindowSettings WINDOWS = new WindowSettings(Duration.ofSeconds(1), Duration.ofMillis(200),
        Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ZERO,
        WindowSettings.DEFAULT_MEMORY_MAX_BYTES);
    private static final WindowProfileCodec CODEC = new WindowProfileCodec();
    private static final long[] SIZES = {700, 1_000, 1_500, 2_000};

    @RepeatedTest(200)
    void everyEventIsCommittedOnceInAPartialOrALateCount(RepetitionInfo info) {
        history(info.getCurrentRepetition(), true);
    }

    /** Without crashes, only a change adopted while running moves the windows: the stage must cut them the new way. */
    @RepeatedTest(100)
    void aRunningStageCutsTheWindowsOfAChangeItAdopts(RepetitionInfo info) {
        history(1_000_000 + info.getCurrentRepetition(), false);
    }

    private static void history(long seed, boolean crashes) {
        SplittableRandom r = new SplittableRandom(seed);
        int inputs = r.nextInt(1, 400);
        List<Long> eventTimes = new ArrayList<>();
        long now = 100_000;
        for (int i = 0; i < inputs; i++) {
            now += r.nextInt(0, 60);
            // Mostly on time, with jitter inside the grace; one in ten far behind (late once its window closed).
            eventTimes.add(r.nextInt(10) == 0 ? now - r.nextInt(1_500, 5_000) : now - r.nextInt(0, 150));
        }

        AgreedWindowLayout layouts = AgreedWindowLayout.of(WindowLayout.of(WINDOWS.size()));
        Incarnation stage = new Incarnation(Committed.NONE, 0, layouts);
        long wallClock = 100_000;
        int position = 0;
        while (position < inputs) {
            int step = r.nextInt(100);
            if (step < 80) {
                wallClock = Math.max(wallClock, eventTimes.get(position)) + r.nextInt(0, 20);
                stage.process(position, eventTimes.get(position), wallClock);
                position++;
            } else if (step < 92) {
                wallClock += r.nextInt(0, 700);
                stage.heartbeat(wallClock);
            } else if (step < 96) {
                stage.commit(position);
            } else if (step < 97) {
                // Another instance restarts with another window.size; this one adopts it while it runs.
                layouts.adopt(layouts.current().changedTo(SIZES[r.nextInt(SIZES.length)], wallClock));
            } else if (crashes) {
                position = stage.committedPosition;
                // One restart in three comes with another window.size, decided at the restart's wall clock.
                if (r.nextInt(3) == 0) {
                    layouts.adopt(layouts.current().changedTo(SIZES[r.nextInt(SIZES.length)], wallClock));
                }
                stage = stage.crashAndRestart();
            }
        }
        // The stream goes quiet: idle heartbeats close every window, then a last commit.
        for (int i = 0; i < 30; i++) {
            wallClock += 300;
            stage.heartbeat(wallClock);
        }
        stage.commit(position);

        long profiled = 0;
        long late = 0;
        Set<WindowKey> sent = new HashSet<>();
        for (BusMessage m : stage.committedOutput) {
            if (m instanceof BusMessage.PartialWindow p) {
                profiled += CODEC.decode(p.profile()).events();
                assertThat(sent.add(p.window())).as("window %s sent again", p.window()).isTrue();
                assertThat(layouts.current().startOf(p.window().windowStart())).as("window %s is one of the last layout %s",
                    p.window(), layouts.current().encode()).isEqualTo(p.window().windowStart());
            } else if (m instanceof BusMessage.LateEvents l) {
                late += l.count();
            }
        }
        assertThat(profiled + late).as("events profiled (%d) plus counted late (%d)", profiled, late).isEqualTo(inputs);
        assertThat(stage.openWindows()).as("windows still open after the stream went quiet").isZero();
    }

    /** One run of the processor, from a start on committed stores to its crash. */
    private static final class Incarnation {
        final FirstStageIncarnation stage;
        final List<BusMessage> committedOutput;
        int committedPosition;
        final AgreedWindowLayout layout;
        Committed committed;

        Incarnation(Committed state, int position, AgreedWindowLayout layout) {
            this(state, position, new ArrayList<>(), layout);
        }

        private Incarnation(Committed state, int position, List<BusMessage> committedOutput, AgreedWindowLayout layout) {
            this.committedOutput = committedOutput;
            this.committedPosition = position;
            this.committed = state;
            this.layout = layout;
            this.stage = new FirstStageIncarnation(new TaskId(0, 0), state, 0, 1, WINDOWS, layout,
                InputEndOffsets.alwaysCaughtUp());
        }

        void process(int offset, long eventTime, long wallClock) {
            stage.process(offset, offset % 3 == 0 ? "m1" : "m2", eventTime, wallClock);
        }

        void heartbeat(long wallClock) {
            stage.heartbeat(wallClock);
        }

        /** What exactly-once commits atomically: the stores as flushed, the output so far, the input position. */
        void commit(int position) {
            committed = stage.commit();
            stage.sent().forEach(r -> committedOutput.add(r.value()));
            committedPosition = position;
        }

        /** A new processor on the committed stores, cutting windows by the layout as the log now has it. */
        Incarnation crashAndRestart() {
            return new Incarnation(committed, committedPosition, committedOutput, layout);
        }

        int openWindows() {
            return stage.openWindows();
        }
    }
}
