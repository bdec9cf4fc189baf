package io.driftwatch.performance;

import java.util.Optional;

/**
 * Confidence-based performance estimation (CBPE) for binary classifiers: the expected confusion
 * matrix of predictions whose labels are not known yet, computed from their scores.
 *
 * <p>For a prediction with positive-class score p and predicted class ŷ (given, or ŷ = positive iff
 * p ≥ the decision threshold, 0.5 by default): if the score is a calibrated probability,
 * P(y = 1 | score) = p, so the prediction adds its expectation to each cell:
 * <pre>
 *   ŷ = 1:  TP += p,  FP += 1 − p
 *   ŷ = 0:  FN += p,  TN += 1 − p
 * </pre>
 * and accuracy, precision, recall and F1 follow from the expected cells. Expected accuracy and
 * precision are unbiased (the expected count of a cell is exactly the sum); recall and F1 are
 * ratios of expectations, consistent as n grows.
 *
 * <p><b>Assumptions</b>, as NannyML states them for its CBPE ("Estimation of Performance of the
 * Monitored Model", https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html):
 * the scores are well calibrated; there is no concept drift, i.e. P(y | x) is what the model was
 * calibrated on (a shift of P(x) alone is fine: it is exactly what the estimate follows); inputs
 * have not moved into regions the model never saw; and the sample is large enough. When the scores
 * are over-confident the estimate is too optimistic, when they are under-confident too pessimistic,
 * and under concept drift it does not move at all, so a realised-quality drop with a steady
 * estimate is itself a sign of concept drift. With threshold 0.5 the estimated accuracy is never
 * below 0.5 (each prediction adds max(p, 1 − p)). NannyML fits a calibrator on reference data
 * first; this class takes scores as given, so calibrate upstream.
 *
 * <p>Mergeable and serializable; not thread-safe.
 */
public final class ConfidenceBasedEstimator {

  private static final byte KIND = 'E';
  private static final byte VERSION = 1;

  private final double decisionThreshold;
  private long count;
  private double truePositives;
  private double falsePositives;
  private double falseNegatives;
  private double trueNegatives;

  /** An estimator with decision threshold 0.5. */
  public ConfidenceBasedEstimator() {
    this(0.5);
  }

  /** An estimator predicting positive iff score ≥ {@code decisionThreshold}, in (0, 1]. */
  public ConfidenceBasedEstimator(double decisionThreshold) {
    if (!(decisionThreshold > 0.0 && decisionThreshold <= 1.0)) {
      throw new IllegalArgumentException("decisionThreshold " + decisionThreshold + " must be in (0, 1]");
    }
    this.decisionThreshold = decisionThreshold;
  }

  public double decisionThreshold() {
    return decisionThreshold;
  }

  /** Scored predictions added so far. */
  public long count() {
    return count;
  }

  /**
   * Adds one scored prediction.
   *
   * @param score calibrated probability of the positive class, in [0, 1]
   * @param predictedPositive the model's decision, or null to apply the decision threshold
   */
  public ConfidenceBasedEstimator add(double score, Boolean predictedPositive) {
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score " + score + " is not a probability in [0, 1]; "
          + "CBPE needs the calibrated probability of the positive class");
    }
    boolean positive = predictedPositive != null ? predictedPositive : score >= decisionThreshold;
    count++;
    if (positive) {
      truePositives += score;
      falsePositives += 1.0 - score;
    } else {
      falseNegatives += score;
      trueNegatives += 1.0 - score;
    }
    return this;
  }

  /** Adds {@code other} into this estimator. */
  public ConfidenceBasedEstimator merge(ConfidenceBasedEstimator other) {
    if (decisionThreshold != other.decisionThreshold) {
      throw new IllegalArgumentException("cannot merge estimators with decision thresholds "
          + decisionThreshold + " and " + other.decisionThreshold);
    }
    count += other.count;
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    falseNegatives += other.falseNegatives;
    trueNegatives += other.trueNegatives;
    return this;
  }

  /** The estimate, or empty before the first scored prediction. */
  public Optional<EstimatedClassificationMetrics> estimate() {
    if (count == 0) {
      return Optional.empty();
    }
    double predictedPositives = truePositives + falsePositives;
    double actualPositives = truePositives + falseNegatives;
    double f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
    return Optional.of(new EstimatedClassificationMetrics(
        count, truePositives, falsePositives, falseNegatives, trueNegatives,
        (truePositives + trueNegatives) / count,
        predictedPositives == 0 ? 0.0 : truePositives / predictedPositives,
        actualPositives == 0 ? 0.0 : truePositives / actualPositives,
        f1Denominator == 0 ? 0.0 : 2 * truePositives / f1Denominator));
  }

  /** Compact binary state: kind byte 'E', version 1, threshold, count, the four cells. */
  public byte[] toBytes() {
    return new StateWriter(KIND, VERSION)
        .writeDouble(decisionThreshold)
        .writeCount(count)
        .writeDouble(truePositives)
        .writeDouble(falsePositives)
        .writeDouble(falseNegatives)
        .writeDouble(trueNegatives)
        .toBytes();
  }

  /**
   * Restores an estimator from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state
   */
  public static ConfidenceBasedEstimator fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "ConfidenceBasedEstimator");
    double threshold = in.readDouble();
    if (!(threshold > 0.0 && threshold <= 1.0)) {
      throw in.corrupt("decision threshold " + threshold);
    }
    ConfidenceBasedEstimator estimator = new ConfidenceBasedEstimator(threshold);
    estimator.count = in.readCount();
    estimator.truePositives = in.readFinite("expected TP");
    estimator.falsePositives = in.readFinite("expected FP");
    estimator.falseNegatives = in.readFinite("expected FN");
    estimator.trueNegatives = in.readFinite("expected TN");
    in.finish();
    double cells = estimator.truePositives + estimator.falsePositives + estimator.falseNegatives
        + estimator.trueNegatives;
    if (estimator.truePositives < 0 || estimator.falsePositives < 0 || estimator.falseNegatives < 0
        || estimator.trueNegatives < 0 || Math.abs(cells - estimator.count) > 1e-6 * Math.max(1, estimator.count)) {
      throw in.corrupt("expected cells do not add up to the count " + estimator.count);
    }
    return estimator;
  }
}
