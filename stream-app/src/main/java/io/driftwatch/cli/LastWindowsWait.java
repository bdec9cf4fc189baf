package io.driftwatch.cli;

import io.driftwatch.cli.LastEventTimes.ModelVersion;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's wait, once the monitor has read everything its traffic sent ({@link MonitorCatchUp}), for the story's last
 * alerts to be told. The last windows close only when no event has come for {@code window.idle.timeout}; their alerts,
 * and the comparison decisions that follow from their reports, reach the console through the stages' transactions and
 * the console's alert watcher. A fixed pause was too short on a busy machine and longer than needed on an idle one. It
 * waits, up to a deadline, until
 * <ol>
 *   <li>every model version has a report of the window that holds its last event (the in-process gauges);</li>
 *   <li>then, {@value #STAGE_ROUNDS} times, the stages have committed everything on their internal topics that was
 *   committed when the round began: the first round ends the transaction of the last reports (the merge stage read and
 *   committed past what closed their windows), the second the comparison stage's work on them;</li>
 *   <li>then the alert watcher has read the alerts topic to what was committed there.</li>
 * </ol>
 * Offsets are compared with transaction markers in mind: a partition whose last record is a commit marker ends one
 * past it, and a consumer that has processed every record before the marker may not have committed past it, so a
 * position one short of the end counts as read.
 */
final class LastWindowsWait {

    static final int STAGE_ROUNDS = 2;

    /** What the wait ended with. */
    enum Outcome { TOLD, DEADLINE, STOPPED }

    /** What the wait looks at. */
    interface View {
        /** End of the newest reported window of a model version, epoch milliseconds; {@link Long#MIN_VALUE} for none. */
        long reportedThrough(ModelVersion version);

        /** End offsets, for read-committed consumers, of the internal topics the stages read; none when unknown. */
        Map<TopicPartition, Long> stagesCommittedEnd();

        /** The stages' committed offsets on those topics. */
        Map<TopicPartition, Long> stagesCommitted();

        /** End offsets of the alerts topic for read-committed consumers; none when unknown. */
        Map<TopicPartition, Long> alertsCommittedEnd();

        /** The alert watcher's positions. */
        Map<TopicPartition, Long> alertsRead();
    }

    private LastWindowsWait() {
    }

    /**
     * Looks every {@code every} until the alerts of the windows holding {@code lastSent} are told, or {@code deadline}
     * has passed.
     *
     * @param lastSent the newest event time sent of each model version, epoch milliseconds
     * @param stopped  whether the user has asked the demo to stop (Ctrl-C), which ends the wait at the next look
     */
    static Outcome await(Map<ModelVersion, Long> lastSent, View view, Duration deadline, Duration every,
                         BooleanSupplier stopped, Consumer<String> console, MonitorCatchUp.Sleeper sleeper)
        throws InterruptedException {
        long looks = Math.max(1, deadline.toMillis() / Math.max(1, every.toMillis()));
        int round = -1; // -1: waiting for the reports; 0..STAGE_ROUNDS-1: the stages; STAGE_ROUNDS: the watcher
        Map<TopicPartition, Long> target = Map.of();
        for (long look = 0; ; look++) {
            if (stopped.getAsBoolean()) {
                return Outcome.STOPPED;
            }
            if (round < 0 && lastSent.entrySet().stream().allMatch(e -> view.reportedThrough(e.getKey()) > e.getValue())) {
                round = 0;
            }
            // An empty target is a broker that did not answer: it is asked again at each look.
            if (round >= 0 && round < STAGE_ROUNDS && target.isEmpty()) {
                target = view.stagesCommittedEnd();
            }
            while (round >= 0 && round < STAGE_ROUNDS && !target.isEmpty() && reached(view.stagesCommitted(), target)) {
                round++;
                target = round < STAGE_ROUNDS ? view.stagesCommittedEnd() : view.alertsCommittedEnd();
            }
            if (round == STAGE_ROUNDS && target.isEmpty()) {
                target = view.alertsCommittedEnd();
            }
            if (round == STAGE_ROUNDS && !target.isEmpty() && reached(view.alertsRead(), target)) {
                return Outcome.TOLD;
            }
            if (look >= looks) {
                console.accept("The last windows' alerts were not all told after " + deadline.toSeconds()
                    + " s; stopping anyway.");
                return Outcome.DEADLINE;
            }
            sleeper.sleep(every);
        }
    }

    /** Whether {@code positions} have reached {@code ends}, a position one short of its end (a trailing marker) included. */
    static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
    }
}
