package io.driftwatch.performance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Mergeable per-group counts for the configured segment attributes (region, tenant, a protected
 * group…): predictions and positive predictions per attribute value, and, as outcomes are joined,
 * the confusion cells TP/FP/TN/FN. {@link GroupStats} turns them into positive rate, TPR, FPR and
 * accuracy; {@link FairnessCalculator} compares the groups.
 *
 * <p><b>Bounded cardinality.</b> Each attribute tracks at most {@code maxValuesPerAttribute} values,
 * admitted in order of first appearance; further values are counted under {@value #OTHER_VALUE},
 * so totals stay exact. A merge admits the other side's new values largest group first. Events
 * without the attribute (or with a null value) are not counted for it.
 *
 * <p>Not thread-safe; {@link #merge} adds the other accumulator into this one.
 */
public final class SegmentAccumulator {

  /** The group collecting values beyond the cardinality cap. */
  public static final String OTHER_VALUE = "__other__";

  private static final byte KIND = 'S';
  private static final byte VERSION = 1;
  private static final int MAX_ATTRIBUTES = 1_000;
  private static final int MAX_VALUES = 100_000;
  private static final int COUNT = 0;
  private static final int POSITIVE_PREDICTIONS = 1;
  private static final int TP = 2;
  private static final int FP = 3;
  private static final int TN = 4;
  private static final int FN = 5;
  private static final int CELLS = 6;

  private final int maxValuesPerAttribute;
  /** attribute → value → counts, both in configuration/sorted order. */
  private final Map<String, TreeMap<String, long[]>> attributes = new LinkedHashMap<>();

  /**
   * @param attributes the segment attributes to track, e.g. {@code List.of("region", "gender")}
   * @param maxValuesPerAttribute values tracked per attribute before folding into
   *     {@value #OTHER_VALUE}
   */
  public SegmentAccumulator(List<String> attributes, int maxValuesPerAttribute) {
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(attributes.size() + " segment attributes exceed the limit "
          + MAX_ATTRIBUTES);
    }
    if (maxValuesPerAttribute < 1 || maxValuesPerAttribute > MAX_VALUES) {
      throw new IllegalArgumentException("maxValuesPerAttribute " + maxValuesPerAttribute
          + " must be in [1, " + MAX_VALUES + "]");
    }
    this.maxValuesPerAttribute = maxValuesPerAttribute;
    for (String attribute : attributes) {
      if (attribute == null || attribute.isEmpty()) {
        throw new IllegalArgumentException("segment attribute names must be non-empty, got " + attributes);
      }
      if (this.attributes.put(attribute, new TreeMap<>()) != null) {
        throw new IllegalArgumentException("segment attribute '" + attribute + "' is listed twice");
      }
    }
  }

  /** The tracked attributes, in configuration order. */
  public List<String> attributes() {
    return List.copyOf(attributes.keySet());
  }

  public int maxValuesPerAttribute() {
    return maxValuesPerAttribute;
  }

  /** Counts a prediction in the groups its segments name. */
  public SegmentAccumulator addPrediction(Map<String, String> segments, boolean predictedPositive) {
    forEachGroup(segments, counts -> {
      counts[COUNT]++;
      if (predictedPositive) {
        counts[POSITIVE_PREDICTIONS]++;
      }
    });
    return this;
  }

  /** Counts a joined outcome in the groups its prediction's segments name. */
  public SegmentAccumulator addOutcome(Map<String, String> segments, boolean predictedPositive,
                                       boolean actualPositive) {
    int cell = predictedPositive ? (actualPositive ? TP : FP) : (actualPositive ? FN : TN);
    forEachGroup(segments, counts -> counts[cell]++);
    return this;
  }

  /**
   * Adds {@code other} into this accumulator: the counts of the attributes both track. Accumulators configured
   * differently meet in the windows open when {@code segments.attributes} or the cap changes across a restart
   * (a profile restored from state, a partial made after): an attribute this one does not track is left out,
   * one that {@code other} did not track keeps only this one's counts, and this one's cap applies. Refusing to
   * merge them lost those windows.
   */
  public SegmentAccumulator merge(SegmentAccumulator other) {
    other.attributes.forEach((attribute, otherValues) -> {
      TreeMap<String, long[]> values = attributes.get(attribute);
      if (values == null) {
        return;
      }
      otherValues.entrySet().stream()
          .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[COUNT])
              .thenComparing(Map.Entry::getKey))
          .forEach(e -> {
            long[] mine = slot(values, e.getKey());
            for (int i = 0; i < CELLS; i++) {
              mine[i] += e.getValue()[i];
            }
          });
    });
    return this;
  }

  /**
   * The groups of {@code attribute}, sorted by value.
   *
   * @throws IllegalArgumentException when the attribute is not tracked
   */
  public List<GroupStats> groups(String attribute) {
    TreeMap<String, long[]> values = attributes.get(attribute);
    if (values == null) {
      throw new IllegalArgumentException("segment attribute '" + attribute + "' is not tracked; tracked: "
          + attributes.keySet());
    }
    List<GroupStats> groups = new ArrayList<>(values.size());
    values.forEach((value, c) -> groups.add(new GroupStats(value, c[COUNT], c[POSITIVE_PREDICTIONS],
        c[TP], c[FP], c[TN], c[FN])));
    return List.copyOf(groups);
  }

  /** Kind byte 'S', version 1, the cap, then per attribute its values and six counts each. */
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeCount(maxValuesPerAttribute)
        .writeCount(attributes.size());
    attributes.forEach((attribute, values) -> {
      out.writeString(attribute).writeCount(values.size());
      values.forEach((value, counts) -> {
        out.writeString(value);
        for (long c : counts) {
          out.writeCount(c);
        }
      });
    });
    return out.toBytes();
  }

  /**
   * Restores an accumulator from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state
   */
  public static SegmentAccumulator fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "SegmentAccumulator");
    int cap = in.readSize(MAX_VALUES, "maxValuesPerAttribute");
    if (cap < 1) {
      throw in.corrupt("maxValuesPerAttribute 0");
    }
    int attributeCount = in.readSize(MAX_ATTRIBUTES, "attribute count");
    List<String> names = new ArrayList<>(attributeCount);
    List<TreeMap<String, long[]>> tables = new ArrayList<>(attributeCount);
    for (int a = 0; a < attributeCount; a++) {
      names.add(in.readString());
      int valueCount = in.readSize(cap + 1, "value count");
      TreeMap<String, long[]> values = new TreeMap<>();
      for (int v = 0; v < valueCount; v++) {
        String value = in.readString();
        long[] counts = new long[CELLS];
        for (int i = 0; i < CELLS; i++) {
          counts[i] = in.readCount();
        }
        if (counts[POSITIVE_PREDICTIONS] > counts[COUNT] || values.put(value, counts) != null) {
          throw in.corrupt("counts of value '" + value + "' are inconsistent");
        }
      }
      if (!values.containsKey(OTHER_VALUE) && valueCount > cap) {
        throw in.corrupt(valueCount + " values exceed the cap " + cap);
      }
      tables.add(values);
    }
    in.finish();
    SegmentAccumulator acc = in.config(() -> new SegmentAccumulator(names, cap));
    for (int a = 0; a < attributeCount; a++) {
      acc.attributes.get(names.get(a)).putAll(tables.get(a));
    }
    return acc;
  }

  private void forEachGroup(Map<String, String> segments, Consumer<long[]> update) {
    Objects.requireNonNull(segments, "segments");
    attributes.forEach((attribute, values) -> {
      String value = segments.get(attribute);
      if (value != null) {
        update.accept(slot(values, value));
      }
    });
  }

  private long[] slot(TreeMap<String, long[]> values, String value) {
    long[] counts = values.get(value);
    if (counts != null) {
      return counts;
    }
    int tracked = values.containsKey(OTHER_VALUE) ? values.size() - 1 : values.size();
    String key = tracked < maxValuesPerAttribute ? value : OTHER_VALUE;
    return values.computeIfAbsent(key, k -> new long[CELLS]);
  }
}
