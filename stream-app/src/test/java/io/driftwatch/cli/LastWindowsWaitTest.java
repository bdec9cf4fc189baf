package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.cli.LastEventTimes.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The demo's last wait, against a scripted monitor: one look per sleep, no real time. */
class LastWindowsWaitTest {

    private static final ModelVersion FRAUD = new ModelVersion("fraud-detector", "1");
    private static final ModelVersion ETA = new ModelVersion("delivery-eta", "1");
    private static final TopicPartition BUS = new TopicPartition("driftwatch-model-bus", 0);
    private static final TopicPartition COMPARE = new TopicPartition("driftwatch-comparison-input", 0);
    private static final TopicPartition ALERTS = new TopicPartition("driftwatch-alerts", 0);
    private static final Duration EVERY = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The monitor as the wait sees it, changed by the test between looks. */
    private static final class Monitor implements LastWindowsWait.View {
        final Map<ModelVersion, Long> reported = new HashMap<>();
        final Map<TopicPartition, Long> stagesEnd = new HashMap<>(Map.of(BUS, 0L, COMPARE, 0L));
        final Map<TopicPartition, Long> stagesCommitted = new HashMap<>(Map.of(BUS, 0L, COMPARE, 0L));
        long alertsEnd;
        long alertsRead;
        boolean brokerAnswers = true;

        @Override
        public long reportedThrough(ModelVersion version) {
            return reported.getOrDefault(version, Long.MIN_VALUE);
        }

        @Override
        public Map<TopicPartition, Long> stagesCommittedEnd() {
            return brokerAnswers ? Map.copyOf(stagesEnd) : Map.of();
        }

        @Override
        public Map<TopicPartition, Long> stagesCommitted() {
            return Map.copyOf(stagesCommitted);
        }

        @Override
        public Map<TopicPartition, Long> alertsCommittedEnd() {
            return brokerAnswers ? Map.of(ALERTS, alertsEnd) : Map.of();
        }

        @Override
        public Map<TopicPartition, Long> alertsRead() {
            return Map.of(ALERTS, alertsRead);
        }
    }

    private final Monitor monitor = new Monitor();
    private final List<String> console = new ArrayList<>();
    private int looks;

    /**
     * The story's end as it happens: the last windows are reported while their transaction is open; the merge stage
     * commits it (its reports reach the comparison stage's input, its alerts the alerts topic); the comparison stage
     * decides and commits; the watcher reads the decision. The wait ends only then.
     */
    @Test
    void waitsForTheReportsThenEachStagesCommitThenTheWatcher() throws Exception {
        monitor.stagesEnd.put(BUS, 100L); // the bus up to the heartbeat that closes the windows, committed
        monitor.stagesCommitted.put(BUS, 90L);
        LastWindowsWait.Outcome outcome = LastWindowsWait.await(Map.of(FRAUD, 20_400L, ETA, 21_900L), monitor, DEADLINE,
            EVERY, () -> false, console::add, d -> {
                looks++;
                switch (looks) {
                    case 1 -> {
                        monitor.reported.put(FRAUD, 25_000L); // eta's window with its last event is not closed yet
                        monitor.reported.put(ETA, 20_000L);
                    }
                    case 2 -> monitor.reported.put(ETA, 25_000L); // the merge stage's transaction is still open
                    case 3 -> {
                        // The merge stage commits: past the bus's committed end of look 2, and its reports (for the
                        // comparison stage) and alerts become visible.
                        monitor.stagesCommitted.put(BUS, 99L); // one short of the end: before the trailing marker
                        monitor.stagesEnd.put(BUS, 104L);
                        monitor.stagesEnd.put(COMPARE, 6L);
                        monitor.alertsEnd = 3;
                    }
                    case 5 -> {
                        monitor.stagesCommitted.put(COMPARE, 6L); // the comparison stage decided and committed
                        monitor.stagesCommitted.put(BUS, 104L); // the merge stage keeps up with the heartbeats
                        monitor.alertsEnd = 5;
                    }
                    case 6 -> monitor.alertsRead = 3; // the watcher has printed the merge stage's alerts only
                    case 7 -> monitor.alertsRead = 5;
                    default -> {
                    }
                }
            });
        assertThat(outcome).isEqualTo(LastWindowsWait.Outcome.TOLD);
        assertThat(looks).isEqualTo(7);
        assertThat(console).isEmpty();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsAskedAgain() throws Exception {
        monitor.reported.put(FRAUD, 25_000L);
        monitor.brokerAnswers = false;
        LastWindowsWait.Outcome outcome = LastWindowsWait.await(Map.of(FRAUD, 20_400L), monitor, DEADLINE, EVERY,
            () -> false, console::add, d -> monitor.brokerAnswers = ++looks >= 3);
        assertThat(outcome).isEqualTo(LastWindowsWait.Outcome.TOLD);
        assertThat(looks).isEqualTo(3);
    }

    @Test
    void stopsAtTheDeadlineAndSaysSoWhenAVersionsLastWindowIsNeverReported() throws Exception {
        monitor.reported.put(FRAUD, 25_000L);
        LastWindowsWait.Outcome outcome = LastWindowsWait.await(Map.of(FRAUD, 20_400L, ETA, 21_900L), monitor, DEADLINE,
            EVERY, () -> false, console::add, d -> looks++);
        assertThat(outcome).isEqualTo(LastWindowsWait.Outcome.DEADLINE);
        assertThat(looks).isEqualTo(120);
        assertThat(console).singleElement().asString().contains("not all told after 60 s");
    }

    @Test
    void ctrlCEndsTheWaitAtTheNextLookWithoutAWord() throws Exception {
        boolean[] stopped = {false};
        LastWindowsWait.Outcome outcome = LastWindowsWait.await(Map.of(FRAUD, 20_400L), monitor, DEADLINE, EVERY,
            () -> stopped[0], console::add, d -> stopped[0] = ++looks == 3);
        assertThat(outcome).isEqualTo(LastWindowsWait.Outcome.STOPPED);
        assertThat(looks).isEqualTo(3);
        assertThat(console).isEmpty();
    }

    @Test
    void aPositionOneShortOfItsEndIsAtATrailingMarkerAndCountsAsRead() {
        assertThat(LastWindowsWait.reached(Map.of(BUS, 99L), Map.of(BUS, 100L))).isTrue();
        assertThat(LastWindowsWait.reached(Map.of(BUS, 98L), Map.of(BUS, 100L))).isFalse();
        assertThat(LastWindowsWait.reached(Map.of(), Map.of(BUS, 0L))).as("an empty partition").isTrue();
        assertThat(LastWindowsWait.reached(Map.of(), Map.of(BUS, 2L))).isFalse();
    }
}
