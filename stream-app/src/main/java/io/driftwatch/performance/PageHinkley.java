package io.driftwatch.performance;

import java.util.Objects;

/**
 * Page–Hinkley test for an increase of the mean: suited to real-valued errors such as the
 * absolute error of a regression model, and to 0/1 errors alike.
 *
 * <p><b>Source.</b> E. S. Page, "Continuous Inspection Schemes", Biometrika 41 (1954); the
 * fading form of MOA's {@code moa.classifiers.core.driftdetection.PageHinkleyDM} (MOA 2024.07.0),
 * whose semantics this follows.
 *
 * <p><b>Statistic.</b> For the i-th value x_i (MOA's counter n = i + 1 starts at 1):
 * <pre>
 *   x̄ ← x̄ + (x_i − x̄)/i
 *   m ← α·m + (x_i − x̄ − δ)
 *   change when n ≥ minInstances and m &gt; λ
 * </pre>
 * with magnitude δ = 0.005 (drifts smaller than this are tolerated), threshold λ = 50 and fading
 * factor α = 1 − 0.0001, minInstances 30 (so the first signal can come at the 29th value). Only
 * increases are detected: a falling error is good news. λ is in the unit of the values, so choose
 * it for the scale of the errors fed. After a change the statistics restart with the next value,
 * as in MOA.
 */
public final class PageHinkley extends CountingDetector {

  public static final String ID = "page_hinkley";
  private static final byte KIND = 'P';
  private static final byte VERSION = 1;

  /**
   * Configuration.
   *
   * @param minInstances no signal before this many values (30)
   * @param delta tolerated magnitude of change δ (0.005)
   * @param lambda detection threshold λ (50)
   * @param alpha fading factor α of the cumulative sum, in (0, 1] (1 − 0.0001)
   */
  public record Config(int minInstances, double delta, double lambda, double alpha) {
    public Config {
      if (minInstances < 1) {
        throw new IllegalArgumentException("Page-Hinkley minInstances " + minInstances + " must be at least 1");
      }
      if (!(delta >= 0 && Double.isFinite(delta))) {
        throw new IllegalArgumentException("Page-Hinkley delta " + delta + " must be finite and non-negative");
      }
      if (!(lambda > 0 && Double.isFinite(lambda))) {
        throw new IllegalArgumentException("Page-Hinkley lambda " + lambda + " must be finite and positive");
      }
      if (!(alpha > 0 && alpha <= 1)) {
        throw new IllegalArgumentException("Page-Hinkley alpha " + alpha + " must be in (0, 1]");
      }
    }

    /** MOA's defaults: 30, δ = 0.005, λ = 50, α = 1 − 0.0001. */
    public static Config defaults() {
      return new Config(30, 0.005, 50, 1 - 0.0001);
    }
  }

  private final Config config;
  private long n;
  private double mean;
  private double sum;
  private boolean restartPending;

  /** Page–Hinkley with MOA's defaults. */
  public PageHinkley() {
    this(Config.defaults());
  }

  public PageHinkley(Config config) {
    super(ID);
    this.config = Objects.requireNonNull(config, "config");
    restart();
  }

  public Config config() {
    return config;
  }

  /** Feeds an error value; returns true when the faded cumulative excess passes λ. */
  @Override
  public boolean update(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Page-Hinkley input " + value + " is not finite");
    }
    if (restartPending) {
      restart();
    }
    countObservation();
    mean = mean + (value - mean) / (double) n;
    sum = config.alpha() * sum + (value - mean - config.delta());
    n++;
    if (n < config.minInstances() || !(sum > config.lambda())) {
      return false;
    }
    restartPending = true;
    countDetection();
    return true;
  }

  /** Mean of the values since the last restart. */
  @Override
  public double estimate() {
    return observations() == 0 ? Double.NaN : mean;
  }

  /** The faded cumulative sum m compared with λ. */
  public double statistic() {
    return sum;
  }

  private void restart() {
    n = 1;
    mean = 0.0;
    sum = 0.0;
    restartPending = false;
  }

  /** Kind byte 'P', version 1, config, counters and the running statistics. */
  @Override
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeCount(config.minInstances())
        .writeDouble(config.delta())
        .writeDouble(config.lambda())
        .writeDouble(config.alpha());
    return writeCounts(out)
        .writeCount(n)
        .writeDouble(mean)
        .writeDouble(sum)
        .writeBoolean(restartPending)
        .toBytes();
  }

  /**
   * Restores a detector from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid Page–Hinkley state
   */
  public static PageHinkley fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "PageHinkley");
    int minInstances = in.readSize(Integer.MAX_VALUE, "minInstances");
    double delta = in.readDouble();
    double lambda = in.readDouble();
    double alpha = in.readDouble();
    PageHinkley detector = new PageHinkley(in.config(() -> new Config(minInstances, delta, lambda, alpha)));
    detector.readCounts(in);
    detector.n = in.readCount();
    detector.mean = in.readFinite("mean");
    detector.sum = in.readFinite("cumulative sum");
    detector.restartPending = in.readBoolean();
    in.finish();
    if (detector.n < 1 || detector.n > detector.observations() + 1) {
      throw in.corrupt("counters out of range (n=" + detector.n + ", observations="
          + detector.observations() + ")");
    }
    return detector;
  }
}
