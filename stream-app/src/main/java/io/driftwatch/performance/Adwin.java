package io.driftwatch.performance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ADWIN (ADaptive WINdowing), the ADWIN2 variant with an exponential histogram: keeps a window of
 * recent values as long as no two sub-windows have significantly different means, and drops the
 * oldest part when they do.
 *
 * <p><b>Source.</b> A. Bifet and R. Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing", SIAM SDM 2007; semantics (and floating-point operation order) of MOA's
 * {@code moa.classifiers.core.driftdetection.ADWIN} and {@code ADWINChangeDetector} (MOA 2024.07.0).
 *
 * <p><b>Window.</b> Buckets in rows: row i holds buckets summarising 2^i consecutive values (their
 * total and their variance sum), at most 5 per row; a sixth bucket makes
 * the two oldest of the row merge into one of the next row. Memory and time per value are
 * O(log W).
 *
 * <p><b>Test.</b> Every {@code clock} values (32) and only when the window holds more than 10
 * values, every split of the window into an older part W0 (n0 values, mean μ0) and a newer part W1
 * (n1, μ1) at a bucket boundary, oldest first, is tested; with n = n0 + n1, σ² the window's
 * variance (population form), δ' = ln(2·ln(n)/δ) and m = 1/(n0 − 4) + 1/(n1 − 4):
 * <pre>
 *   cut when |μ0 − μ1| &gt; sqrt(2·m·σ²·δ') + (2/3)·δ'·m,   both n0 and n1 &gt; 6
 * </pre>
 * On a cut the oldest bucket is dropped and the test starts over. The bound assumes values in
 * [0, 1] (0/1 errors); scale regression errors into [0, 1] before feeding them, or use
 * {@link PageHinkley}.
 *
 * <p><b>Signal.</b> As MOA's {@code ADWINChangeDetector}, {@link #update} reports a change only when
 * the window was cut <i>and</i> its mean rose (the error rate got worse). With
 * {@code signalDecreases} every cut is reported, as MOA's raw {@code ADWIN.setInput}.
 *
 * <p><b>Differences from MOA.</b> MOA multiplies two bucket sizes, and a bucket size by the window
 * length, in 32-bit {@code int} arithmetic. That overflows when a bucket of n values is dropped
 * from a window of W values with n·W ≥ 2^31 (possible from W ≈ 131,000) and when two buckets of
 * 2^16 values merge (W ≈ 655,000). Those products are exact here, so the two can disagree only
 * after windows that long. No warning zone: {@link #inWarning()} is always false.
 */
public final class Adwin extends CountingDetector {

  public static final String ID = "adwin";
  private static final int MAX_BUCKETS_PER_ROW = 5;
  private static final int MIN_WINDOW_FOR_TEST = 10;
  private static final int MIN_SUB_WINDOW = 5;
  private static final byte KIND = 'A';
  private static final byte VERSION = 1;
  private static final int MAX_ROWS = 62;

  /**
   * Configuration.
   *
   * @param delta confidence parameter δ in (0, 1); smaller means fewer false alarms and later
   *     detection (MOA's default 0.002)
   * @param clock test the window every {@code clock} values (MOA: 32)
   * @param signalDecreases report cuts where the mean fell too (MOA's {@code ADWINChangeDetector}
   *     reports only rises)
   */
  public record Config(double delta, int clock, boolean signalDecreases) {
    public Config {
      if (!(delta > 0.0 && delta < 1.0)) {
        throw new IllegalArgumentException("ADWIN delta " + delta + " must be in (0, 1)");
      }
      if (clock < 1) {
        throw new IllegalArgumentException("ADWIN clock " + clock + " must be at least 1");
      }
    }

    /** δ = 0.002, clock 32, rises only: MOA's {@code ADWINChangeDetector}. */
    public static Config defaults() {
      return new Config(0.002, 32, false);
    }
  }

  /** One row of buckets of equal size, oldest first. */
  private static final class BucketRow {
    final double[] totals = new double[MAX_BUCKETS_PER_ROW + 1];
    final double[] variances = new double[MAX_BUCKETS_PER_ROW + 1];
    int size;

    void append(double total, double variance) {
      totals[size] = total;
      variances[size] = variance;
      size++;
    }

    void dropOldest(int n) {
      System.arraycopy(totals, n, totals, 0, size - n);
      System.arraycopy(variances, n, variances, 0, size - n);
      for (int k = size - n; k < size; k++) {
        totals[k] = 0;
        variances[k] = 0;
      }
      size -= n;
    }
  }

  private final Config config;
  /** rows.get(i) holds buckets of 2^i values; row 0 is the newest. */
  private final List<BucketRow> rows = new ArrayList<>();
  private long width;
  private double total;
  private double variance;

  /** ADWIN with MOA's defaults. */
  public Adwin() {
    this(Config.defaults());
  }

  public Adwin(Config config) {
    super(ID);
    this.config = Objects.requireNonNull(config, "config");
    rows.add(new BucketRow());
  }

  public Config config() {
    return config;
  }

  /**
   * Feeds a value (an error in [0, 1]); returns true when the window was cut and, unless
   * {@code signalDecreases}, its mean rose.
   */
  @Override
  public boolean update(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("ADWIN input " + value + " is not finite; feed errors in [0, 1]");
    }
    double before = estimate();
    countObservation();
    insert(value);
    boolean cut = observations() % config.clock() == 0 && width > MIN_WINDOW_FOR_TEST && shrink();
    boolean signal = cut && (config.signalDecreases() || estimate() > before);
    if (signal) {
      countDetection();
    }
    return signal;
  }

  /** Mean of the current window. */
  @Override
  public double estimate() {
    return total / width;
  }

  /** Values in the current window. */
  public long windowLength() {
    return width;
  }

  private void insert(double value) {
    width++;
    rows.get(0).append(value, 0.0);
    double increment = 0;
    if (width > 1) {
      increment = (width - 1) * (value - total / (width - 1)) * (value - total / (width - 1)) / width;
    }
    variance += increment;
    total += value;
    compress();
  }

  /** Merges the two oldest buckets of each full row into the next row, from the newest row up. */
  private void compress() {
    for (int row = 0; row < rows.size(); row++) {
      BucketRow current = rows.get(row);
      if (current.size <= MAX_BUCKETS_PER_ROW) {
        return;
      }
      if (row + 1 == rows.size()) {
        rows.add(new BucketRow());
      }
      long n = 1L << row;
      double mean0 = current.totals[0] / n;
      double mean1 = current.totals[1] / n;
      double increment = n * n * (mean0 - mean1) * (mean0 - mean1) / (n + n);
      rows.get(row + 1).append(current.totals[0] + current.totals[1],
          current.variances[0] + current.variances[1] + increment);
      current.dropOldest(2);
    }
  }

  /** Tests every split, oldest first; drops the oldest bucket and restarts after each cut. */
  private boolean shrink() {
    boolean cut = false;
    boolean restart = true;
    while (restart) {
      restart = false;
      long n0 = 0;
      long n1 = width;
      double sum0 = 0;
      double sum1 = total;
      scan:
      for (int row = rows.size() - 1; row >= 0; row--) {
        BucketRow bucketRow = rows.get(row);
        long bucketSize = 1L << row;
        for (int k = 0; k < bucketRow.size; k++) {
          n0 += bucketSize;
          n1 -= bucketSize;
          sum0 += bucketRow.totals[k];
          sum1 -= bucketRow.totals[k];
          if (row == 0 && k == bucketRow.size - 1) {
            break scan;
          }
          double difference = sum0 / n0 - sum1 / n1;
          if (n1 > MIN_SUB_WINDOW + 1 && n0 > MIN_SUB_WINDOW + 1 && exceedsBound(n0, n1, difference)) {
            cut = true;
            restart = true;
            dropOldestBucket();
            break scan;
          }
        }
      }
    }
    return cut;
  }

  private boolean exceedsBound(long n0, long n1, double difference) {
    double logTerm = Math.log(2 * Math.log(width) / config.delta());
    double windowVariance = variance / width;
    double m = 1.0 / (n0 - MIN_SUB_WINDOW + 1) + 1.0 / (n1 - MIN_SUB_WINDOW + 1);
    double epsilon = Math.sqrt(2 * m * windowVariance * logTerm) + 2.0 / 3 * logTerm * m;
    return Math.abs(difference) > epsilon;
  }

  private void dropOldestBucket() {
    int last = rows.size() - 1;
    BucketRow oldest = rows.get(last);
    long n = 1L << last;
    width -= n;
    total -= oldest.totals[0];
    double mean = oldest.totals[0] / n;
    double decrement = oldest.variances[0]
        + n * width * (mean - total / width) * (mean - total / width) / (n + width);
    variance -= decrement;
    oldest.dropOldest(1);
    if (oldest.size == 0) {
      rows.remove(last);
    }
  }

  /** Kind byte 'A', version 1, config, counters, window sums, then each row's buckets. */
  @Override
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeDouble(config.delta())
        .writeCount(config.clock())
        .writeBoolean(config.signalDecreases());
    writeCounts(out)
        .writeCount(width)
        .writeDouble(total)
        .writeDouble(variance)
        .writeCount(rows.size());
    for (BucketRow row : rows) {
      out.writeCount(row.size);
      for (int k = 0; k < row.size; k++) {
        out.writeDouble(row.totals[k]).writeDouble(row.variances[k]);
      }
    }
    return out.toBytes();
  }

  /**
   * Restores a detector from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid ADWIN state
   */
  public static Adwin fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "Adwin");
    double delta = in.readDouble();
    int clock = in.readSize(Integer.MAX_VALUE, "clock");
    boolean signalDecreases = in.readBoolean();
    Adwin adwin = new Adwin(in.config(() -> new Config(delta, clock, signalDecreases)));
    adwin.readCounts(in);
    adwin.width = in.readCount();
    adwin.total = in.readFinite("window total");
    adwin.variance = in.readFinite("window variance");
    int rowCount = in.readSize(MAX_ROWS, "row count");
    if (rowCount < 1) {
      throw in.corrupt("no bucket rows");
    }
    adwin.rows.clear();
    long counted = 0;
    for (int r = 0; r < rowCount; r++) {
      BucketRow row = new BucketRow();
      int size = in.readSize(MAX_BUCKETS_PER_ROW, "buckets in row " + r);
      for (int k = 0; k < size; k++) {
        row.append(in.readFinite("bucket total"), in.readFinite("bucket variance"));
      }
      adwin.rows.add(row);
      counted += (long) size << r;
    }
    in.finish();
    if (counted != adwin.width || adwin.width > adwin.observations()
        || (rowCount > 1 && adwin.rows.get(rowCount - 1).size == 0)) {
      throw in.corrupt("buckets hold " + counted + " values but the window has " + adwin.width);
    }
    return adwin;
  }
}
