package io.driftwatch.performance;

/**
 * One-vs-rest figures of one class, with scikit-learn's {@code zero_division=0} convention.
 *
 * @param precision TP / (TP + FP) = TP / predicted; 0 when the class was never predicted
 * @param recall TP / (TP + FN) = TP / support; 0 when the class never occurred
 * @param f1 2·P·R / (P + R); 0 when P + R = 0
 * @param support labelled events whose true class is this one
 * @param predicted labelled events predicted as this class
 */
public record PerClassMetrics(double precision, double recall, double f1, long support, long predicted) {

  static PerClassMetrics of(long truePositives, long predicted, long support) {
    double precision = predicted == 0 ? 0.0 : (double) truePositives / predicted;
    double recall = support == 0 ? 0.0 : (double) truePositives / support;
    double denominator = precision + recall;
    // Same operation order as scikit-learn 1.2's fbeta (beta = 1), so the figures agree bit for bit.
    double f1 = denominator == 0.0 ? 0.0 : 2.0 * precision * recall / denominator;
    return new PerClassMetrics(precision, recall, f1, support, predicted);
  }
}
