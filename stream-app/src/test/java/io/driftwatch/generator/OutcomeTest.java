package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.OutcomeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void coverageAndLogNormalDelayAsConfigured() {
        ModelSpec model = DemoSchedule.churnPredictor().toBuilder()
            .labels(new LabelSpec(0.65, Duration.ofSeconds(40), 0.5)).errorRate(0).build().withScenarios(List.of());
        int n = 40_000;
        List<GeneratedEvent> events = Generated.events(model, 31, n, 100);
        List<GeneratedEvent> labelled = events.stream().filter(e -> e.outcome() != null).toList();
        assertThat(labelled.size() / (double) n).isCloseTo(0.65, within(4 * Math.sqrt(0.65 * 0.35 / n)));
        double[] logDelays = labelled.stream().mapToDouble(e ->
            Math.log(Duration.between(e.prediction().getEventTime(), e.outcomeDue()).toMillis())).toArray();
        int m = logDelays.length;
        assertThat(Math.exp(Generated.median(logDelays))).isCloseTo(40_000, within(40_000 * 4 * 1.2533 * 0.5 / Math.sqrt(m)));
        assertThat(Generated.sd(logDelays)).isCloseTo(0.5, within(4 * 0.5 / Math.sqrt(2.0 * m)));
        for (GeneratedEvent e : labelled) {
            OutcomeEvent o = e.outcome();
            assertThat(o.getPredictionId()).isEqualTo(e.prediction().getPredictionId());
            assertThat(o.getModelId()).isEqualTo("churn-predictor");
            assertThat(o.getModelVersion()).isEqualTo("3");
            assertThat(o.getLabel()).isIn("0", "1");
            assertThat(o.getValue()).isNull();
        }
    }

    @Test
    void fixedDelayWhenSigmaIsZeroAndRegressionOutcomesCarryValues() {
        ModelSpec model = DemoSchedule.deliveryEta().toBuilder()
            .labels(new LabelSpec(1, Duration.ofSeconds(7), 0)).errorRate(0).build();
        for (GeneratedEvent e : Generated.events(model, 32, 500, 10)) {
            assertThat(e.outcomeDue()).isEqualTo(e.prediction().getEventTime().plusSeconds(7));
            assertThat(e.outcome().getValue()).isNotNull();
            assertThat(e.outcome().getLabel()).isNull();
        }
    }

    @Test
    void queueReleasesInDueOrderWithTiesInArrivalOrder() {
        OutcomeDelayQueue q = new OutcomeDelayQueue();
        q.offer(outcome("c", 30));
        q.offer(outcome("a", 10));
        q.offer(outcome("b1", 20));
        q.offer(outcome("b2", 20));
        assertThat(q.nextDue()).isEqualTo(START.plusSeconds(10));
        assertThat(q.pollDue(START.plusSeconds(9))).isEmpty();
        assertThat(q.pollDue(START.plusSeconds(20))).extracting(OutcomeEvent::getPredictionId).containsExactly("a", "b1", "b2");
        assertThat(q.size()).isEqualTo(1);
        q.offer(outcome("d", 25));
        q.offer(outcome("e", 25));
        assertThat(q.poll().getPredictionId()).isEqualTo("d");
        assertThat(q.drain()).extracting(OutcomeEvent::getPredictionId).containsExactly("e", "c");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.nextDue()).isNull();
        assertThat(q.poll()).isNull();
    }

    private static OutcomeEvent outcome(String id, int dueSeconds) {
        Instant due = START.plusSeconds(dueSeconds);
        return new OutcomeEvent(id, "m", "1", due, "1", null);
    }
}
