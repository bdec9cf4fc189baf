package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it is sent with the fake time of sending; each send costs {@code costNanos} of fake time. */
class RecordingSink implements EventSink {

    record Sent<T>(long nanos, T event) {}

    private final FakePacingClock clock;
    private final long costNanos;
    final List<Sent<PredictionEvent>> predictions = new ArrayList<>();
    final List<Sent<OutcomeEvent>> outcomes = new ArrayList<>();
    int flushes;

    RecordingSink(FakePacingClock clock, long costNanos) {
        this.clock = clock;
        this.costNanos = costNanos;
    }

    @Override
    public void sendPrediction(PredictionEvent prediction) {
        predictions.add(new Sent<>(clock == null ? 0 : clock.nanoTime(), prediction));
        if (clock != null) {
            clock.advance(costNanos);
        }
    }

    @Override
    public void sendOutcome(OutcomeEvent outcome) {
        outcomes.add(new Sent<>(clock == null ? 0 : clock.nanoTime(), outcome));
        if (clock != null) {
            clock.advance(costNanos);
        }
    }

    @Override
    public void flush() {
        flushes++;
    }
}
