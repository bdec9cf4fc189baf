package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    private static final TrafficConfig CONFIG = TrafficConfig.builder().models(4).versions(2).skew(1.0).build();

    @Test
    void sameSeedSameEventsOtherSeedOtherEvents() {
        List<GeneratedEvent> a = Generated.events(CONFIG.generator(42, START), 3000, 100);
        List<GeneratedEvent> b = Generated.events(CONFIG.generator(42, START), 3000, 100);
        List<GeneratedEvent> c = Generated.events(CONFIG.generator(43, START), 3000, 100);
        assertThat(a).isEqualTo(b);
        assertThat(a.stream().map(e -> e.prediction().getPredictionId()))
            .doesNotContainAnyElementsOf(c.stream().map(e -> e.prediction().getPredictionId()).toList());
        assertThat(Generated.values(a, e -> e.getLatencyMs())).isNotEqualTo(Generated.values(c, e -> e.getLatencyMs()));
    }

    @Test
    void appendingAModelLeavesTheOthersModelsStreamsAlone() {
        List<ModelSpec> two = TrafficConfig.builder().models(2).skew(0).build().models();
        ModelSpec extra = DemoSchedule.churnPredictor();
        List<GeneratedEvent> before = Generated.events(new TrafficGenerator(two, 9, START), 2000, 100);
        List<GeneratedEvent> after = Generated.events(new TrafficGenerator(List.of(two.get(0), two.get(1), extra), 9, START), 3000, 100);
        // The model choice differs, but each model's own sequence of events is the same: compare
        // the first 300 events of model-1 in both (event times differ, the rest must not).
        List<PredictionEvent> first = ofModel(before, "model-1", 300);
        List<PredictionEvent> second = ofModel(after, "model-1", 300);
        for (int i = 0; i < 300; i++) {
            assertThat(second.get(i).getFeatures()).isEqualTo(first.get(i).getFeatures());
            assertThat(second.get(i).getPredictionId()).isEqualTo(first.get(i).getPredictionId());
        }
    }

    private static List<PredictionEvent> ofModel(List<GeneratedEvent> events, String model, int n) {
        return events.stream().map(GeneratedEvent::prediction).filter(p -> p.getModelId().equals(model)).limit(n).toList();
    }

    @Test
    void trafficFollowsZipfSkewAcrossModelsAndSplitsVersionsEvenly() {
        int n = 40_000;
        List<GeneratedEvent> events = Generated.events(CONFIG.generator(1, START), n, 1000);
        Map<String, Long> perModel = events.stream().collect(Collectors.groupingBy(e -> e.prediction().getModelId(), Collectors.counting()));
        double norm = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0;
        for (int k = 1; k <= 4; k++) {
            double p = (1.0 / k) / norm;
            assertThat(perModel.get("model-" + k) / (double) n).as("share of model-%d", k)
                .isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / n)));
        }
        Map<String, Long> perVersion = events.stream().filter(e -> e.prediction().getModelId().equals("model-1"))
            .collect(Collectors.groupingBy(e -> e.prediction().getModelVersion(), Collectors.counting()));
        assertThat(perVersion.keySet()).containsExactlyInAnyOrder("1", "2");
        long m1 = perModel.get("model-1");
        assertThat(perVersion.get("1") / (double) m1).isCloseTo(0.5, within(4 * Math.sqrt(0.25 / m1)));
    }

    @Test
    void eventsCarryFeaturesSegmentsAndUniqueVersion4Ids() {
        int n = 20_000;
        List<GeneratedEvent> events = Generated.events(CONFIG.generator(2, START), n, 1000);
        Set<String> ids = new HashSet<>();
        Set<String> featureNames = Set.of("measure_0", "amount_1", "age_2", "measure_3", "amount_4", "age_5",
            "category_0", "flag_1", "category_2");
        List<String> problems = new java.util.ArrayList<>();
        for (GeneratedEvent e : events) {
            PredictionEvent p = e.prediction();
            if (!ids.add(p.getPredictionId()) || UUID.fromString(p.getPredictionId()).version() != 4) {
                problems.add("id " + p.getPredictionId());
            }
            if (!p.getFeatures().keySet().equals(featureNames) || !p.getSegments().keySet().equals(Set.of("region", "group"))
                || !(p.getLatencyMs() > 0)) {
                problems.add(p.toString());
            }
        }
        assertThat(problems).isEmpty();
        // 1% missing per feature by default.
        long values = (long) n * 9;
        long missing = events.stream().flatMap(e -> e.prediction().getFeatures().values().stream()).filter(v -> v == null).count();
        assertThat(missing / (double) values).isCloseTo(0.01, within(4 * Math.sqrt(0.0099 / values)));
        // Groups A/B at 60/40.
        double groupA = Generated.share(events, e -> e.prediction().getSegments().get("group").equals("A"));
        assertThat(groupA).isCloseTo(0.6, within(4 * Math.sqrt(0.24 / n)));
        // Types follow the marginals: numbers, strings, booleans.
        Map<String, Object> f = events.get(0).prediction().getFeatures();
        assertThat(f.values().stream().filter(v -> v != null).map(Object::getClass).map(Class::getSimpleName).collect(Collectors.toSet()))
            .isSubsetOf("Double", "String", "Boolean");
    }

    @Test
    void errorEventsHaveNoPredictionNoOutcomeAndAMessage() {
        ModelSpec m = DemoSchedule.creditScorer().toBuilder().errorRate(0.2).build().withScenarios(List.of());
        List<GeneratedEvent> events = Generated.events(m, 3, 20_000, 100);
        List<GeneratedEvent> errors = events.stream().filter(e -> e.prediction().getError()).toList();
        assertThat(errors.size() / 20_000.0).isCloseTo(0.2, within(4 * Math.sqrt(0.16 / 20_000)));
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.outcome()).isNull();
            assertThat(e.prediction().getPrediction().getScore()).isNull();
            assertThat(e.prediction().getPrediction().getLabel()).isNull();
            assertThat(e.prediction().getErrorMessage()).isNotBlank();
        });
    }

    @Test
    void scheduleListsChangesInTimeOrder() {
        TrafficConfig drifting = TrafficConfig.builder().models(2)
            .scenario(ScenarioKind.LATENCY_DEGRADATION, Duration.ofMinutes(1), 1).build();
        List<ScheduledChange> changes = drifting.generator(1, START).changes();
        assertThat(changes).extracting(ScheduledChange::at)
            .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(3));
        assertThat(changes.get(0).description()).contains("latency x5.0", "error rate 0.5% -> 10.5%");
    }

    @Test
    void rejectsDuplicateModelIdsAndUnfitScenarios() {
        ModelSpec m = DemoSchedule.churnPredictor();
        assertThatThrownBy(() -> new TrafficGenerator(List.of(m, m), 1, START)).hasMessageContaining("'churn-predictor' appears twice");
        assertThatThrownBy(() -> TrafficConfig.builder().type(PredictionType.REGRESSION)
            .scenario(ScenarioKind.FAIRNESS_GAP, Duration.ZERO, 1).build().models())
            .hasMessageContaining("fairness-gap needs a binary classifier");
        assertThatThrownBy(() -> ScenarioKind.parse("drift")).hasMessageContaining("input-drift, latency-degradation");
        assertThat(ScenarioKind.parse("CONCEPT_DRIFT")).isEqualTo(ScenarioKind.CONCEPT_DRIFT);
        assertThatThrownBy(() -> m.toBuilder().scenario(new Scenario.ConceptDrift(Duration.ZERO, "contract", 1, 1)).build())
            .hasMessageContaining("feature 'contract' of model 'churn-predictor' is categorical");
    }
}
