package io.driftwatch.performance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Realised quality of a regression model over a set of labelled predictions, as produced by
 * {@link RegressionAccumulator#metrics()}. With e_i = ŷ_i − y_i:
 *
 * @param count labelled predictions n
 * @param mae mean |e_i|
 * @param rmse sqrt(mean e_i²)
 * @param meanError mean e_i (bias: positive when the model over-predicts)
 * @param mape mean |e_i| / |y_i| over the {@code mapeCount} predictions with y_i ≠ 0, as a fraction
 *     (0.05 = 5 %); null when every true value was 0
 * @param mapeCount predictions that entered MAPE
 * @param r2 1 − Σ e_i² / Σ (y_i − ȳ)²; null when the true values do not vary (including n = 1)
 */
public record RegressionMetrics(long count, double mae, double rmse, double meanError, Double mape,
                                long mapeCount, Double r2) {

  /** The defined figures by {@link QualityMetric#key()}: mae, rmse, mape, r2, mean_error. */
  public Map<String, Double> toMetricMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    QualityMetric.MAE.putIfDefined(map, mae);
    QualityMetric.RMSE.putIfDefined(map, rmse);
    QualityMetric.MAPE.putIfDefined(map, mape);
    QualityMetric.R2.putIfDefined(map, r2);
    QualityMetric.MEAN_ERROR.putIfDefined(map, meanError);
    return Collections.unmodifiableMap(map);
  }
}
