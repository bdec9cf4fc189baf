package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A quality baseline over any interleaving of windows' first reports, late-label revisions and
 * restarts: it is fixed once {@code required} windows have counted, from the first {@code required}
 * to count, and from then on it is always the label-weighted accuracy of those windows' latest
 * figures, as an independent oracle computes it here.
 */
class BaselineQualityTrackerPropertyTest {

  @Property(tries = 500)
  void theBaselineIsAlwaysTheWeightedAccuracyOfTheFirstWindowsLatestLabels(
      @ForAll @IntRange(min = 1, max = 4) int required,
      @ForAll @IntRange(min = 1, max = 60) int minLabelled,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int windowCount = 1 + random.nextInt(8);
    long[] labels = new long[windowCount];
    // Each window's labels arrive in steps; its accuracy over them drifts as they do.
    List<Integer> steps = new ArrayList<>();
    for (int w = 0; w < windowCount; w++) {
      int revisions = 1 + random.nextInt(5);
      for (int r = 0; r < revisions; r++) {
        steps.add(w);
      }
    }
    java.util.Collections.shuffle(steps, new java.util.Random(random.nextLong()));

    BaselineQualityTracker tracker = new BaselineQualityTracker(required, minLabelled);
    Map<Integer, double[]> chosen = new LinkedHashMap<>(); // window -> {labels, accuracy}, oracle's own
    for (int w : steps) {
      labels[w] += 1 + random.nextInt(40);
      double accuracy = random.nextInt(1001) / 1000.0;
      tracker.offer(w * 60_000L, labels[w], Map.of("accuracy", accuracy));
      if (labels[w] >= minLabelled && (chosen.containsKey(w) || chosen.size() < required)) {
        chosen.put(w, new double[] {labels[w], accuracy});
      }
      if (random.nextInt(4) == 0) {
        tracker = BaselineQualityTracker.fromBytes(tracker.toBytes()); // a restart restores it from its changelog
      }

      boolean fixed = chosen.size() == required;
      assertThat(tracker.isFixed()).isEqualTo(fixed);
      if (fixed) {
        double weighted = 0;
        long total = 0;
        for (double[] figures : chosen.values()) {
          weighted += figures[0] * figures[1];
          total += (long) figures[0];
        }
        assertThat(tracker.baseline().orElseThrow().get("accuracy")).isCloseTo(weighted / total, within(1e-12));
        assertThat(tracker.labelledCount()).isEqualTo(total);
      } else {
        assertThat(tracker.baseline()).isEmpty();
      }
    }
  }
}
