package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Pacing, outcome delays and progress of {@link TrafficRunner}, on a fake clock that moves only
 * when the runner parks (plus 50 µs of overshoot per park, as an OS adds) or the sink spends time.
 */
class TrafficRunnerTest {

    private static final long MS = 1_000_000L;

    private static TrafficGenerator generator(LabelSpec labels) {
        ModelSpec model = DemoSchedule.churnPredictor().toBuilder().labels(labels).errorRate(0).build().withScenarios(List.of());
        return new TrafficGenerator(List.of(model), 5, START);
    }

    private static TrafficGenerator generator() {
        return generator(new LabelSpec(0.9, Duration.ofSeconds(2), 0.3));
    }

    @Test
    void sendsAtTheRequestedRateAndReportsEverySecond() {
        FakePacingClock clock = new FakePacingClock(50_000);
        RecordingSink sink = new RecordingSink(clock, 3_000);
        List<Progress> reports = new ArrayList<>();
        RunOptions options = RunOptions.builder().rate(1000).duration(Duration.ofSeconds(10))
            .outcomeFlush(RunOptions.OutcomeFlush.DROP).build();
        RunSummary summary = new TrafficRunner(generator(), sink, options, clock).run(reports::add);

        assertThat(summary.predictionsSent()).isCloseTo(10_000, within(100L));
        assertThat(sink.predictions).hasSize((int) summary.predictionsSent());
        // Every pass of the loop sends or parks for a positive time: no spinning.
        assertThat(clock.parks()).isLessThanOrEqualTo(summary.predictionsSent() + reports.size() + 5);

        List<Progress> periodic = reports.stream().filter(p -> !p.finished()).toList();
        assertThat(periodic).hasSizeBetween(9, 10);
        for (int i = 0; i < periodic.size(); i++) {
            Progress p = periodic.get(i);
            assertThat(p.elapsed().toMillis()).isCloseTo(1000L * (i + 1), within(5L));
            assertThat(p.currentRate()).isCloseTo(1000, within(20.0));
            assertThat(p.averageRate()).isCloseTo(1000, within(20.0));
        }
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.predictionsSent()).isEqualTo(summary.predictionsSent());
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void highRatesGoOutInBurstsWithoutOneParkPerEvent() {
        FakePacingClock clock = new FakePacingClock(50_000);
        RecordingSink sink = new RecordingSink(clock, 2_000);
        RunOptions options = RunOptions.builder().rate(100_000).duration(Duration.ofSeconds(1))
            .outcomeFlush(RunOptions.OutcomeFlush.DROP).build();
        RunSummary summary = new TrafficRunner(generator(), sink, options, clock).run(ProgressListener.none());
        assertThat(summary.predictionsSent()).isCloseTo(100_000, within(1_000L));
        // Parks last at least 1 ms: about 100 events per wake-up, not one.
        assertThat(clock.parks()).isLessThan(summary.predictionsSent() / 50);
    }

    @Test
    void aStalledSinkIsNotFollowedByMoreThanABurst() {
        FakePacingClock clock = new FakePacingClock(0);
        RecordingSink sink = new RecordingSink(clock, 0) {
            @Override
            public void sendPrediction(PredictionEvent prediction) {
                super.sendPrediction(prediction);
                if (predictions.size() == 100) {
                    clock.advance(1_000 * MS); // a one-second stall
                }
            }
        };
        RunOptions options = RunOptions.builder().rate(1000).burst(10).duration(Duration.ofSeconds(3))
            .outcomeFlush(RunOptions.OutcomeFlush.DROP).build();
        new TrafficRunner(generator(), sink, options, clock).run(ProgressListener.none());
        long stallEnd = sink.predictions.get(99).nanos() + 1_000 * MS;
        long rightAfter = sink.predictions.stream().filter(s -> s.nanos() >= stallEnd && s.nanos() < stallEnd + 2 * MS).count();
        // The bucket holds 10 tokens: 10 at once, then 1 per ms.
        assertThat(rightAfter).isBetween(10L, 13L);
        // The lost second is not made up: about 2 s worth in 3 s.
        assertThat(sink.predictions.size()).isCloseTo(2_010, within(30));
    }

