package io.driftwatch.performance;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fixes a quality baseline from the first {@code requiredWindows} labelled windows of a model
 * version, for versions whose reference profile carries no baseline quality.
 *
 * <p>Each window is offered with its labelled count and metric map, again whenever late labels
 * revise it; a revision replaces the window's earlier figures. A window counts once it has at
 * least {@code minLabelledPerWindow} labels. When {@code requiredWindows} windows count, the
 * baseline is fixed: which windows make it no longer changes, and other windows' offers are
 * ignored. Their own revisions still count, until they stop coming (the label horizon): a baseline
 * fixed from the labels that came first would otherwise keep their bias for good wherever the
 * delay of a label depends on it (a chargeback comes weeks after a purchase, its absence is
 * certain only later), and every later window, judged on complete labels, would be compared with
 * it. The baseline of a metric is the mean of its window values weighted by labelled count (for
 * accuracy this is the pooled accuracy of the windows), over the windows where the metric is
 * defined.
 *
 * <p>Mergeable: a fixed side wins (the one fixed on earlier windows if both are); otherwise the
 * windows are united (on the same window the figures with more labels win), the earliest
 * {@code requiredWindows} are kept, and the baseline is fixed if they are enough.
 */
public final class BaselineQualityTracker {

  private static final byte KIND = 'B';
  private static final byte VERSION = 1;
  private static final int MAX_WINDOWS = 10_000;
  private static final int MAX_METRICS = 1_000;

  private record WindowFigures(long labelledCount, Map<String, Double> metrics) {}

  private final int requiredWindows;
  private final long minLabelledPerWindow;
  private final TreeMap<Long, WindowFigures> windows = new TreeMap<>();
  private Map<String, Double> baseline;

  /**
   * @param requiredWindows labelled windows the baseline is made of (at least 1)
   * @param minLabelledPerWindow labels a window needs to count (at least 1)
   */
  public BaselineQualityTracker(int requiredWindows, long minLabelledPerWindow) {
    if (requiredWindows < 1 || requiredWindows > MAX_WINDOWS) {
      throw new IllegalArgumentException("requiredWindows " + requiredWindows + " must be in [1, "
          + MAX_WINDOWS + "]");
    }
    if (minLabelledPerWindow < 1) {
      throw new IllegalArgumentException("minLabelledPerWindow " + minLabelledPerWindow
          + " must be at least 1");
    }
    this.requiredWindows = requiredWindows;
    this.minLabelledPerWindow = minLabelledPerWindow;
  }

  public int requiredWindows() {
    return requiredWindows;
  }

  public long minLabelledPerWindow() {
    return minLabelledPerWindow;
  }

  /** What an offer did. */
  public enum Offer {
    /** Nothing: too few labels, a window outside a fixed baseline, or no more labels than before. */
    IGNORED,
    /** Held towards a baseline not yet fixed. */
    HELD,
    /** Fixed the baseline. */
    FIXED,
    /** Revised one of the windows a fixed baseline is made of, and with it the baseline. */
    REVISED
  }

  /**
   * Offers a window's realised quality.
   *
   * @param windowStart start of the window, epoch ms
   * @param labelledCount labelled predictions in the window
   * @param metrics the window's figures by metric name; non-finite values are ignored
   * @return what the offer did
   */
  public Offer offer(long windowStart, long labelledCount, Map<String, Double> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    if (labelledCount < minLabelledPerWindow) {
      return Offer.IGNORED;
    }
    if (baseline != null) {
      WindowFigures held = windows.get(windowStart);
      if (held == null || labelledCount <= held.labelledCount()) {
        return Offer.IGNORED;
      }
      windows.put(windowStart, figures(labelledCount, metrics));
      baseline = weightedMeans();
      return Offer.REVISED;
    }
    windows.put(windowStart, figures(labelledCount, metrics));
    return fixIfComplete() ? Offer.FIXED : Offer.HELD;
  }

  private static WindowFigures figures(long labelledCount, Map<String, Double> metrics) {
    Map<String, Double> finite = new TreeMap<>();
    metrics.forEach((name, value) -> {
      if (value != null && Double.isFinite(value)) {
        finite.put(Objects.requireNonNull(name, "metric name"), value);
      }
    });
    return new WindowFigures(labelledCount, Collections.unmodifiableMap(finite));
  }

  /** Whether the baseline is fixed. */
  public boolean isFixed() {
    return baseline != null;
  }

  /** Labelled windows held while the baseline is not yet fixed (or that fixed it). */
  public int windowsSeen() {
    return windows.size();
  }

