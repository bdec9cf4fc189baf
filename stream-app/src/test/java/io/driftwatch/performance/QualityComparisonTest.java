package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityComparisonTest {

  @Test
  void changesAreAbsoluteAndRelativeToTheBaseline() {
    QualityComparison comparison = QualityComparison.of(
        Map.of("accuracy", 0.855, "rmse", 12.0, "mean_error", 0.5, "roc_auc", 0.9),
        Map.of("accuracy", 0.9, "rmse", 10.0, "mean_error", 0.0, "log_loss", 0.3));

    assertThat(comparison.changes()).containsOnlyKeys("accuracy", "rmse", "mean_error");
    QualityComparison.MetricChange accuracy = comparison.changes().get("accuracy");
    assertThat(accuracy.absoluteChange()).isCloseTo(-0.045, within(1e-15));
    assertThat(accuracy.relativeChange()).isCloseTo(-0.05, within(1e-15));
    // "accuracy 5 % below baseline" as a rule: relative change <= -0.05.
    assertThat(comparison.relativeChanges().get("accuracy")).isLessThanOrEqualTo(-0.05 + 1e-12);
    assertThat(comparison.relativeChanges().get("rmse")).isCloseTo(0.2, within(1e-15));
    // A zero baseline has no relative change, but keeps its absolute one.
    assertThat(comparison.changes().get("mean_error").relativeChange()).isNull();
    assertThat(comparison.relativeChanges()).doesNotContainKey("mean_error");
    assertThat(comparison.absoluteChanges()).containsEntry("mean_error", 0.5);
  }

  @Test
  void negativeBaselinesUseTheirMagnitude() {
    QualityComparison comparison = QualityComparison.of(Map.of("r2", -0.3), Map.of("r2", -0.2));
    assertThat(comparison.relativeChanges().get("r2")).isCloseTo(-0.5, within(1e-15));
  }

  @Test
  void missingAndNonFiniteValuesAreSkipped() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("accuracy", null);
    metrics.put("brier", Double.NaN);
    metrics.put("ece", 0.1);
    QualityComparison comparison = QualityComparison.of(metrics,
        Map.of("accuracy", 0.9, "brier", 0.1, "ece", Double.POSITIVE_INFINITY));
    assertThat(comparison.changes()).isEmpty();
  }

  @Test
  void metricMapsUseTheSchemaNames() {
    assertThat(QualityMetric.fromKey("brier")).isEqualTo(QualityMetric.BRIER);
    assertThat(QualityMetric.ACCURACY.direction()).isEqualTo(QualityMetric.Direction.HIGHER_IS_BETTER);
    assertThat(QualityMetric.MEAN_ERROR.direction()).isEqualTo(QualityMetric.Direction.CLOSEST_TO_ZERO_IS_BETTER);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityMetric.fromKey("auc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roc_auc");
  }
}