    @Test
    void outcomesLeaveAtTheirDueTimeAndTheRunWaitsForThem() {
        FakePacingClock clock = new FakePacingClock(50_000);
        long t0 = clock.nanoTime();
        RecordingSink sink = new RecordingSink(clock, 1_000);
        TrafficGenerator g = generator(new LabelSpec(1, Duration.ofSeconds(2), 0));
        RunOptions options = RunOptions.builder().rate(100).duration(Duration.ofSeconds(5)).build();
        RunSummary summary = new TrafficRunner(g, sink, options, clock).run(ProgressListener.none());

        assertThat(summary.outcomesSent()).isEqualTo(summary.predictionsSent());
        assertThat(summary.outcomesDropped()).isZero();
        for (RecordingSink.Sent<OutcomeEvent> sent : sink.outcomes) {
            long dueNanos = Duration.between(START, sent.event().getEventTime()).toNanos();
            long sentNanos = sent.nanos() - t0;
            assertThat(sentNanos).as("outcome %s", sent.event().getPredictionId())
                .isGreaterThanOrEqualTo(dueNanos).isLessThan(dueNanos + 15 * MS);
        }
        // Predictions for 5 s, then the last outcomes 2 s later.
        assertThat(summary.elapsed().toMillis()).isCloseTo(7_000L, within(20L));
        List<Instant> dueOrder = sink.outcomes.stream().map(s -> s.event().getEventTime()).toList();
        assertThat(dueOrder).isSorted();
    }

    @Test
    void dropAndSendNowDecideTheFateOfWaitingOutcomes() {
        LabelSpec labels = new LabelSpec(1, Duration.ofSeconds(2), 0);
        FakePacingClock clock = new FakePacingClock(0);
        RecordingSink dropSink = new RecordingSink(clock, 0);
        RunSummary dropped = new TrafficRunner(generator(labels), dropSink,
            RunOptions.builder().rate(100).duration(Duration.ofSeconds(5)).outcomeFlush(RunOptions.OutcomeFlush.DROP).build(), clock)
            .run(ProgressListener.none());
        // Outcomes of the last two seconds were still waiting.
        assertThat(dropped.outcomesDropped()).isCloseTo(200, within(3L));
        assertThat(dropped.outcomesSent() + dropped.outcomesDropped()).isEqualTo(dropped.predictionsSent());

        FakePacingClock clock2 = new FakePacingClock(0);
        RecordingSink nowSink = new RecordingSink(clock2, 0);
        RunSummary now = new TrafficRunner(generator(labels), nowSink,
            RunOptions.builder().rate(100).duration(Duration.ofSeconds(5)).outcomeFlush(RunOptions.OutcomeFlush.SEND_NOW).build(), clock2)
            .run(ProgressListener.none());
        assertThat(now.outcomesSent()).isEqualTo(now.predictionsSent());
        assertThat(now.elapsed().toMillis()).isCloseTo(5_000L, within(20L));
    }

    @Test
    void syntheticTimelineSpacesEventsEvenlyAndReleasesOutcomesInStreamOrder() {
        TrafficGenerator g = generator(new LabelSpec(0.8, Duration.ofSeconds(3), 0.5));
        RecordingSink sink = new RecordingSink(null, 0);
        List<Object> stream = new ArrayList<>();
        EventSink ordered = new EventSink() {
            @Override
            public void sendPrediction(PredictionEvent p) {
                sink.sendPrediction(p);
                stream.add(p);
            }

            @Override
            public void sendOutcome(OutcomeEvent o) {
                sink.sendOutcome(o);
                stream.add(o);
            }
        };
        RunOptions options = RunOptions.builder().maxEvents(12_345).timeline(new Timeline.Synthetic(START, 500)).build();
        RunSummary summary = new TrafficRunner(g, ordered, options, PacingClock.system()).run(ProgressListener.none());

        assertThat(summary.predictionsSent()).isEqualTo(12_345);
        for (int i = 0; i < sink.predictions.size(); i++) {
            assertThat(sink.predictions.get(i).event().getEventTime()).isEqualTo(START.plusMillis(2L * i));
        }
        // Every outcome generated is sent (WAIT on a synthetic timeline sends the rest at the end)...
        long generated = Generated.events(generator(new LabelSpec(0.8, Duration.ofSeconds(3), 0.5)), 12_345, 500)
            .stream().filter(e -> e.outcome() != null).count();
        assertThat(summary.outcomesSent()).isEqualTo(generated);
        // ...in due order, never before the stream's time reaches the due time, and at most one
        // unpaced batch (1024 events, 2.048 s of synthetic time) after it; those due after the last
        // prediction follow it.
        List<Instant> dues = stream.stream().filter(o -> o instanceof OutcomeEvent).map(o -> ((OutcomeEvent) o).getEventTime()).toList();
        assertThat(dues).isSorted();
        Instant now = null;
        Instant last = sink.predictions.get(sink.predictions.size() - 1).event().getEventTime();
        for (Object o : stream) {
            if (o instanceof PredictionEvent p) {
                now = p.getEventTime();
            } else {
                Instant due = ((OutcomeEvent) o).getEventTime();
                if (now.equals(last)) {
                    assertThat(due).isAfterOrEqualTo(last.minusMillis(1024 * 2 + 2));
                } else {
                    assertThat(due).isBeforeOrEqualTo(now.plusMillis(2)).isAfter(now.minusMillis(1024 * 2 + 2));
                }
            }
        }
    }

