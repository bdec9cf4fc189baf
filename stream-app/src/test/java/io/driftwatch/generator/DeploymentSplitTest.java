package io.driftwatch.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The comparison scenarios have the effects they document, measured on 100,000 generated events. */
class DeploymentSplitTest {

    private static final int N = 100_000;

    private static List<GeneratedEvent> generate(DeploymentSplit.Kind kind) {
        TrafficGenerator generator = TrafficConfig.builder().models(1).build().generator(7, Generated.START)
            .deployed(DeploymentSplit.of(kind, 1.0), 8);
        return Generated.events(generator, N, 1000);
    }

    private static double accuracy(List<GeneratedEvent> events) {
        long labelled = events.stream().filter(e -> e.outcome() != null).count();
        long right = events.stream().filter(e -> e.outcome() != null
            && e.outcome().getLabel().equals(e.prediction().getPrediction().getLabel())).count();
        return (double) right / labelled;
    }

    private static double meanLatency(List<GeneratedEvent> events) {
        return events.stream().filter(e -> e.prediction().getLatencyMs() != null)
            .mapToDouble(e -> e.prediction().getLatencyMs()).average().orElseThrow();
    }

    @Test
    void aCanaryGetsTenPercentIsFivePercentLessAccurateAndFortyPercentSlower() {
        List<GeneratedEvent> all = generate(DeploymentSplit.Kind.CANARY_REGRESSION);
        Predicate<GeneratedEvent> isCanary = e -> "canary".equals(e.prediction().getDeploymentRole());
        List<GeneratedEvent> canary = all.stream().filter(isCanary).toList();
        List<GeneratedEvent> primary = all.stream().filter(isCanary.negate()).toList();
        assertThat((double) canary.size() / N).isCloseTo(0.10, within(0.005));
        assertThat(canary).allSatisfy(e -> {
            assertThat(e.prediction().getModelVersion()).isEqualTo("2");
            if (e.outcome() != null) {
                assertThat(e.outcome().getModelVersion()).isEqualTo("2");
            }
        });
        assertThat(primary).allSatisfy(e -> {
            assertThat(e.prediction().getModelVersion()).isEqualTo("1");
            assertThat(e.prediction().getDeploymentRole()).isEqualTo("primary");
        });
        // accuracy(canary) = accuracy(primary) x 0.95, up to sampling error of ~10,000 canary labels.
        assertThat(accuracy(canary) / accuracy(primary)).isCloseTo(0.95, within(0.02));
        assertThat(meanLatency(canary) / meanLatency(primary)).isCloseTo(1.4, within(0.05));
    }

    @Test
    void aShadowScoresEveryRequestWithTheSameRequestIdAndAgreesOn97Percent() {
        List<GeneratedEvent> all = generate(DeploymentSplit.Kind.SHADOW);
        long agree = 0;
        for (GeneratedEvent e : all) {
            assertThat(e.shadow()).isNotNull();
            assertThat(e.prediction().getRequestId()).isEqualTo(e.prediction().getPredictionId());
            assertThat(e.shadow().getRequestId()).isEqualTo(e.prediction().getRequestId());
            assertThat(e.shadow().getPredictionId()).isNotEqualTo(e.prediction().getPredictionId());
            assertThat(e.shadow().getDeploymentRole()).isEqualTo("shadow");
            assertThat(e.shadow().getModelVersion()).isEqualTo("2");
            String live = e.prediction().getPrediction().getLabel();
            if (live != null && live.equals(e.shadow().getPrediction().getLabel())) {
                agree++;
            }
        }
        long labelled = all.stream().filter(e -> e.prediction().getPrediction().getLabel() != null).count();
        assertThat((double) agree / labelled).isCloseTo(0.97, within(0.003));
    }

    @Test
    void anAbVariantFixesThirtyPercentOfTheMistakes() {
        List<GeneratedEvent> all = generate(DeploymentSplit.Kind.AB_BETTER);
        List<GeneratedEvent> variant = all.stream().filter(e -> "variant".equals(e.prediction().getDeploymentRole())).toList();
        List<GeneratedEvent> control = all.stream().filter(e -> "primary".equals(e.prediction().getDeploymentRole())).toList();
        assertThat((double) variant.size() / N).isCloseTo(0.5, within(0.01));
        double a = accuracy(control);
        assertThat(accuracy(variant)).isCloseTo(a + 0.3 * (1 - a), within(0.01));
    }
}
