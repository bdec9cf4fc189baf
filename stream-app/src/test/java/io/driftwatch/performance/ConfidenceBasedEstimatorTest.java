package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Confidence-based performance estimation: exact expected cells against numpy, then the
 * statistical promise and its limits on synthetic data.
 *
 * <p>Synthetic set-up: {@value #WINDOWS} windows of {@value #WINDOW_SIZE} predictions. In window w
 * the true probabilities are p = sigmoid(z), z ~ N(μ_w, 1.5²), with μ_w sweeping from −1.5 to 1.5
 * (a covariate shift: P(x) moves, P(y | x) does not); labels are drawn y ~ Bernoulli(p); the model
 * predicts ŷ = 1 iff its score ≥ 0.5.
 *
 * <p>Tolerances. With calibrated scores (score = p), the realised accuracy of a window is a sum of
 * independent Bernoulli(max(p, 1 − p)) indicators over n, so its standard deviation around the
 * estimate is σ_acc = sqrt(Σ p(1 − p)) / n (about 0.009 here); likewise σ_prec =
 * sqrt(Σ_{ŷ=1} p(1 − p)) / #{ŷ = 1}. Every window must lie within 5σ (for 200 windows the chance
 * of any excursion is below 1e−4; the seed is fixed anyway), at least 90 % within 2σ (95.4 %
 * expected), and the mean standardised error within ±0.3 (its sd is 1/sqrt(200) ≈ 0.07). Recall
 * and F1 are ratios of random quantities; their window-to-window sd here is about 0.010, and the
 * test allows 0.06.
 */
class ConfidenceBasedEstimatorTest {

  private static final int WINDOWS = 200;
  private static final int WINDOW_SIZE = 2_000;

  /** One synthetic window: the estimate and what the labels then showed. */
  private record Window(EstimatedClassificationMetrics estimate, double accuracy, double precision,
                        double recall, double f1, double sigmaAccuracy, double sigmaPrecision,
                        double predictedBias) {}

  @Test
  void expectedCellsMatchTheReference() {
    JsonNode reference = QualityReferences.load("cbpe.json");
    ConfidenceBasedEstimator estimator = new ConfidenceBasedEstimator();
    for (JsonNode r : reference.get("records")) {
      estimator.add(r.get("score").asDouble(), QualityReferences.booleanOrNull(r, "predicted_positive"));
    }
    EstimatedClassificationMetrics m = estimator.estimate().orElseThrow();
    JsonNode expected = reference.get("expected");
    assertThat(m.count()).isEqualTo(reference.get("records").size());
    assertThat(m.expectedTruePositives()).isCloseTo(expected.get("tp").asDouble(), within(1e-9));
    assertThat(m.expectedFalsePositives()).isCloseTo(expected.get("fp").asDouble(), within(1e-9));
    assertThat(m.expectedFalseNegatives()).isCloseTo(expected.get("fn").asDouble(), within(1e-9));
    assertThat(m.expectedTrueNegatives()).isCloseTo(expected.get("tn").asDouble(), within(1e-9));
    for (String metric : new String[] {"accuracy", "precision", "recall", "f1"}) {
      assertThat(m.toMetricMap().get(metric)).as(metric).isCloseTo(expected.get(metric).asDouble(), within(1e-12));
    }
  }

  @Test
  void calibratedScoresTrackRealisedQualityUnderCovariateShift() {
    Random random = new Random(42);
    double sumZ = 0;
    int within2Sigma = 0;
    double minAccuracy = 1;
    double maxAccuracy = 0;
    for (int w = 0; w < WINDOWS; w++) {
      Window window = window(random, -1.5 + 3.0 * w / (WINDOWS - 1), DoubleUnaryOperator.identity(),
          DoubleUnaryOperator.identity());
      double z = (window.estimate().accuracy() - window.accuracy()) / window.sigmaAccuracy();
      assertThat(Math.abs(z)).as("accuracy of window %d, in sigmas", w).isLessThan(5);
      assertThat(Math.abs(window.estimate().precision() - window.precision()))
          .as("precision of window %d", w).isLessThan(5 * window.sigmaPrecision());
      assertThat(window.estimate().recall()).as("recall of window %d", w).isCloseTo(window.recall(), within(0.06));
      assertThat(window.estimate().f1()).as("f1 of window %d", w).isCloseTo(window.f1(), within(0.06));
      sumZ += z;
      within2Sigma += Math.abs(z) <= 2 ? 1 : 0;
      minAccuracy = Math.min(minAccuracy, window.accuracy());
      maxAccuracy = Math.max(maxAccuracy, window.accuracy());
    }
    assertThat(sumZ / WINDOWS).as("mean standardised error (bias)").isBetween(-0.3, 0.3);
    assertThat(within2Sigma).isGreaterThanOrEqualTo((int) (0.9 * WINDOWS));
    // The shift really moves quality, so tracking it is not trivial.
    assertThat(maxAccuracy - minAccuracy).isGreaterThan(0.05);
  }

  /**
   * Over-confident scores (sharpened: s = p³ / (p³ + (1 − p)³)) make the estimate optimistic,
   * under-confident ones (s = p^⅓ / (p^⅓ + (1 − p)^⅓)) pessimistic, by the amount the
   * miscalibration predicts: Σ (max(s, 1 − s) − max(p, 1 − p)) / n.
   */
  @Test
  void miscalibratedScoresBiasTheEstimatePredictably() {
    assertBias(3.0, true);
    assertBias(1.0 / 3, false);
  }