    @Test
    void tooManyWaitingOutcomesAreSentEarlyAndCounted() {
        FakePacingClock clock = new FakePacingClock(0);
        RecordingSink sink = new RecordingSink(clock, 0);
        List<Progress> reports = new ArrayList<>();
        // 10,000/s in bursts of 100 that share one timestamp: many outcomes are due at the same instant.
        RunOptions options = RunOptions.builder().rate(10_000).duration(Duration.ofSeconds(1)).maxPendingOutcomes(50)
            .outcomeFlush(RunOptions.OutcomeFlush.DROP).build();
        RunSummary summary = new TrafficRunner(generator(new LabelSpec(1, Duration.ofSeconds(10), 0)), sink, options, clock)
            .run(reports::add);
        assertThat(summary.predictionsSent()).isCloseTo(10_000, within(100L));
        assertThat(summary.outcomesSentEarly()).isEqualTo(summary.predictionsSent() - 50);
        assertThat(summary.outcomesDropped()).isEqualTo(50);
        // Every outcome is either sent or dropped, none lost on the way, and the earliest go first.
        assertThat(sink.outcomes).hasSize((int) summary.outcomesSent());
        assertThat(summary.outcomesSent() + summary.outcomesDropped()).isEqualTo(summary.predictionsSent());
        assertThat(sink.outcomes.stream().map(o -> o.event().getEventTime()).toList()).isSorted();
        assertThat(reports).allSatisfy(p -> assertThat(p.outcomesPending()).isLessThanOrEqualTo(50));
    }

    @Test
    void pacingOnTheRealClockIsNeverFasterThanTheRate() {
        RunOptions options = RunOptions.builder().rate(2000).maxEvents(400).outcomeFlush(RunOptions.OutcomeFlush.DROP).build();
        RunSummary summary = new TrafficRunner(generator(), new RecordingSink(null, 0), options).run(ProgressListener.none());
        // A bucket of 20 plus 380 tokens at 2000/s: at least 0.19 s, whatever the machine's load.
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(189));
        assertThat(summary.predictionsSent()).isEqualTo(400);
    }

    @Test
    void stopEndsAnUnboundedRunPromptly() throws Exception {
        AtomicLong sent = new AtomicLong();
        CountDownLatch hundred = new CountDownLatch(1);
        EventSink counting = new EventSink() {
            @Override
            public void sendPrediction(PredictionEvent p) {
                if (sent.incrementAndGet() == 100) {
                    hundred.countDown();
                }
            }

            @Override
            public void sendOutcome(OutcomeEvent o) {
            }
        };
        TrafficRunner runner = new TrafficRunner(generator(), counting, RunOptions.builder().rate(1000).build());
        AtomicReference<RunSummary> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(runner.run(ProgressListener.none())), "traffic-runner-test");
        thread.start();
        assertThat(hundred.await(10, TimeUnit.SECONDS)).as("100 events sent within 10 s").isTrue();
        runner.stop();
        thread.join(5_000);
        assertThat(thread.isAlive()).as("runner still running 5 s after stop()").isFalse();
        assertThat(result.get().stopped()).isTrue();
        assertThat(result.get().predictionsSent()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void rejectsATimelineThatDoesNotStartWithTheGeneratorAndASecondRun() {
        RunOptions shifted = RunOptions.builder().timeline(Timeline.realTime(START.plusSeconds(1))).build();
        assertThatThrownBy(() -> new TrafficRunner(generator(), new RecordingSink(null, 0), shifted))
            .hasMessageContaining("give both the same start");
        TrafficRunner once = new TrafficRunner(generator(), new RecordingSink(null, 0),
            RunOptions.builder().maxEvents(1).outcomeFlush(RunOptions.OutcomeFlush.DROP).build());
        once.run(ProgressListener.none());
        assertThatThrownBy(() -> once.run(ProgressListener.none())).hasMessageContaining("runs once");
        assertThatThrownBy(() -> RunOptions.builder().rate(-1).build()).hasMessageContaining("rate -1");
    }
}
