package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScheduleTest {

    @Test
    void fiveModelsEachWithItsStory() {
        DemoSchedule demo = DemoSchedule.standard();
        assertThat(demo.models()).extracting(ModelSpec::modelId)
            .containsExactly("credit-scorer", "delivery-eta", "churn-predictor", "loan-approval", "fraud-detector");
        assertThat(demo.models()).extracting(ModelSpec::type)
            .containsExactly(PredictionType.BINARY, PredictionType.REGRESSION, PredictionType.BINARY, PredictionType.BINARY,
                PredictionType.BINARY);
        assertThat(demo.models()).extracting(m -> m.scenarios().get(0).name())
            .containsExactly("input-drift", "latency-degradation", "concept-drift", "fairness-gap", "shadow");
        assertThat(demo.models().get(4).scenarios()).extracting(Scenario::name).containsExactly("shadow", "canary-regression");
    }

    @Test
    void changesAreListedInTimeOrderAndScaleWithSpeed() {
        List<ScheduledChange> changes = DemoSchedule.standard().changes();
        assertThat(changes).extracting(ScheduledChange::at).isSorted();
        assertThat(changes.stream().filter(c -> !c.at().isZero()))
            .extracting(c -> ScheduledChange.format(c.at()) + " " + c.modelId())
            .containsExactly("1:30 loan-approval", "1:30 fraud-detector", "2:00 credit-scorer", "2:00 churn-predictor",
                "3:00 delivery-eta", "5:00 delivery-eta");
        assertThat(changes.get(0).toString()).startsWith("0:00  credit-scorer  stationary  binary model v2024.06 starts");

        List<ScheduledChange> fast = DemoSchedule.withSpeed(4).changes();
        assertThat(fast.stream().filter(c -> !c.at().isZero())).extracting(ScheduledChange::at)
            .containsExactly(Duration.ofMillis(22_500), Duration.ofMillis(22_500), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(45), Duration.ofSeconds(75));
        assertThat(changes).anySatisfy(c -> assertThat(c.toString())
            .isEqualTo("1:30  fraud-detector  canary-regression  canary: v2 takes 10% of v1's traffic;"
                + " 4.5% of its right predictions are wrong, latency x1.4"));
        assertThatThrownBy(() -> DemoSchedule.withSpeed(0)).hasMessageContaining("speed 0");
    }

    @Test
    void playsAllFiveModelsInEqualShares() {
        List<GeneratedEvent> events = Generated.events(DemoSchedule.withSpeed(8).generator(7, START), 10_000, 250);
        for (String model : List.of("credit-scorer", "delivery-eta", "churn-predictor", "loan-approval", "fraud-detector")) {
            assertThat(Generated.share(events, e -> e.prediction().getModelId().equals(model)))
                .as(model).isBetween(0.2 - 4 * Math.sqrt(0.16 / 10_000), 0.2 + 4 * Math.sqrt(0.16 / 10_000));
        }
        // At speed 8 the credit scorer's drift starts at 0:15, within these 40 s.
        assertThat(events).anyMatch(e -> "gig_worker".equals(e.prediction().getFeatures().get("employment_type")));
    }

    /**
     * The fraud detector's story as the events tell it, on 200,000 of its events at speed 1: before 1:30
     * only v1 (primary) with its shadow v3; after, v2 takes 10% with about 4 accuracy points fewer
     * (against the truth of the covered outcomes) and a p99 40% higher; the shadow agrees on ~97%.
     */
    @Test
    void theFraudDetectorsCanaryIsWorseAndItsShadowAgrees() {
        List<GeneratedEvent> events = Generated.events(DemoSchedule.fraudDetector(), 11, 200_000, 400);
        Duration canary = DemoSchedule.CANARY_START;
        assertThat(events.stream().filter(Generated.before(canary)))
            .allSatisfy(e -> assertThat(e.prediction().getModelVersion()).isEqualTo("1"));
        List<GeneratedEvent> after = events.stream().filter(Generated.atOrAfter(canary)).toList();
        assertThat(Generated.share(after, e -> e.prediction().getModelVersion().equals("2")))
            .isBetween(0.10 - 4 * Math.sqrt(0.09 / after.size()), 0.10 + 4 * Math.sqrt(0.09 / after.size()));
        assertThat(after).filteredOn(e -> e.prediction().getModelVersion().equals("2"))
            .allSatisfy(e -> {
                assertThat(e.prediction().getDeploymentRole()).isEqualTo("canary");
                assertThat(e.shadow()).as("the shadow mirrors the primary only").isNull();
            });

        double primaryAccuracy = accuracy(after, "1");
        double canaryAccuracy = accuracy(after, "2");
        assertThat(primaryAccuracy).isBetween(0.85, 0.95);
        assertThat(primaryAccuracy - canaryAccuracy).isBetween(0.03, 0.05);

        double p99Primary = p99(after, "1");
        double p99Canary = p99(after, "2");
        assertThat(p99Canary / p99Primary).isBetween(1.3, 1.5);

        List<GeneratedEvent> shadowed = events.stream().filter(e -> e.shadow() != null).toList();
        assertThat(shadowed).allSatisfy(e -> {
            assertThat(e.prediction().getModelVersion()).isEqualTo("1");
            assertThat(e.shadow().getModelVersion()).isEqualTo("3");
            assertThat(e.shadow().getDeploymentRole()).isEqualTo("shadow");
            assertThat(e.shadow().getRequestId()).isEqualTo(e.prediction().getRequestId()).isNotNull();
        });
        double agreement = Generated.share(shadowed.stream().filter(e -> e.prediction().getPrediction().getLabel() != null)
            .toList(), e -> e.prediction().getPrediction().getLabel().equals(e.shadow().getPrediction().getLabel()));
        assertThat(agreement).isBetween(0.965, 0.975);
    }

    private static double accuracy(List<GeneratedEvent> events, String version) {
        List<GeneratedEvent> labelled = events.stream().filter(e -> e.prediction().getModelVersion().equals(version))
            .filter(e -> e.outcome() != null).toList();
        return Generated.share(labelled, e -> e.outcome().getLabel().equals(e.prediction().getPrediction().getLabel()));
    }

    private static double p99(List<GeneratedEvent> events, String version) {
        double[] latencies = events.stream().filter(e -> e.prediction().getModelVersion().equals(version))
            .mapToDouble(e -> e.prediction().getLatencyMs()).sorted().toArray();
        return latencies[(int) Math.ceil(0.99 * latencies.length) - 1];
    }
}