  private static void assertBias(double power, boolean optimistic) {
    Random random = new Random(7);
    DoubleUnaryOperator distort = p -> Math.pow(p, power) / (Math.pow(p, power) + Math.pow(1 - p, power));
    for (int w = 0; w < 20; w++) {
      Window window = window(random, 0.3, distort, DoubleUnaryOperator.identity());
      double error = window.estimate().accuracy() - window.accuracy();
      assertThat(Math.abs(error - window.predictedBias())).as("bias of window %d", w)
          .isLessThan(5 * window.sigmaAccuracy());
      if (optimistic) {
        assertThat(window.predictedBias()).isGreaterThan(0.1);
      } else {
        assertThat(window.predictedBias()).isLessThan(-0.1);
      }
    }
  }

  /** Under concept drift (P(y | x) changes) the scores, hence the estimate, do not move. */
  @Test
  void conceptDriftIsInvisibleToTheEstimate() {
    Window before = window(new Random(3), 0.5, DoubleUnaryOperator.identity(), DoubleUnaryOperator.identity());
    Window after = window(new Random(3), 0.5, DoubleUnaryOperator.identity(), p -> 0.5 + 0.3 * (0.5 - p));
    assertThat(after.estimate()).isEqualTo(before.estimate());
    assertThat(before.accuracy() - after.accuracy()).isGreaterThan(0.25);
  }

  @Test
  void accuracyEstimateNeverFallsBelowOneHalfAtThresholdOneHalf() {
    ConfidenceBasedEstimator estimator = new ConfidenceBasedEstimator();
    for (double s = 0; s <= 1.0; s += 0.01) {
      estimator.add(s, null);
    }
    assertThat(estimator.estimate().orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void mergesRoundTripsAndValidates() {
    Random random = new Random(11);
    ConfidenceBasedEstimator whole = new ConfidenceBasedEstimator(0.3);
    ConfidenceBasedEstimator first = new ConfidenceBasedEstimator(0.3);
    ConfidenceBasedEstimator second = new ConfidenceBasedEstimator(0.3);
    for (int i = 0; i < 1_000; i++) {
      double s = random.nextDouble();
      Boolean given = i % 7 == 0 ? Boolean.valueOf(random.nextBoolean()) : null;
      whole.add(s, given);
      (i < 400 ? first : second).add(s, given);
    }
    EstimatedClassificationMetrics merged = first.merge(second).estimate().orElseThrow();
    EstimatedClassificationMetrics expected = whole.estimate().orElseThrow();
    assertThat(merged.count()).isEqualTo(expected.count());
    assertThat(merged.accuracy()).isCloseTo(expected.accuracy(), within(1e-12));
    assertThat(merged.f1()).isCloseTo(expected.f1(), within(1e-12));

    ConfidenceBasedEstimator restored = ConfidenceBasedEstimator.fromBytes(whole.toBytes());
    assertThat(restored.estimate()).isEqualTo(whole.estimate());
    assertThat(restored.decisionThreshold()).isEqualTo(0.3);
    assertThat(new ConfidenceBasedEstimator().estimate()).isEmpty();

    assertThatThrownBy(() -> whole.add(1.5, null)).hasMessageContaining("not a probability");
    assertThatThrownBy(() -> whole.merge(new ConfidenceBasedEstimator())).hasMessageContaining("thresholds");
    assertThatThrownBy(() -> new ConfidenceBasedEstimator(0)).hasMessageContaining("(0, 1]");
  }

  /**
   * One window: true probability p, score = score(p), label drawn from trueProbability(p) (p
   * itself unless concept drift is simulated).
   */
  private static Window window(Random random, double mu, DoubleUnaryOperator score,
                               DoubleUnaryOperator trueProbability) {
    ConfidenceBasedEstimator estimator = new ConfidenceBasedEstimator();
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    double varianceSum = 0;
    double predictedPositiveVariance = 0;
    double bias = 0;
    for (int i = 0; i < WINDOW_SIZE; i++) {
      double p = 1 / (1 + Math.exp(-(mu + 1.5 * random.nextGaussian())));
      double s = score.applyAsDouble(p);
      boolean predicted = s >= 0.5;
      boolean actual = random.nextDouble() < trueProbability.applyAsDouble(p);
      estimator.add(s, null);
      if (predicted) {
        tp += actual ? 1 : 0;
        fp += actual ? 0 : 1;
        predictedPositiveVariance += p * (1 - p);
      } else {
        fn += actual ? 1 : 0;
        tn += actual ? 0 : 1;
      }
      varianceSum += p * (1 - p);
      bias += Math.max(s, 1 - s) - (predicted ? p : 1 - p);
    }
    double n = WINDOW_SIZE;
    return new Window(estimator.estimate().orElseThrow(),
        (tp + tn) / n,
        (double) tp / (tp + fp),
        (double) tp / (tp + fn),
        2.0 * tp / (2.0 * tp + fp + fn),
        Math.sqrt(varianceSum) / n,
        Math.sqrt(predictedPositiveVariance) / (tp + fp),
        bias / n);
  }
}
