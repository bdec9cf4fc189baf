package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link RegressionAccumulator} against scikit-learn 1.2's mean_absolute_error,
 * mean_squared_error (RMSE = its square root), mean_absolute_percentage_error (on the y ≠ 0
 * subset) and r2_score, from {@code make_quality_references.py}.
 *
 * <p>Tolerance: 1e-11 relative; the same formulas, summed in another order. The large-offset
 * case (y ≈ 10^9 ± 1) checks R² is computed from centred deviations: the raw Σy² − (Σy)²/n form
 * would lose every digit there.
 */
class RegressionAccumulatorTest {

  private static final double RELATIVE = 1e-11;

  private static List<double[]> rows(JsonNode reference) {
    return StreamSupport.stream(reference.get("records").spliterator(), false)
        .map(r -> new double[] {r.get("predicted").asDouble(), r.get("true").asDouble()})
        .toList();
  }

  private static RegressionAccumulator accumulate(List<double[]> rows) {
    RegressionAccumulator acc = new RegressionAccumulator();
    rows.forEach(r -> acc.add(r[0], r[1]));
    return acc;
  }

  private static void assertClose(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(RELATIVE * Math.max(1.0, Math.abs(expected))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"regression.json", "regression_large_offset.json"})
  void figuresMatchScikitLearn(String file) {
    JsonNode reference = QualityReferences.load(file);
    JsonNode expected = reference.get("expected");
    RegressionMetrics m = accumulate(rows(reference)).metrics().orElseThrow();

    assertThat(m.count()).isEqualTo(reference.get("records").size());
    assertClose(m.mae(), expected.get("mae").asDouble());
    assertClose(m.rmse(), expected.get("rmse").asDouble());
    assertClose(m.meanError(), expected.get("mean_error").asDouble());
    assertClose(m.mape(), expected.get("mape").asDouble());
    assertThat(m.mapeCount()).isEqualTo(expected.get("mape_count").asLong());
    assertClose(m.r2(), expected.get("r2").asDouble());
    assertThat(m.toMetricMap()).containsOnlyKeys("mae", "rmse", "mape", "r2", "mean_error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"regression.json", "regression_large_offset.json"})
  void mergingPartsEqualsTheWhole(String file) {
    List<double[]> rows = rows(QualityReferences.load(file));
    RegressionMetrics whole = accumulate(rows).metrics().orElseThrow();
    RegressionMetrics merged = accumulate(rows.subList(0, 123))
        .merge(accumulate(rows.subList(123, 700)))
        .merge(new RegressionAccumulator())
        .merge(accumulate(rows.subList(700, rows.size())))
        .metrics().orElseThrow();

    assertThat(merged.count()).isEqualTo(whole.count());
    assertClose(merged.mae(), whole.mae());
    assertClose(merged.rmse(), whole.rmse());
    assertClose(merged.mape(), whole.mape());
    assertClose(merged.r2(), whole.r2());
    assertClose(merged.meanError(), whole.meanError());
  }

  @Test
  void serializationRoundTripsExactly() {
    List<double[]> rows = rows(QualityReferences.load("regression.json"));
    RegressionAccumulator original = accumulate(rows.subList(0, 400));
    RegressionAccumulator restored = RegressionAccumulator.fromBytes(original.toBytes());
    assertThat(restored.metrics()).isEqualTo(original.metrics());
    rows.subList(400, rows.size()).forEach(r -> {
      original.add(r[0], r[1]);
      restored.add(r[0], r[1]);
    });
    assertThat(restored.metrics()).isEqualTo(original.metrics());
    assertThat(original.toBytes()).hasSize(2 + 2 + 8 * 3 + 2 + 8 * 4);
  }

  @Test
  void undefinedFiguresAreNull() {
    RegressionAccumulator acc = new RegressionAccumulator().add(3.0, 0.0);
    RegressionMetrics m = acc.metrics().orElseThrow();
    assertThat(m.mape()).as("every true value is 0").isNull();
    assertThat(m.mapeCount()).isZero();
    assertThat(m.r2()).as("true values do not vary").isNull();
    assertThat(m.mae()).isEqualTo(3.0);
    assertThat(m.meanError()).isEqualTo(3.0);
    assertThat(m.toMetricMap()).containsOnlyKeys("mae", "rmse", "mean_error");
    assertThat(new RegressionAccumulator().metrics()).isEmpty();
  }

  @Test
  void nonFiniteValuesAreRejected() {
    RegressionAccumulator acc = new RegressionAccumulator();
    assertThatThrownBy(() -> acc.add(Double.NaN, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite");
    assertThat(acc.count()).isZero();
  }
}
