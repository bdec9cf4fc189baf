package io.driftwatch.performance;

/**
 * Counts of one value (group) of a segment attribute. Predictions are counted when they arrive;
 * the confusion cells when their outcome is joined.
 *
 * @param value the attribute value, or {@value SegmentAccumulator#OTHER_VALUE}
 * @param count predictions in the group
 * @param positivePredictions of those, predictions of the positive class
 * @param truePositives labelled: predicted positive, truly positive
 * @param falsePositives labelled: predicted positive, truly negative
 * @param trueNegatives labelled: predicted negative, truly negative
 * @param falseNegatives labelled: predicted negative, truly positive
 */
public record GroupStats(String value, long count, long positivePredictions, long truePositives,
                         long falsePositives, long trueNegatives, long falseNegatives) {

  /** Predictions in the group with a joined outcome. */
  public long labelledCount() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  /** Labelled predictions whose true class is positive (TP + FN). */
  public long labelledPositives() {
    return truePositives + falseNegatives;
  }

  /** positivePredictions / count; null for an empty group. */
  public Double positiveRate() {
    return count == 0 ? null : (double) positivePredictions / count;
  }

  /** TPR = TP / (TP + FN); null without labelled positives. */
  public Double truePositiveRate() {
    long positives = labelledPositives();
    return positives == 0 ? null : (double) truePositives / positives;
  }

  /** FPR = FP / (FP + TN); null without labelled negatives. */
  public Double falsePositiveRate() {
    long negatives = falsePositives + trueNegatives;
    return negatives == 0 ? null : (double) falsePositives / negatives;
  }

  /** (TP + TN) / labelled; null without labels. */
  public Double accuracy() {
    long labelled = labelledCount();
    return labelled == 0 ? null : (double) (truePositives + trueNegatives) / labelled;
  }
}
