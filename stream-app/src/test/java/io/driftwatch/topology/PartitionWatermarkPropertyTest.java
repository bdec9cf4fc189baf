package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Properties of a first-stage partition's watermark over random histories: start delays, idle
 * periods, broker outages (during which the producers buffer and afterwards flush), restarts of
 * the task (state restored, with the close time of the last window sent, then a delay before the
 * consumer's first fetch of the backlog), dead letters, transaction markers, in half the histories a
 * second on-time producer with a buffer of its own (flushed after the first's or before it, so that
 * the partition holds an outage's events twice from its start), a producer whose
 * clock is an hour behind (its events are late, and it never stops), one whose clock is
 * ahead by a second to a day (within what ingest accepts), and window, grace, idle, heartbeat and
 * {@code window.max.lead} settings drawn at random. Events are fed to the watermark as
 * {@link PartialProfileProcessor} does: a late one as a record read, not as an event, and until the
 * broker first answers for the task, with its view.
 *
 * <ul>
 *   <li>No event is ever counted late when it arrives before its window's end plus grace (less the
 *       allowed lead, which a producer ahead may take), whatever the producer ahead stamps, nor when
 *       it was buffered by its producer during a broker outage and sent when the broker came back,
 *       nor when it waited in the partition while the task restarted. Late means: its window had
 *       closed by the largest watermark the partition ever reported (across restarts).</li>
 *   <li>The watermark never runs ahead of the wall clock by more than the allowed lead.</li>
 *   <li>Liveness: once the producer has stopped for good and the broker answers, the watermark passes
 *       the end plus grace of every window that had events, so every window closes, however many late
 *       events the stale producer sends meanwhile.</li>
 * </ul>
 *
 * Each history is simulated in 10 ms steps against a model broker whose end offset counts records and
 * transaction markers, and which keeps the position the task commits every 100 ms (past trailing
 * markers once read to the end, as Kafka Streams commits), queried at every heartbeat through the
 * same {@link EndOffsetHistory} the application uses. A failure names its seed.
 */
class PartitionWatermarkPropertyTest {

    private static final int HISTORIES = 1000;
    private static final long STEP = 10;

    @Test
    void noEventWithinGraceOrBufferedDuringAnOutageIsLateAndEveryWindowCloses() {
        for (long seed = 1; seed <= HISTORIES; seed++) {
            Scenario s = Scenario.random(new Random(seed));
            Outcome o = simulate(s, new Random(seed * 31 + 7));
            String where = "seed " + seed + ": " + s;
            assertThat(o.aheadOfClock).as("watermark ahead of the wall clock, " + where).isEmpty();
            assertThat(o.lateWithinGrace).as("events late although they arrived within grace, " + where).isEmpty();
            assertThat(o.lateBuffered).as("events buffered during an outage counted late, " + where).isEmpty();
            assertThat(o.finalWatermark).as("watermark at the end, " + where).isGreaterThanOrEqualTo(o.lastCloseTime);
            assertThat(o.events).as("events simulated, " + where).isPositive();
        }
    }

    @Test
    void aWatermarkThatFollowsEveryEventLosesOnTimeEventsToAProducerAhead() {
        // Control: fed as events, the producer ahead's records carry the watermark with their stamps, and the on-time
        // producer's events are late, although they arrived within grace.
        Tally t = control(s -> s.aheadRatePerMs != 0, Scenario::withAheadAsEvents, o -> !o.lateWithinGrace.isEmpty());
        assertThat(t.histories()).as("histories with a producer ahead").isGreaterThan(HISTORIES / 5);
        assertThat(t.failing()).as("of them, histories with on-time events late").isGreaterThan(t.histories() / 2);
    }

    @Test
    void countingLateEventsAsActivityFailsLiveness() {
        // Control: a late event that resets the idle timer, as it did, keeps the partition from ever being idle
        // while the stale producer sends, and the last windows from closing.
        Tally t = control(s -> s.staleRatePerMs != 0, Scenario::withLateAsActivity, o -> o.finalWatermark < o.lastCloseTime);
        assertThat(t.histories()).as("histories with a stale producer").isGreaterThan(HISTORIES / 5);
        assertThat(t.failing()).as("of them, histories whose last window never closes").isGreaterThan(t.histories() / 2);
    }

    @Test
    void aWatermarkThatIgnoresPastOutagesLosesTheEventsASecondProducerBuffered() {
        // Control: without the hold after an outage, the first producer to flush carries the watermark through the
        // outage, and the second producer's buffered events of the windows it closed are late.
        Tally t = control(s -> s.twoProducers && !s.outages.isEmpty(), Scenario::withOutagesForgotten,
            o -> !o.lateBuffered.isEmpty());
        assertThat(t.histories()).as("histories with two producers and an outage").isGreaterThan(HISTORIES / 10);
        assertThat(t.failing()).as("of them, histories with buffered events late").isGreaterThan(t.histories() / 5);
    }

    @Test
    void theOldRuleFailsTheseProperties() {
        // Control: a watermark that jumps to the wall clock after the idle timeout whatever the broker
        // says (the rule before the broker's end offsets were consulted) makes buffered events late.
        Tally t = control(s -> true, Scenario::withBrokerIgnored,
            o -> !o.lateBuffered.isEmpty() || !o.lateWithinGrace.isEmpty());
        assertThat(t.failing()).as("histories where ignoring the broker loses events").isGreaterThan(HISTORIES / 20);
    }

    /** Of the histories a control applies to, how many fail with the rule it goes back to. */
    private record Tally(int histories, int failing) {}

    /** Simulates, for each history that {@code applies}, its {@code variant}, and counts those that {@code fail}. */
    private static Tally control(Predicate<Scenario> applies, UnaryOperator<Scenario> variant, Predicate<Outcome> fail) {
        int histories = 0;
        int failing = 0;
        for (long seed = 1; seed <= HISTORIES; seed++) {
            Scenario s = Scenario.random(new Random(seed));
            if (!applies.test(s)) {
                continue;
            }
            histories++;
            if (fail.test(simulate(variant.apply(s), new Random(seed * 31 + 7)))) {
                failing++;
            }
        }
        return new Tally(histories, failing);
    }

    /** One random history. Times in milliseconds from the task's start. */
    record Scenario(long size, long grace, long idle, long heartbeat, long startDelay, long duration, double ratePerMs,
                    List<long[]> pauses, List<long[]> outages, List<long[]> restarts, long flushDelay, long maxJitter,
                    double garbage, double markers, boolean brokerIgnored, double staleRatePerMs,
                    boolean lateAsActivity, double aheadRatePerMs, long aheadBy, long maxLead, boolean aheadAsEvents,
                    boolean twoProducers, long secondFlushDelay, boolean outagesForgotten) {

        static Scenario random(Random r) {
            long size = pick(r, 1_000, 2_000, 5_000, 10_000, 30_000);
            long grace = (long) (r.nextDouble() * size);
            long idle = pick(r, 1_000, 3_000, 10_000, 30_000);
            long heartbeat = pick(r, 100, 200, 500, 1_000);
            long startDelay = (long) (r.nextDouble() * 120_000);
            long duration = startDelay + 60_000 + (long) (r.nextDouble() * 180_000);
            List<long[]> pauses = intervals(r, startDelay, duration, 3, 90_000);
            List<long[]> outages = intervals(r, 0, duration, 2, 90_000);
            // A restart: down from [0] until the task is restored at [1]; its first fetch comes at [2].
            List<long[]> restarts = new ArrayList<>();
            for (long[] down : intervals(r, 0, duration, 2, 60_000)) {
                restarts.add(new long[] {down[0], down[1], down[1] + (long) (r.nextDouble() * 3 * idle)});
            }
            // Producers flush what they buffered within the idle timeout of the broker's return.
            long flushDelay = (long) (r.nextDouble() * Math.min(5_000, idle - 1));
            long maxJitter = Math.min(grace, (long) (r.nextDouble() * 2_000));
            double rate = 0.005 + r.nextDouble() * 0.1;
            double garbage = r.nextDouble() < 0.3 ? r.nextDouble() * 0.5 : 0;
            double markers = r.nextDouble() < 0.3 ? 0.5 : 0;
            // Drawn last, so that the other settings of each seed are those drawn before the stale producer existed.
            double stale = r.nextDouble() < 0.3 ? 0.0002 + r.nextDouble() * 0.002 : 0;
            // The same for the producer ahead and the lead allowed.
            double ahead = r.nextDouble() < 0.3 ? 0.0002 + r.nextDouble() * 0.002 : 0;
            long aheadBy = 1_000 + (long) (r.nextDouble() * 86_400_000L);
            long maxLead = r.nextBoolean() ? 0 : (long) (r.nextDouble() * grace);
            // And a second on-time producer with a buffer of its own, flushed after its own delay.
            boolean two = r.nextBoolean();
            long secondFlushDelay = (long) (r.nextDouble() * Math.min(5_000, idle - 1));
            return new Scenario(size, grace, idle, heartbeat, startDelay, duration, rate, pauses, outages, restarts,
                flushDelay, maxJitter, garbage, markers, false, stale, false, ahead, aheadBy, maxLead, false, two,
                secondFlushDelay, false);
        }

        Scenario withOutagesForgotten() {
            return new Scenario(size, grace, idle, heartbeat, startDelay, duration, ratePerMs, pauses, outages, restarts,
                flushDelay, maxJitter, garbage, markers, brokerIgnored, staleRatePerMs, lateAsActivity, aheadRatePerMs,
                aheadBy, maxLead, aheadAsEvents, twoProducers, secondFlushDelay, true);
        }

        Scenario withBrokerIgnored() {
            return new Scenario(size, grace, idle, heartbeat, startDelay, duration, ratePerMs, pauses, outages, restarts,
                flushDelay, maxJitter, garbage, markers, true, staleRatePerMs, lateAsActivity, aheadRatePerMs, aheadBy,
                maxLead, aheadAsEvents, twoProducers, secondFlushDelay, outagesForgotten);
        }

        Scenario withLateAsActivity() {
            return new Scenario(size, grace, idle, heartbeat, startDelay, duration, ratePerMs, pauses, outages, restarts,
                flushDelay, maxJitter, garbage, markers, brokerIgnored, staleRatePerMs, true, aheadRatePerMs, aheadBy,
                maxLead, aheadAsEvents, twoProducers, secondFlushDelay, outagesForgotten);
        }

        Scenario withAheadAsEvents() {
            return new Scenario(size, grace, idle, heartbeat, startDelay, duration, ratePerMs, pauses, outages, restarts,
                flushDelay, maxJitter, garbage, markers, brokerIgnored, staleRatePerMs, lateAsActivity, aheadRatePerMs,
                aheadBy, maxLead, true, twoProducers, secondFlushDelay, outagesForgotten);
        }

        boolean in(List<long[]> intervals, long t) {
            for (long[] i : intervals) {
                if (t >= i[0] && t < i[1]) {
                    return true;
                }
            }
            return false;
        }

        private static List<long[]> intervals(Random r, long from, long to, int max, long maxLength) {
            List<long[]> out = new ArrayList<>();
            int n = r.nextInt(max + 1);
            for (int i = 0; i < n; i++) {
                long start = from + (long) (r.nextDouble() * (to - from));
                out.add(new long[] {start, start + 1_000 + (long) (r.nextDouble() * maxLength)});
            }
            return out;
        }

        private static long pick(Random r, long... values) {
            return values[r.nextInt(values.length)];
        }

        @Override
        public String toString() {
            return "size=" + size + " grace=" + grace + " idle=" + idle + " heartbeat=" + heartbeat + " start=" + startDelay
                + " duration=" + duration + " outages=" + outages.stream().map(i -> i[0] + "-" + i[1]).toList()
                + " pauses=" + pauses.stream().map(i -> i[0] + "-" + i[1]).toList()
                + " restarts=" + restarts.stream().map(i -> i[0] + "-" + i[1] + "/" + i[2]).toList()
                + " stale/ms=" + staleRatePerMs + " ahead/ms=" + aheadRatePerMs + " aheadBy=" + aheadBy
                + " maxLead=" + maxLead + (twoProducers ? " two producers, second flushes after " + secondFlushDelay : "");
        }
    }

    static final class Outcome {
        final List<String> aheadOfClock = new ArrayList<>();
        final List<String> lateWithinGrace = new ArrayList<>();
        final List<String> lateBuffered = new ArrayList<>();
        long finalWatermark;
        long lastCloseTime = Long.MIN_VALUE;
        int events;
    }

    /**
     * A record on its way from the producer (offset -1) or in the broker's log; other: from the producer an hour behind
     * or the one ahead, whose windows are not the on-time producer's.
     */
    private record Pending(long eventTime, boolean valid, boolean buffered, boolean other, long offset) {
        Pending at(long logOffset) {
            return new Pending(eventTime, valid, buffered, other, logOffset);
        }
    }

    private static final long STALE_LAG = 3_600_000;

    private static Outcome simulate(Scenario s, Random r) {
        Outcome out = new Outcome();
        PartitionWatermark wm = new PartitionWatermark(s.idle, 0, Long.MIN_VALUE);
        long reported = Long.MIN_VALUE; // the largest watermark the partition ever reported: windows up to it are closed
        EndOffsetHistory broker = new EndOffsetHistory(s.idle);
        Deque<Pending> producerBuffer = new ArrayDeque<>();
        Deque<Pending> secondBuffer = new ArrayDeque<>(); // the second on-time producer's
        Deque<Pending> log = new ArrayDeque<>(); // appended, not yet consumed
        long logEnd = 0;
        long committed = 0;
        long outageEndedAt = Long.MIN_VALUE;
        boolean wasDown = false;
        long[] restart = null;
        long lastFetch = s.restarts.stream().mapToLong(rs -> rs[2]).max().orElse(0);
        long quietEnd = Math.max(s.duration, lastFetch) + s.size + s.grace + 3 * s.idle + 5 * s.heartbeat;
        for (long now = 0; now <= quietEnd; now += STEP) {
            boolean up = !s.in(s.outages, now) || now >= s.duration;
            if (!up) {
                wasDown = true;
            } else if (wasDown) {
                wasDown = false;
                outageEndedAt = now;
            }
            for (long[] rs : s.restarts) {
                if (now == rs[0] / STEP * STEP && rs[0] < s.duration) {
                    restart = rs;
                }
            }
            boolean running = restart == null || now >= restart[1];
            boolean fetching = restart == null || now >= restart[2];
            if (restart != null && now == restart[1] / STEP * STEP) {
                // The task is restored with the close time of the last window it sent (PartialProfileProcessor keeps it
                // in a store) and starts afresh from there.
                long closedUpTo = reported == Long.MIN_VALUE ? Long.MIN_VALUE
                    : Math.floorDiv(reported - s.grace, s.size) * s.size + s.grace;
                wm = new PartitionWatermark(s.idle, now, closedUpTo);
            }
            if (restart != null && now >= restart[2]) {
                restart = null;
            }
            // Produce.
            if (now >= s.startDelay && now < s.duration && !s.in(s.pauses, now)) {
                int n = poisson(r, s.ratePerMs * STEP);
                for (int i = 0; i < n; i++) {
                    long eventTime = now - (long) (r.nextDouble() * s.maxJitter);
                    Pending made = new Pending(eventTime, r.nextDouble() >= s.garbage, !up, false, -1);
                    (s.twoProducers && r.nextBoolean() ? secondBuffer : producerBuffer).addLast(made);
                }
            }
            if (s.staleRatePerMs > 0) {
                for (int i = poisson(r, s.staleRatePerMs * STEP); i > 0; i--) {
                    producerBuffer.addLast(new Pending(now - STALE_LAG, true, !up, true, -1));
                }
            }
            if (s.aheadRatePerMs > 0) {
                for (int i = poisson(r, s.aheadRatePerMs * STEP); i > 0; i--) {
                    producerBuffer.addLast(new Pending(now + s.aheadBy, true, !up, true, -1));
                }
            }
            // Send: a producer sends at once while the broker is up, and flushes its buffer after an outage.
            if (up && (outageEndedAt == Long.MIN_VALUE || now >= outageEndedAt + s.flushDelay)) {
                boolean markerAfterBatch = false;
                while (!producerBuffer.isEmpty()) {
                    log.addLast(producerBuffer.pollFirst().at(logEnd++));
                    markerAfterBatch = true;
                }
                if (markerAfterBatch && r.nextDouble() < s.markers) {
                    logEnd++; // a transaction marker takes an offset and is never delivered
                }
            }
            if (up && (outageEndedAt == Long.MIN_VALUE || now >= outageEndedAt + s.secondFlushDelay)) {
                while (!secondBuffer.isEmpty()) {
                    log.addLast(secondBuffer.pollFirst().at(logEnd++));
                }
            }
            // Consume and process everything appended (the task reads while the broker is up).
            if (up && running && fetching) {
                while (!log.isEmpty()) {
                    Pending p = log.pollFirst();
                    if (!p.valid) {
                        wm.onRecordSkipped(p.offset);
                        continue;
                    }
                    long windowStart = Math.floorDiv(p.eventTime, s.size) * s.size;
                    long closeTime = windowStart + s.size + s.grace;
                    if (!p.other) {
                        out.events++;
                        out.lastCloseTime = Math.max(out.lastCloseTime, closeTime);
                        boolean late = closeTime <= Math.max(reported, wm.value());
                        if (late && now < closeTime - s.maxLead) {
                            out.lateWithinGrace.add("event@" + p.eventTime + " arrived " + now + " wm " + wm.value());
                        }
                        if (late && p.buffered) {
                            out.lateBuffered.add("event@" + p.eventTime + " arrived " + now + " wm " + wm.value());
                        }
                    }
                    // As PartialProfileProcessor does: a late event, or one stamped ahead of the clock by more than the
                    // lead allowed, is read, and is no sign of activity.
                    boolean ahead = p.eventTime > now + s.maxLead && !s.aheadAsEvents;
                    if ((closeTime <= wm.value() && !s.lateAsActivity) || ahead) {
                        wm.onRecordSkipped(p.offset);
                    } else {
                        if (!wm.brokerAnswered()) {
                            wm.follow(view(s, broker), now);
                        }
                        wm.onEvent(p.eventTime, p.offset, now);
                    }
                    reported = Math.max(reported, wm.value());
                }
            }
            if (up && running && now % 100 == 0) {
                // Kafka Streams commits the next offset to read, or its position past trailing markers when read to the end.
                committed = log.isEmpty() ? logEnd : log.peekFirst().offset;
            }
            if (now % s.heartbeat == 0) {
                if (up) {
                    broker.answered(now, logEnd, committed);
                } else {
                    broker.failed();
                }
                if (running) {
                    wm.onHeartbeat(now, view(s, broker));
                    reported = Math.max(reported, wm.value());
                    if (wm.value() != Long.MIN_VALUE && wm.value() > now + s.maxLead) {
                        out.aheadOfClock.add("wm " + wm.value() + " at " + now);
                    }
                }
            }
        }
        out.finalWatermark = reported;
        if (out.events == 0) {
            out.lastCloseTime = Long.MIN_VALUE;
        }
        return out;
    }

    /** What the watermark is told of the broker, as the scenario has it. */
    private static Optional<InputEndOffsets.PartitionEnd> view(Scenario s, EndOffsetHistory broker) {
        if (s.brokerIgnored) {
            return InputEndOffsets.alwaysCaughtUp().of("t", 0);
        }
        return s.outagesForgotten
            ? broker.view().map(v -> new InputEndOffsets.PartitionEnd(v.reachableSince(), v.endOffset(), v.committedOffset()))
            : broker.view();
    }

    private static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
