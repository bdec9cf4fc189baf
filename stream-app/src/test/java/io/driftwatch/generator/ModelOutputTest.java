package io.driftwatch.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.performance.ClassificationAccumulator;
import io.driftwatch.performance.ClassificationMetrics;
import io.driftwatch.performance.RegressionAccumulator;
import io.driftwatch.performance.RegressionMetrics;
import io.driftwatch.schemas.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models' outputs are real functions of the features, so quality figures and CBPE mean something. */
class ModelOutputTest {

    private static final int N = 40_000;

    private static List<GeneratedEvent> labelled(ModelSpec model, long seed) {
        ModelSpec stationary = model.toBuilder().labels(new LabelSpec(1, java.time.Duration.ZERO, 0)).errorRate(0)
            .build().withScenarios(List.of());
        return Generated.events(stationary, seed, N, 100);
    }

    @Test
    void binaryScoresAreCalibratedAndInformative() {
        List<GeneratedEvent> events = labelled(DemoSchedule.creditScorer(), 11);
        // Per score decile, the share of positive outcomes matches the mean score (calibration).
        double[] scoreSum = new double[10];
        double[] positives = new double[10];
        int[] count = new int[10];
        ClassificationAccumulator acc = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
        for (GeneratedEvent e : events) {
            double score = e.prediction().getPrediction().getScore();
            int bin = Math.min(9, (int) (score * 10));
            scoreSum[bin] += score;
            positives[bin] += e.outcome().getLabel().equals("1") ? 1 : 0;
            count[bin]++;
            acc.add(e.prediction().getPrediction().getLabel(), e.outcome().getLabel(), score, null);
        }
        for (int b = 0; b < 10; b++) {
            if (count[b] >= 400) {
                double p = scoreSum[b] / count[b];
                assertThat(positives[b] / count[b]).as("outcome rate in score bin %d", b)
                    .isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / count[b]) + 0.01));
            }
        }
        ClassificationMetrics m = acc.metrics().orElseThrow();
        assertThat(m.rocAuc()).isBetween(0.70, 0.95);
        assertThat(m.expectedCalibrationError()).isLessThan(0.02);
        // Base rate 0.2, calibrated on 4,096 draws (standard error about 0.006), sampled here at n = 40,000.
        assertThat(m.perClass().get("1").support() / (double) N).isCloseTo(0.2, within(0.03));
    }

    @Test
    void regressionTruthIsThePredictionPlusNoise() {
        List<GeneratedEvent> events = labelled(DemoSchedule.deliveryEta(), 12);
        RegressionAccumulator acc = new RegressionAccumulator();
        for (GeneratedEvent e : events) {
            acc.add(e.prediction().getPrediction().getValue(), e.outcome().getValue());
        }
        RegressionMetrics m = acc.metrics().orElseThrow();
        // noise sd 4: RMSE is the noise's sd, the bias 0.
        assertThat(m.rmse()).isCloseTo(4, within(4 * 4 / Math.sqrt(2.0 * N)));
        assertThat(m.meanError()).isCloseTo(0, within(4 * 4 / Math.sqrt(N)));
        assertThat(m.r2()).isBetween(0.7, 0.99);
    }

    @Test
    void multiclassProbabilitiesAreADistributionAndTheTruthFollowsThem() {
        ModelSpec model = TrafficConfig.builder().models(1).type(PredictionType.MULTICLASS).classes(4).build().models().get(0);
        List<GeneratedEvent> events = labelled(model, 13);
        double[] expected = new double[4];
        double[] observed = new double[4];
        int correct = 0;
        for (GeneratedEvent e : events) {
            Prediction p = e.prediction().getPrediction();
            assertThat(p.getProbabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
            String best = p.getProbabilities().entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(p.getLabel()).isEqualTo(best);
            for (int c = 0; c < 4; c++) {
                expected[c] += p.getProbabilities().get("class_" + c);
            }
            observed[Integer.parseInt(e.outcome().getLabel().substring("class_".length()))]++;
            correct += p.getLabel().equals(e.outcome().getLabel()) ? 1 : 0;
        }
        for (int c = 0; c < 4; c++) {
            double p = expected[c] / N;
            assertThat(observed[c] / N).as("share of class_%d", c).isCloseTo(p, within(4 * Math.sqrt(p * (1 - p) / N)));
        }
        // Better than the most frequent class alone.
        double majority = java.util.Arrays.stream(observed).max().orElseThrow() / N;
        assertThat(correct / (double) N).isGreaterThan(majority + 0.05);
    }
}
