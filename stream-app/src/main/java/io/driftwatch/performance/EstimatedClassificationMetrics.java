package io.driftwatch.performance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary-classifier quality estimated from scores without labels, by
 * {@link ConfidenceBasedEstimator#estimate()}. Empty denominators give 0, as for the realised
 * figures.
 *
 * @param count scored predictions n
 * @param expectedTruePositives Σ p over predictions of the positive class
 * @param expectedFalsePositives Σ (1 − p) over predictions of the positive class
 * @param expectedFalseNegatives Σ p over predictions of the negative class
 * @param expectedTrueNegatives Σ (1 − p) over predictions of the negative class
 * @param accuracy (TP + TN) / n
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 2·TP / (2·TP + FP + FN)
 */
public record EstimatedClassificationMetrics(
    long count,
    double expectedTruePositives,
    double expectedFalsePositives,
    double expectedFalseNegatives,
    double expectedTrueNegatives,
    double accuracy,
    double precision,
    double recall,
    double f1) {

  /** Name of the method for {@code EstimatedQuality.method}. */
  public static final String METHOD = "CBPE";

  /** accuracy, precision, recall, f1 by {@link QualityMetric#key()}. */
  public Map<String, Double> toMetricMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    QualityMetric.ACCURACY.putIfDefined(map, accuracy);
    QualityMetric.PRECISION.putIfDefined(map, precision);
    QualityMetric.RECALL.putIfDefined(map, recall);
    QualityMetric.F1.putIfDefined(map, f1);
    return Collections.unmodifiableMap(map);
  }
}
