package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Segments and fairness against {@code fairness.json}: groups A, B, C with a known gap (C's true
 * positive rate is 0.5 against A's 0.85, so it is selected less) and a group D below the minimum
 * count of 30. Reference figures are written out explicitly in numpy. Tolerance 1e-12: the same
 * ratios of integer counts.
 */
class FairnessCalculatorTest {

  private static final double EXACT = 1e-12;

  private static SegmentAccumulator accumulate(JsonNode records, int from, int to) {
    SegmentAccumulator acc = new SegmentAccumulator(List.of("group", "region"), 10);
    for (int i = from; i < to; i++) {
      JsonNode r = records.get(i);
      Map<String, String> segments = Map.of("group", r.get("group").asText());
      boolean predicted = r.get("predicted_positive").asBoolean();
      acc.addPrediction(segments, predicted);
      Boolean actual = QualityReferences.booleanOrNull(r, "actual_positive");
      if (actual != null) {
        acc.addOutcome(segments, predicted, actual);
      }
    }
    return acc;
  }

  @Test
  void groupFiguresMatchTheReference() {
    JsonNode reference = QualityReferences.load("fairness.json");
    JsonNode records = reference.get("records");
    List<GroupStats> groups = accumulate(records, 0, records.size()).groups("group");
    JsonNode expected = reference.get("expected").get("groups");

    assertThat(groups).extracting(GroupStats::value).containsExactly("A", "B", "C", "D");
    for (GroupStats g : groups) {
      JsonNode want = expected.get(g.value());
      assertThat(g.count()).isEqualTo(want.get("count").asLong());
      assertThat(g.positivePredictions()).isEqualTo(want.get("positive_predictions").asLong());
      assertThat(new long[] {g.truePositives(), g.falsePositives(), g.trueNegatives(), g.falseNegatives()})
          .containsExactly(want.get("tp").asLong(), want.get("fp").asLong(), want.get("tn").asLong(), want.get("fn").asLong());
      assertThat(g.positiveRate()).isCloseTo(want.get("positive_rate").asDouble(), within(EXACT));
      assertThat(g.truePositiveRate()).isCloseTo(want.get("tpr").asDouble(), within(EXACT));
      assertThat(g.falsePositiveRate()).isCloseTo(want.get("fpr").asDouble(), within(EXACT));
      assertThat(g.accuracy()).isCloseTo(want.get("accuracy").asDouble(), within(EXACT));
    }
  }

  @Test
  void fairnessAgainstTheBestGroupAndAConfiguredGroup() {
    JsonNode reference = QualityReferences.load("fairness.json");
    JsonNode records = reference.get("records");
    SegmentAccumulator segments = accumulate(records, 0, records.size());
    long minCount = reference.get("min_group_count").asLong();

    FairnessReport best = new FairnessCalculator(new FairnessCalculator.Config(minCount, Map.of()))
        .evaluate(segments).get(0);
    assertReport(best, reference.get("expected").get("best_reference"), false);
    assertThat(best.passesFourFifthsRule()).as("C is selected at 64 % of A's rate").isFalse();

    FairnessReport configured = new FairnessCalculator(new FairnessCalculator.Config(minCount, Map.of("group", "B")))
        .evaluate("group", segments.groups("group"));
    assertReport(configured, reference.get("expected").get("reference_B"), true);
    assertThat(configured.passesFourFifthsRule()).isFalse();
  }

  private static void assertReport(FairnessReport report, JsonNode want, boolean configured) {
    assertThat(report.attribute()).isEqualTo("group");
    assertThat(report.referenceGroup()).isEqualTo(want.get("reference_group").asText());
    assertThat(report.referenceConfigured()).isEqualTo(configured);
    assertThat(report.worstGroup()).isEqualTo(want.get("worst_group").asText());
    assertThat(report.demographicParityDifference())
        .isCloseTo(want.get("demographic_parity_difference").asDouble(), within(EXACT));
    assertThat(report.disparateImpactRatio()).isCloseTo(want.get("disparate_impact_ratio").asDouble(), within(EXACT));
    assertThat(report.equalOpportunityDifference())
        .isCloseTo(want.get("equal_opportunity_difference").asDouble(), within(EXACT));
    List<String> compared = new ArrayList<>();
    want.get("compared_groups").forEach(g -> compared.add(g.asText()));
    assertThat(report.comparedGroups()).isNotEmpty().containsExactlyElementsOf(compared);
    assertThat(report.excludedGroups()).containsExactly("D");
  }

  @Test
  void mergingPartsEqualsTheWholeAndStateRoundTrips() {
    JsonNode records = QualityReferences.load("fairness.json").get("records");
    SegmentAccumulator whole = accumulate(records, 0, records.size());
    SegmentAccumulator merged = accumulate(records, 0, 500).merge(accumulate(records, 500, records.size()));
    assertThat(merged.groups("group")).isEqualTo(whole.groups("group"));
    assertThat(merged.groups("region")).isEmpty();

    SegmentAccumulator restored = SegmentAccumulator.fromBytes(whole.toBytes());
    assertThat(restored.groups("group")).isEqualTo(whole.groups("group"));
    assertThat(restored.attributes()).containsExactly("group", "region");
    assertThat(restored.toBytes()).isEqualTo(whole.toBytes());
  }

  @Test
  void valuesBeyondTheCapFoldIntoOtherWhichNeverTakesPart() {
    SegmentAccumulator acc = new SegmentAccumulator(List.of("tenant"), 2);
    for (int i = 0; i < 100; i++) {
      acc.addPrediction(Map.of("tenant", "t" + (i % 4)), i % 2 == 0);
    }
    acc.addPrediction(Map.of("region", "eu"), true);
    List<GroupStats> groups = acc.groups("tenant");
    assertThat(groups).extracting(GroupStats::value).containsExactly(SegmentAccumulator.OTHER_VALUE, "t0", "t1");
    assertThat(groups).extracting(GroupStats::count).containsExactly(50L, 25L, 25L);

    FairnessReport report = new FairnessCalculator(new FairnessCalculator.Config(10, Map.of()))
        .evaluate("tenant", groups);
    assertThat(report.excludedGroups()).containsExactly(SegmentAccumulator.OTHER_VALUE);
    assertThat(report.referenceGroup()).isEqualTo("t0");
    assertThat(report.worstGroup()).isEqualTo("t1");
    assertThat(report.disparateImpactRatio()).isEqualTo(0.0);
    assertThat(report.equalOpportunityDifference()).as("no labels").isNull();
  }

  @Test
  void undefinedFiguresAreNullNotZero() {
    FairnessCalculator calculator = new FairnessCalculator(new FairnessCalculator.Config(5, Map.of("g", "missing")));
    List<GroupStats> groups = List.of(new GroupStats("a", 10, 0, 0, 0, 0, 0), new GroupStats("b", 10, 0, 0, 0, 0, 0));
    FairnessReport unknownReference = calculator.evaluate("g", groups);
    assertThat(unknownReference.referenceGroup()).isEqualTo("missing");
    assertThat(unknownReference.demographicParityDifference()).isNull();

    FairnessReport nobodySelected = new FairnessCalculator(new FairnessCalculator.Config(5, Map.of()))
        .evaluate("g", groups);
    assertThat(nobodySelected.demographicParityDifference()).isEqualTo(0.0);
    assertThat(nobodySelected.disparateImpactRatio()).as("PR(ref) = 0").isNull();
    assertThat(nobodySelected.worstGroup()).isNull();
    assertThat(nobodySelected.passesFourFifthsRule()).isNull();

    FairnessReport single = calculator.evaluate("h", List.of(new GroupStats("a", 10, 5, 0, 0, 0, 0)));
    assertThat(single.referenceGroup()).isEqualTo("a");
    assertThat(single.comparedGroups()).isEmpty();
    assertThat(single.disparateImpactRatio()).isNull();
  }

  /** A window open across a restart that changes segments.attributes merges what both track, and fails nothing. */
  @Test
  void accumulatorsOfAnotherAttributeListMergeTheAttributesBothTrack() {
    SegmentAccumulator before = new SegmentAccumulator(List.of("region", "tenant"), 5)
        .addPrediction(Map.of("region", "eu", "tenant", "t1"), true);
    SegmentAccumulator after = new SegmentAccumulator(List.of("region", "channel"), 5)
        .addPrediction(Map.of("region", "eu", "channel", "web"), false);

    SegmentAccumulator merged = after.merge(before);

    assertThat(merged.attributes()).containsExactly("region", "channel");
    assertThat(merged.groups("region")).containsExactly(new GroupStats("eu", 2, 1, 0, 0, 0, 0));
    assertThat(merged.groups("channel")).containsExactly(new GroupStats("web", 1, 0, 0, 0, 0, 0));
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatThrownBy(() -> new SegmentAccumulator(List.of("a", "a"), 5)).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> new SegmentAccumulator(List.of("a"), 0)).hasMessageContaining("maxValuesPerAttribute");
    assertThatThrownBy(() -> new SegmentAccumulator(List.of("a"), 5).groups("b")).hasMessageContaining("not tracked");
    assertThatThrownBy(() -> new FairnessCalculator.Config(0, Map.of())).hasMessageContaining("minGroupCount");
  }
}