  /** The fixed baseline by metric name, or empty while too few windows have been labelled. */
  public Optional<Map<String, Double>> baseline() {
    return Optional.ofNullable(baseline);
  }

  /**
   * Labelled predictions in the windows held: once fixed, those the baseline is measured on so far
   * (for a metric every window defines, such as accuracy, its whole weight).
   */
  public long labelledCount() {
    long sum = 0;
    for (WindowFigures figures : windows.values()) {
      sum += figures.labelledCount();
    }
    return sum;
  }

  /** Merges {@code other} into this tracker; see the class comment. */
  public BaselineQualityTracker merge(BaselineQualityTracker other) {
    if (requiredWindows != other.requiredWindows || minLabelledPerWindow != other.minLabelledPerWindow) {
      throw new IllegalArgumentException("cannot merge baseline trackers configured differently: "
          + requiredWindows + "/" + minLabelledPerWindow + " vs " + other.requiredWindows + "/"
          + other.minLabelledPerWindow);
    }
    if (baseline != null && (other.baseline == null || !otherFixedEarlier(other))) {
      return this;
    }
    if (other.baseline != null) {
      windows.clear();
      windows.putAll(other.windows);
      baseline = other.baseline;
      return this;
    }
    other.windows.forEach((start, figures) -> windows.merge(start, figures,
        (mine, theirs) -> theirs.labelledCount() > mine.labelledCount() ? theirs : mine));
    while (windows.size() > requiredWindows) {
      windows.pollLastEntry();
    }
    fixIfComplete();
    return this;
  }

  /** Compact binary state: kind byte 'B', version 1, config, windows, baseline. */
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeCount(requiredWindows)
        .writeCount(minLabelledPerWindow)
        .writeCount(windows.size());
    windows.forEach((start, figures) -> {
      out.writeLong(start).writeCount(figures.labelledCount());
      writeMetrics(out, figures.metrics());
    });
    out.writeBoolean(baseline != null);
    if (baseline != null) {
      writeMetrics(out, baseline);
    }
    return out.toBytes();
  }

  /**
   * Restores a tracker from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state
   */
  public static BaselineQualityTracker fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "BaselineQualityTracker");
    int required = in.readSize(MAX_WINDOWS, "requiredWindows");
    long minLabelled = in.readCount();
    if (required < 1 || minLabelled < 1) {
      throw in.corrupt("invalid configuration " + required + "/" + minLabelled);
    }
    BaselineQualityTracker tracker = new BaselineQualityTracker(required, minLabelled);
    int windowCount = in.readSize(required, "window count");
    for (int i = 0; i < windowCount; i++) {
      long start = in.readLong();
      long labelled = in.readCount();
      if (labelled < minLabelled) {
        throw in.corrupt("window with " + labelled + " labels below the minimum " + minLabelled);
      }
      if (tracker.windows.put(start, new WindowFigures(labelled, readMetrics(in))) != null) {
        throw in.corrupt("window " + start + " appears twice");
      }
    }
    if (in.readBoolean()) {
      tracker.baseline = readMetrics(in);
    }
    in.finish();
    if ((tracker.baseline != null) != (windowCount == required)) {
      throw in.corrupt("baseline fixed with " + windowCount + " of " + required + " windows");
    }
    return tracker;
  }

  private boolean otherFixedEarlier(BaselineQualityTracker other) {
    return other.windows.lastKey() < windows.lastKey();
  }

  private boolean fixIfComplete() {
    if (windows.size() < requiredWindows) {
      return false;
    }
    baseline = weightedMeans();
    return true;
  }

  private Map<String, Double> weightedMeans() {
    Map<String, double[]> weighted = new TreeMap<>();
    windows.values().forEach(figures -> figures.metrics().forEach((name, value) -> {
      double[] sums = weighted.computeIfAbsent(name, k -> new double[2]);
      sums[0] += value * figures.labelledCount();
      sums[1] += figures.labelledCount();
    }));
    Map<String, Double> fixed = new TreeMap<>();
    weighted.forEach((name, sums) -> fixed.put(name, sums[0] / sums[1]));
    return Collections.unmodifiableMap(fixed);
  }

  private static void writeMetrics(StateWriter out, Map<String, Double> metrics) {
    out.writeCount(metrics.size());
    metrics.forEach((name, value) -> out.writeString(name).writeDouble(value));
  }

  private static Map<String, Double> readMetrics(StateReader in) {
    int size = in.readSize(MAX_METRICS, "metric count");
    Map<String, Double> metrics = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      String name = in.readString();
      if (metrics.put(name, in.readFinite("metric '" + name + "'")) != null) {
        throw in.corrupt("metric '" + name + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(metrics);
  }
}
