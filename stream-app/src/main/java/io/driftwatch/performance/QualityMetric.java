package io.driftwatch.performance;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The quality figures Driftwatch reports, by the names used in {@code WindowReport.quality.metrics},
 * {@code ReferenceProfile.baseline_quality} and alert rules ({@code quality.<key>}).
 */
public enum QualityMetric {
  ACCURACY("accuracy", Direction.HIGHER_IS_BETTER),
  PRECISION("precision", Direction.HIGHER_IS_BETTER),
  RECALL("recall", Direction.HIGHER_IS_BETTER),
  F1("f1", Direction.HIGHER_IS_BETTER),
  MACRO_PRECISION("macro_precision", Direction.HIGHER_IS_BETTER),
  MACRO_RECALL("macro_recall", Direction.HIGHER_IS_BETTER),
  MACRO_F1("macro_f1", Direction.HIGHER_IS_BETTER),
  ROC_AUC("roc_auc", Direction.HIGHER_IS_BETTER),
  LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER),
  BRIER("brier", Direction.LOWER_IS_BETTER),
  ECE("ece", Direction.LOWER_IS_BETTER),
  MAE("mae", Direction.LOWER_IS_BETTER),
  RMSE("rmse", Direction.LOWER_IS_BETTER),
  MAPE("mape", Direction.LOWER_IS_BETTER),
  R2("r2", Direction.HIGHER_IS_BETTER),
  /** Mean of predicted − true: signed, best at 0. */
  MEAN_ERROR("mean_error", Direction.CLOSEST_TO_ZERO_IS_BETTER);

  /** Which way a metric moves when the model gets better. */
  public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    CLOSEST_TO_ZERO_IS_BETTER
  }

  private static final Map<String, QualityMetric> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(QualityMetric::key, Function.identity()));

  private final String key;
  private final Direction direction;

  QualityMetric(String key, Direction direction) {
    this.key = key;
    this.direction = direction;
  }

  /** The name used in metric maps, e.g. {@code "roc_auc"}. */
  public String key() {
    return key;
  }

  /** Which way the metric moves when the model gets better. */
  public Direction direction() {
    return direction;
  }

  /** Puts {@code value} under this metric's key, unless it is null (undefined). */
  void putIfDefined(Map<String, Double> map, Double value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** The metric with this key. */
  public static QualityMetric fromKey(String key) {
    QualityMetric metric = BY_KEY.get(key);
    if (metric == null) {
      throw new IllegalArgumentException("unknown quality metric '" + key + "'; known: "
          + Arrays.stream(values()).map(QualityMetric::key).collect(Collectors.joining(", ")));
    }
    return metric;
  }
}
