package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.performance.BaselineQualityTracker.Offer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineQualityTrackerTest {

  @Test
  void fixesTheLabelWeightedMeanOfTheFirstWindows() {
    BaselineQualityTracker tracker = new BaselineQualityTracker(3, 10);
    assertThat(tracker.offer(0, 5, Map.of("accuracy", 0.1))).as("too few labels").isEqualTo(Offer.IGNORED);
    assertThat(tracker.offer(0, 100, Map.of("accuracy", 0.80, "roc_auc", 0.9))).isEqualTo(Offer.HELD);
    assertThat(tracker.offer(60_000, 300, Map.of("accuracy", 0.90))).isEqualTo(Offer.HELD);
    // Late labels revise the first window: its figures are replaced, not added.
    assertThat(tracker.offer(0, 200, Map.of("accuracy", 0.85, "roc_auc", 0.92))).isEqualTo(Offer.HELD);
    assertThat(tracker.baseline()).isEmpty();
    assertThat(tracker.offer(120_000, 500, Map.of("accuracy", 0.88, "log_loss", Double.NaN))).isEqualTo(Offer.FIXED);

    Map<String, Double> baseline = tracker.baseline().orElseThrow();
    assertThat(baseline.get("accuracy"))
        .isCloseTo((0.85 * 200 + 0.90 * 300 + 0.88 * 500) / 1000, within(1e-15));
    assertThat(baseline.get("roc_auc")).as("defined in one window only").isEqualTo(0.92);
    assertThat(baseline).doesNotContainKey("log_loss");
    assertThat(tracker.labelledCount()).as("the revised first window's 200, not 100 + 200")
        .isEqualTo(200 + 300 + 500);
    assertThat(tracker.offer(180_000, 1000, Map.of("accuracy", 0.1))).as("not one of the three")
        .isEqualTo(Offer.IGNORED);
    assertThat(tracker.baseline()).contains(baseline);
    assertThat(tracker.labelledCount()).as("later windows are not counted").isEqualTo(1000);
    assertThat(BaselineQualityTracker.fromBytes(tracker.toBytes()).labelledCount()).isEqualTo(1000);
  }

  @Test
  void lateLabelsOfItsOwnWindowsReviseAFixedBaseline() {
    BaselineQualityTracker tracker = new BaselineQualityTracker(2, 10);
    tracker.offer(0, 100, Map.of("accuracy", 0.96));
    assertThat(tracker.offer(60_000, 100, Map.of("accuracy", 0.94))).isEqualTo(Offer.FIXED);
    assertThat(tracker.baseline().orElseThrow().get("accuracy")).isCloseTo(0.95, within(1e-15));
    // The labels that came late were mostly of mistakes (the delay depended on the label).
    assertThat(tracker.offer(0, 400, Map.of("accuracy", 0.90))).isEqualTo(Offer.REVISED);
    assertThat(tracker.baseline().orElseThrow().get("accuracy"))
        .isCloseTo((0.90 * 400 + 0.94 * 100) / 500, within(1e-15));
    assertThat(tracker.labelledCount()).isEqualTo(500);
    assertThat(tracker.offer(0, 400, Map.of("accuracy", 0.5))).as("no new labels").isEqualTo(Offer.IGNORED);
    assertThat(tracker.offer(0, 300, Map.of("accuracy", 0.5))).as("fewer labels").isEqualTo(Offer.IGNORED);
    assertThat(BaselineQualityTracker.fromBytes(tracker.toBytes()).baseline()).isEqualTo(tracker.baseline());
  }

  @Test
  void mergeUnitesWindowsKeepsTheEarliestAndPrefersMoreLabels() {
    BaselineQualityTracker d = tracker(3, 0, 30, 0.7, 400, 10, 0.1);
    BaselineQualityTracker e = tracker(3, 0, 10, 0.5, 100, 10, 0.2);
    d.merge(e);
    assertThat(d.baseline().orElseThrow().get("accuracy")).as("window 0 from d (30 labels)")
        .isCloseTo((0.7 * 30 + 0.2 * 10 + 0.1 * 10) / 50, within(1e-15));

    BaselineQualityTracker g = tracker(3, 0, 10, 0.5, 400, 10, 0.1);
    BaselineQualityTracker h = tracker(3, 100, 10, 0.6, 300, 10, 0.7);
    g.merge(h);
    assertThat(g.baseline().orElseThrow().get("accuracy")).as("window 400 is not among the first 3")
        .isCloseTo((0.5 + 0.6 + 0.7) / 3, within(1e-15));
  }

  @Test
  void aFixedSideWinsAMerge() {
    BaselineQualityTracker fixed = tracker(2, 0, 10, 0.9, 100, 10, 0.8);
    assertThat(fixed.isFixed()).isTrue();
    BaselineQualityTracker open = tracker(2, 0, 50, 0.1, 50, 50, 0.1);
    assertThat(open.isFixed()).isTrue();
    BaselineQualityTracker unfixed = new BaselineQualityTracker(2, 1);
    unfixed.offer(500, 10, Map.of("accuracy", 0.2));
    unfixed.merge(fixed);
    assertThat(unfixed.baseline()).isEqualTo(fixed.baseline());
    // Both fixed: the one fixed on earlier windows wins.
    fixed.merge(open);
    assertThat(fixed.baseline()).isEqualTo(open.baseline());
  }

  private static BaselineQualityTracker tracker(int required, long start1, long labels1, double accuracy1,
                                                long start2, long labels2, double accuracy2) {
    BaselineQualityTracker tracker = new BaselineQualityTracker(required, 1);
    tracker.offer(start1, labels1, Map.of("accuracy", accuracy1));
    tracker.offer(start2, labels2, Map.of("accuracy", accuracy2));
    return tracker;
  }

  @Test
  void roundTripsAndRejectsCorruption() {
    BaselineQualityTracker tracker = new BaselineQualityTracker(3, 1);
    tracker.offer(-5, 3, Map.of("accuracy", 0.5, "f1", 0.4));
    BaselineQualityTracker restored = BaselineQualityTracker.fromBytes(tracker.toBytes());
    assertThat(restored.toBytes()).isEqualTo(tracker.toBytes());
    assertThat(restored.windowsSeen()).isEqualTo(1);
    restored.offer(1, 1, Map.of());
    restored.offer(2, 1, Map.of());
    assertThat(restored.baseline().orElseThrow()).containsOnlyKeys("accuracy", "f1");
    assertThat(BaselineQualityTracker.fromBytes(restored.toBytes()).baseline()).isEqualTo(restored.baseline());

    assertThatThrownBy(() -> new BaselineQualityTracker(0, 1)).hasMessageContaining("requiredWindows");
  }
}
