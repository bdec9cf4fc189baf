package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link ClassificationAccumulator} against scikit-learn 1.2 (accuracy, precision, recall,
 * F1, ROC AUC, log loss, Brier score) and explicit numpy formulas (ECE, binned AUC and its bound)
 * from {@code make_quality_references.py}.
 *
 * <p>Tolerances: 1e-12 absolute for figures computed by the same formula in double precision
 * (only the summation order differs); the exact ROC AUC must lie within the accumulator's own
 * {@code aucErrorBound} (plus 1e-12 for rounding), and the binned AUC and bound must equal the
 * reference's binned figures within 1e-12.
 */
class ClassificationAccumulatorTest {

  private static final double EXACT = 1e-12;

  private record Row(String predicted, String trueLabel, Double score, Map<String, Double> probabilities) {}

  private static List<Row> rows(JsonNode reference) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode r : reference.get("records")) {
      rows.add(new Row(QualityReferences.textOrNull(r, "predicted"), r.get("true").asText(),
          QualityReferences.doubleOrNull(r, "score"), QualityReferences.doubleMap(r.get("probabilities"))));
    }
    return rows;
  }

  private static ClassificationAccumulator accumulate(ClassificationAccumulator.Config config, List<Row> rows) {
    ClassificationAccumulator acc = new ClassificationAccumulator(config);
    rows.forEach(r -> acc.add(r.predicted(), r.trueLabel(), r.score(), r.probabilities()));
    return acc;
  }

  private static ClassificationAccumulator.Config binaryConfig(JsonNode reference, int bins) {
    return new ClassificationAccumulator.Config(reference.get("positive_label").asText(),
        reference.get("negative_label").asText(), 100, bins, 0.5);
  }

  private static void assertPerClass(ClassificationMetrics m, JsonNode expected) {
    assertThat(m.perClass().keySet()).containsExactlyElementsOf(() -> expected.fieldNames());
    expected.properties().forEach(e -> {
      PerClassMetrics actual = m.perClass().get(e.getKey());
      JsonNode want = e.getValue();
      assertThat(actual.precision()).as("precision of %s", e.getKey()).isCloseTo(want.get("precision").asDouble(), within(EXACT));
      assertThat(actual.recall()).as("recall of %s", e.getKey()).isCloseTo(want.get("recall").asDouble(), within(EXACT));
      assertThat(actual.f1()).as("f1 of %s", e.getKey()).isCloseTo(want.get("f1").asDouble(), within(EXACT));
      assertThat(actual.support()).isEqualTo(want.get("support").asLong());
      assertThat(actual.predicted()).isEqualTo(want.get("predicted").asLong());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"classification_binary.json", "classification_binary_coarse.json"})
  void binaryFiguresMatchScikitLearn(String file) {
    JsonNode reference = QualityReferences.load(file);
    JsonNode expected = reference.get("expected");
    ClassificationMetrics m = accumulate(binaryConfig(reference, 1000), rows(reference)).metrics().orElseThrow();

    assertThat(m.count()).isEqualTo(reference.get("records").size());
    assertThat(m.scoredCount()).isEqualTo(m.count());
    assertThat(m.accuracy()).isCloseTo(expected.get("accuracy").asDouble(), within(EXACT));
    assertThat(m.precision()).isCloseTo(expected.get("precision").asDouble(), within(EXACT));
    assertThat(m.recall()).isCloseTo(expected.get("recall").asDouble(), within(EXACT));
    assertThat(m.f1()).isCloseTo(expected.get("f1").asDouble(), within(EXACT));
    assertThat(m.macroPrecision()).isCloseTo(expected.get("macro_precision").asDouble(), within(EXACT));
    assertThat(m.macroRecall()).isCloseTo(expected.get("macro_recall").asDouble(), within(EXACT));
    assertThat(m.macroF1()).isCloseTo(expected.get("macro_f1").asDouble(), within(EXACT));
    assertPerClass(m, expected.get("per_class"));
    assertThat(m.logLoss()).isCloseTo(expected.get("log_loss").asDouble(), within(EXACT));
    assertThat(m.brier()).isCloseTo(expected.get("brier").asDouble(), within(EXACT));
    assertThat(m.expectedCalibrationError()).isCloseTo(expected.get("ece").asDouble(), within(EXACT));

    assertThat(m.rocAuc()).isCloseTo(expected.get("roc_auc_binned_1000").asDouble(), within(EXACT));
    assertThat(m.aucErrorBound()).isCloseTo(expected.get("auc_error_bound_1000").asDouble(), within(EXACT));
    assertThat(Math.abs(m.rocAuc() - expected.get("roc_auc_exact").asDouble()))
        .isLessThanOrEqualTo(m.aucErrorBound() + EXACT);
    assertThat(m.toMetricMap()).containsKeys("accuracy", "precision", "recall", "f1", "macro_f1",
        "roc_auc", "log_loss", "brier", "ece");
  }

  /** Coarser histograms widen the bound; the exact AUC must still lie inside it. */
  @ParameterizedTest
  @ValueSource(ints = {10, 100})
  void aucBoundHoldsForCoarseHistograms(int bins) {
    JsonNode reference = QualityReferences.load("classification_binary_coarse.json");
    JsonNode expected = reference.get("expected");
    ClassificationMetrics m = accumulate(binaryConfig(reference, bins), rows(reference)).metrics().orElseThrow();

    assertThat(m.rocAuc()).isCloseTo(expected.get("roc_auc_binned_" + bins).asDouble(), within(EXACT));
    assertThat(m.aucErrorBound()).isCloseTo(expected.get("auc_error_bound_" + bins).asDouble(), within(EXACT));
    double exact = expected.get("roc_auc_exact").asDouble();
    assertThat(Math.abs(m.rocAuc() - exact)).isLessThanOrEqualTo(m.aucErrorBound() + EXACT);
    assertThat(m.rocAuc()).isNotCloseTo(exact, within(1e-6));
  }

  /** All positives score above all negatives within one bin: the worst case meets the bound. */
  @Test
  void aucBoundIsTight() {
    ClassificationAccumulator acc = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
    acc.add("1", "1", 0.5009, null).add("1", "0", 0.5001, null);
    ClassificationMetrics m = acc.metrics().orElseThrow();
    assertThat(m.rocAuc()).isEqualTo(0.5);
    assertThat(m.aucErrorBound()).isEqualTo(0.5);
    // The exact AUC is 1.0 = rocAuc + bound.
  }

  @Test
  void multiclassFiguresMatchScikitLearn() {
    JsonNode reference = QualityReferences.load("classification_multiclass.json");
    JsonNode expected = reference.get("expected");
    ClassificationMetrics m = accumulate(ClassificationAccumulator.Config.defaults(), rows(reference))
        .metrics().orElseThrow();

    assertThat(m.accuracy()).isCloseTo(expected.get("accuracy").asDouble(), within(EXACT));
    assertThat(m.macroPrecision()).isCloseTo(expected.get("macro_precision").asDouble(), within(EXACT));
    assertThat(m.macroRecall()).isCloseTo(expected.get("macro_recall").asDouble(), within(EXACT));
    assertThat(m.macroF1()).isCloseTo(expected.get("macro_f1").asDouble(), within(EXACT));
    assertPerClass(m, expected.get("per_class"));
    assertThat(m.perClass().get("e").support()).isZero();
    assertThat(m.logLoss()).isCloseTo(expected.get("log_loss").asDouble(), within(EXACT));
    // No class "1" in this task: the positive-class figures are undefined, not zero.
    assertThat(m.precision()).isNull();
    assertThat(m.rocAuc()).isNull();
    assertThat(m.brier()).isNull();
    assertThat(m.toMetricMap()).containsOnlyKeys("accuracy", "macro_precision", "macro_recall",
        "macro_f1", "log_loss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"classification_binary.json", "classification_multiclass.json"})
  void mergingHalvesEqualsTheWhole(String file) {
    JsonNode reference = QualityReferences.load(file);
    ClassificationAccumulator.Config config = file.contains("binary")
        ? binaryConfig(reference, 1000) : ClassificationAccumulator.Config.defaults();
    List<Row> rows = rows(reference);
    int cut = rows.size() / 3;
    ClassificationAccumulator whole = accumulate(config, rows);
    ClassificationAccumulator merged = accumulate(config, rows.subList(0, cut))
        .merge(accumulate(config, rows.subList(cut, rows.size())));

    assertSameMetrics(merged.metrics().orElseThrow(), whole.metrics().orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"classification_binary.json", "classification_multiclass.json"})
  void serializationRoundTripsExactly(String file) {
    JsonNode reference = QualityReferences.load(file);
    ClassificationAccumulator.Config config = file.contains("binary")
        ? binaryConfig(reference, 1000) : ClassificationAccumulator.Config.defaults();
    List<Row> rows = rows(reference);
    ClassificationAccumulator original = accumulate(config, rows.subList(0, 700));
    byte[] bytes = original.toBytes();
    ClassificationAccumulator restored = ClassificationAccumulator.fromBytes(bytes);

    assertThat(restored.metrics()).isEqualTo(original.metrics());
    assertThat(restored.toBytes()).isEqualTo(bytes);
    assertThat(restored.config()).isEqualTo(config);
    // The restored accumulator keeps accumulating like the original.
    rows.subList(700, rows.size()).forEach(r -> {
      original.add(r.predicted(), r.trueLabel(), r.score(), r.probabilities());
      restored.add(r.predicted(), r.trueLabel(), r.score(), r.probabilities());
    });
    assertThat(restored.metrics()).isEqualTo(original.metrics());
  }

  @Test
  void emptyAccumulatorHasNoMetricsAndSerializesSmall() {
    ClassificationAccumulator empty = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
    assertThat(empty.metrics()).isEmpty();
    assertThat(empty.toBytes()).hasSizeLessThan(220);
    assertThat(ClassificationAccumulator.fromBytes(empty.toBytes()).metrics()).isEmpty();
  }

  @Test
  void labelsBeyondTheCapFoldIntoOtherButAccuracyStaysExact() {
    ClassificationAccumulator acc = new ClassificationAccumulator(new ClassificationAccumulator.Config("1", "0", 3, 1000, 0.5));
    acc.add("a", "a", null, null).add("b", "a", null, null).add("c", "c", null, null)
        .add("d", "d", null, null).add("e", "d", null, null).add("a", "e", null, null);
    ClassificationMetrics m = acc.metrics().orElseThrow();

    assertThat(m.classesTruncated()).isTrue();
    assertThat(m.perClass()).containsOnlyKeys("a", "b", "c", ClassificationAccumulator.OTHER_CLASS);
    assertThat(m.accuracy()).isEqualTo(3.0 / 6);
    PerClassMetrics other = m.perClass().get(ClassificationAccumulator.OTHER_CLASS);
    assertThat(other.support()).isEqualTo(3);
    assertThat(other.predicted()).isEqualTo(2);
    // Macro averages cover the three tracked classes only: a (P 1/2, R 1/2), b (0, 0), c (1, 1).
    assertThat(m.macroPrecision()).isCloseTo((0.5 + 0 + 1) / 3, within(EXACT));
  }

  @Test
  void predictedLabelIsDerivedFromScoreOrProbabilities() {
    ClassificationAccumulator acc = new ClassificationAccumulator(ClassificationAccumulator.Config.binary("yes", "no"));
    acc.add(null, "yes", 0.5, null).add(null, "no", 0.49, null);
    assertThat(acc.metrics().orElseThrow().accuracy()).isEqualTo(1.0);

    ClassificationAccumulator multi = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
    multi.add(null, "b", null, Map.of("a", 0.2, "b", 0.4, "c", 0.4));
    assertThat(multi.metrics().orElseThrow().perClass().get("b").predicted()).isEqualTo(1);
  }

  @Test
  void badInputIsRejectedWithTheCause() {
    ClassificationAccumulator acc = new ClassificationAccumulator(ClassificationAccumulator.Config.defaults());
    assertThatThrownBy(() -> acc.add("1", null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trueLabel is null");
    assertThatThrownBy(() -> acc.add("1", "1", 1.2, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive score 1.2");
    assertThatThrownBy(() -> acc.add("1", "1", Double.NaN, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> acc.add(null, "1", null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no label, score or class probabilities");
    assertThatThrownBy(() -> acc.add("a", "a", null, Map.of("a", -0.1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probability of class 'a'");
    assertThat(acc.count()).isZero();
    assertThatThrownBy(() -> new ClassificationAccumulator.Config("1", "1", 10, 1000, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both '1'");
    assertThatThrownBy(() -> acc.merge(new ClassificationAccumulator(ClassificationAccumulator.Config.binary("x", "y"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different configurations");
  }

  static void assertSameMetrics(ClassificationMetrics actual, ClassificationMetrics expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.perClass()).isEqualTo(expected.perClass());
    assertThat(actual.accuracy()).isEqualTo(expected.accuracy());
    assertThat(actual.macroF1()).isEqualTo(expected.macroF1());
    assertThat(actual.rocAuc()).isEqualTo(expected.rocAuc());
    assertThat(actual.aucErrorBound()).isEqualTo(expected.aucErrorBound());
    // Sums of doubles in another order: equal to rounding.
    if (expected.logLoss() != null) {
      assertThat(actual.logLoss()).isCloseTo(expected.logLoss(), within(EXACT));
    }
    if (expected.brier() != null) {
      assertThat(actual.brier()).isCloseTo(expected.brier(), within(EXACT));
      assertThat(actual.expectedCalibrationError()).isCloseTo(expected.expectedCalibrationError(), within(EXACT));
    }
  }
}
