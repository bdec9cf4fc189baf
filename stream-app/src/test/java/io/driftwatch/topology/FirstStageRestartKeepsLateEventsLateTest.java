package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.FirstStageIncarnation.Committed;
import io.driftwatch.topology.bus.BusMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event for a window its input partition has already sent is late, also after the first stage restarts or
 * its task moves: the partition's close point is kept in the partial-watermarks store. Without it, the straggler
 * opened a second partial of the window, and while another partition still held the window open in the merge
 * stage, that partial was merged: the window reported 101 events and none late instead of 100 and 1.
 *
 * <p>The first stage of input partition 1 runs on MockProcessorContext (restart = a new processor on the
 * committed stores, as in PartialStageCrashPropertyTest); what it commits is piped into the model bus of a
 * TopologyTestDriver running the real merge stage. Input partition 2 lags behind (its watermarks are piped
 * directly).
 */
class FirstStageRestartKeepsLateEventsLateTest {

    private static final long MINUTE = 60_000;

    private MinuteWindowsRig rig;
    private TestInputTopic<String, BusMessage> bus;

    @BeforeEach
    void start() {
        rig = new MinuteWindowsRig("first-stage-restart", Map.of("baseline.capture", "off", "labels.enabled", "false"),
            new BinaryTopicSerdes(), new SimpleMeterRegistry());
        bus = rig.modelBus();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aStragglerIsLateWithoutARestart() {
        WindowReport r = firstWindow(false);
        assertThat(r.getEventCount()).isEqualTo(100);
        assertThat(r.getLateEventCount()).isEqualTo(1);
    }

    @Test
    void aStragglerIsLateAfterARestartToo() {
        WindowReport r = firstWindow(true);
        assertThat(r.getEventCount()).as("events of window %s, first stage restarted", Instant.ofEpochMilli(T0))
            .isEqualTo(100);
        assertThat(r.getLateEventCount()).isEqualTo(1);
    }

    /** State written before the store existed holds no close point: the first close after the upgrade records it. */
    @Test
    void aStartOnStateWithoutACloseRecordsOneAtTheNextClose() {
        Stage1 p1 = new Stage1(Committed.NONE);
        int offset = 0;
        long wall = T0;
        p1.process(offset++, T0 + 1_000, wall += 10);
        p1.process(offset++, T0 + MINUTE + 10_001, wall += 10); // closes [T0, T0 + 1m)
        p1.commit();
        Committed earlierVersion = new Committed(p1.committed.profiles(), p1.committed.late(), Map.of());
        p1 = new Stage1(earlierVersion);
        p1.process(offset++, T0 + 2 * MINUTE + 10_001, wall += 10); // closes [T0 + 1m, T0 + 2m)
        p1.commit();
        assertThat(p1.committed.watermarks()).containsEntry("predictions-1", T0 + 2 * MINUTE + 10_000);

        p1 = new Stage1(p1.committed);
        p1.process(offset++, T0 + MINUTE + 30_000, wall += 10); // a straggler for [T0 + 1m, T0 + 2m)
        p1.heartbeat(wall += 1000);
        assertThat(p1.commit()).as("sent after the restart")
            .noneMatch(m -> m instanceof BusMessage.PartialWindow)
            .contains(new BusMessage.LateEvents("predictions-1", "fraud", "1", 1));
    }

    private WindowReport firstWindow(boolean restart) {
        long wall = T0;
        // Input partition 2 is behind, inside window T0.
        bus.pipeInput("predictions-2", new BusMessage.Watermark("predictions-2", T0 + 30_000), wall);
        Stage1 p1 = new Stage1(Committed.NONE);
        int offset = 0;
        for (int i = 0; i < 100; i++) {
            p1.process(offset++, T0 + i * 500L, wall += 10);
        }
        p1.process(offset++, T0 + MINUTE + 10_001, wall += 10); // passes T0's end + grace: partial of T0 sent
        p1.commit();
        if (restart) {
            p1 = new Stage1(p1.committed); // a clean restart, a task migration, or a crash after the commit
        }
        p1.process(offset++, T0 + 40_000, wall += 10); // a straggler for T0, after this partition sent T0
        p1.process(offset++, T0 + 2 * MINUTE + 10_001, wall += 10);
        p1.heartbeat(wall += 1000);
        p1.commit();
        // Partition 2 catches up: the merge stage closes T0.
        bus.pipeInput("predictions-2", new BusMessage.Watermark("predictions-2", T0 + 5 * MINUTE), wall);
        List<WindowReport> out = rig.reports.readValuesToList();
        return out.stream().filter(r -> r.getWindowStart().toEpochMilli() == T0).findFirst().orElseThrow();
    }

    /** One incarnation of the first stage of input partition 1, whose commits reach the merge stage. */
    private final class Stage1 {
        final FirstStageIncarnation stage;
        Committed committed;

        Stage1(Committed state) {
            stage = new FirstStageIncarnation(new TaskId(1, 1), state, T0, 3, rig.config.windows(),
                InputEndOffsets.alwaysCaughtUp());
            committed = state;
        }

        void process(int offset, long eventTime, long wall) {
            stage.process(offset, "fraud", eventTime, wall);
        }

        void heartbeat(long wall) {
            stage.heartbeat(wall);
        }

        /** Exactly-once commit: what was forwarded reaches the merge stage with the stores as flushed; returns it. */
        List<BusMessage> commit() {
            committed = stage.commit();
            List<BusMessage> sent = new ArrayList<>();
            for (Record<String, BusMessage> r : stage.sent()) {
                bus.pipeInput(r.key(), r.value(), r.timestamp());
                sent.add(r.value());
            }
            return sent;
        }
    }
}
