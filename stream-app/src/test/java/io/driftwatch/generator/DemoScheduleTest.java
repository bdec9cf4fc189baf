package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScheduleTest {

    @Test
    void fourModelsEachWithItsStory() {
        DemoSchedule demo = DemoSchedule.standard();
        assertThat(demo.models()).extracting(ModelSpec::modelId)
            .containsExactly("credit-scorer", "delivery-eta", "churn-predictor", "loan-approval");
        assertThat(demo.models()).extracting(ModelSpec::type)
            .containsExactly(PredictionType.BINARY, PredictionType.REGRESSION, PredictionType.BINARY, PredictionType.BINARY);
        assertThat(demo.models()).extracting(m -> m.scenarios().get(0).name())
            .containsExactly("input-drift", "latency-degradation", "concept-drift", "fairness-gap");
    }

    @Test
    void changesAreListedInTimeOrderAndScaleWithSpeed() {
        List<ScheduledChange> changes = DemoSchedule.standard().changes();
        assertThat(changes).extracting(ScheduledChange::at).isSorted();
        assertThat(changes.stream().filter(c -> !c.at().isZero()))
            .extracting(c -> ScheduledChange.format(c.at()) + " " + c.modelId())
            .containsExactly("1:30 loan-approval", "2:00 credit-scorer", "2:00 churn-predictor", "3:00 delivery-eta",
                "5:00 delivery-eta");
        assertThat(changes.get(0).toString()).startsWith("0:00  credit-scorer  stationary  binary model v2024.06 starts");

        List<ScheduledChange> fast = DemoSchedule.withSpeed(4).changes();
        assertThat(fast.stream().filter(c -> !c.at().isZero())).extracting(ScheduledChange::at)
            .containsExactly(Duration.ofMillis(22_500), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(45),
                Duration.ofSeconds(75));
        assertThatThrownBy(() -> DemoSchedule.withSpeed(0)).hasMessageContaining("speed 0");
    }

    @Test
    void playsAllFourModelsInEqualShares() {
        List<GeneratedEvent> events = Generated.events(DemoSchedule.withSpeed(8).generator(7, START), 8_000, 200);
        for (String model : List.of("credit-scorer", "delivery-eta", "churn-predictor", "loan-approval")) {
            assertThat(Generated.share(events, e -> e.prediction().getModelId().equals(model)))
                .as(model).isBetween(0.25 - 4 * Math.sqrt(0.1875 / 8_000), 0.25 + 4 * Math.sqrt(0.1875 / 8_000));
        }
        // At speed 8 the credit scorer's drift starts at 0:15, within these 40 s.
        assertThat(events).anyMatch(e -> "gig_worker".equals(e.prediction().getFeatures().get("employment_type")));
    }
}
