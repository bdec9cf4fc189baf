package io.driftwatch.performance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Realised quality of a classifier over a set of labelled predictions, as produced by
 * {@link ClassificationAccumulator#metrics()}. Nullable figures are undefined for the data
 * seen (see each parameter); they are left out of {@link #toMetricMap()}.
 *
 * @param count labelled predictions
 * @param accuracy share of predictions equal to the true label
 * @param positiveLabel the class treated as positive for the binary figures
 * @param precision precision of the positive class; null when the positive label occurred neither
 *     as a prediction nor as a true label
 * @param recall recall of the positive class; null as for {@code precision}
 * @param f1 F1 of the positive class; null as for {@code precision}
 * @param macroPrecision unweighted mean of the per-class precisions (classes folded into
 *     {@value ClassificationAccumulator#OTHER_CLASS} excluded)
 * @param macroRecall unweighted mean of the per-class recalls
 * @param macroF1 unweighted mean of the per-class F1 scores (not the F1 of the macro P and R,
 *     as scikit-learn)
 * @param perClass one-vs-rest figures by class label, sorted by label
 * @param classesTruncated true when more distinct labels arrived than the accumulator tracks, so
 *     some were folded into {@value ClassificationAccumulator#OTHER_CLASS}
 * @param scoredCount labelled predictions that carried a positive-class score
 * @param rocAuc ROC AUC from the score histograms; null unless both classes occur among scored
 *     predictions
 * @param aucErrorBound b such that the exact AUC lies in [rocAuc − b, rocAuc + b]; null with rocAuc
 * @param logLoss mean negative natural-log likelihood of the true class; null when no prediction
 *     carried a score or class probabilities
 * @param brier mean (score − y)² over scored predictions; null when none was scored
 * @param expectedCalibrationError ECE over 10 equal-width score bins, weighted by bin count; null
 *     when none was scored
 */
public record ClassificationMetrics(
    long count,
    double accuracy,
    String positiveLabel,
    Double precision,
    Double recall,
    Double f1,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    SortedMap<String, PerClassMetrics> perClass,
    boolean classesTruncated,
    long scoredCount,
    Double rocAuc,
    Double aucErrorBound,
    Double logLoss,
    Double brier,
    Double expectedCalibrationError) {

  public ClassificationMetrics {
    perClass = Collections.unmodifiableSortedMap(new TreeMap<>(perClass));
  }

  /**
   * The defined figures by {@link QualityMetric#key()}: accuracy, precision, recall, f1,
   * macro_precision, macro_recall, macro_f1, roc_auc, log_loss, brier, ece.
   */
  public Map<String, Double> toMetricMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    QualityMetric.ACCURACY.putIfDefined(map, accuracy);
    QualityMetric.PRECISION.putIfDefined(map, precision);
    QualityMetric.RECALL.putIfDefined(map, recall);
    QualityMetric.F1.putIfDefined(map, f1);
    QualityMetric.MACRO_PRECISION.putIfDefined(map, macroPrecision);
    QualityMetric.MACRO_RECALL.putIfDefined(map, macroRecall);
    QualityMetric.MACRO_F1.putIfDefined(map, macroF1);
    QualityMetric.ROC_AUC.putIfDefined(map, rocAuc);
    QualityMetric.LOG_LOSS.putIfDefined(map, logLoss);
    QualityMetric.BRIER.putIfDefined(map, brier);
    QualityMetric.ECE.putIfDefined(map, expectedCalibrationError);
    return Collections.unmodifiableMap(map);
  }
}
