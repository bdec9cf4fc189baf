package io.driftwatch.performance;

import java.util.Objects;

/**
 * DDM, the Drift Detection Method: watches a classifier's error rate as a binomial proportion and
 * signals when it climbs well above the best rate seen.
 *
 * <p><b>Source.</b> J. Gama, P. Medas, G. Castillo and P. Rodrigues, "Learning with Drift
 * Detection", SBIA 2004, LNCS 3171, pp. 286–295; semantics of MOA's
 * {@code moa.classifiers.core.driftdetection.DDM} (MOA 2024.07.0).
 *
 * <p><b>Statistic.</b> After the i-th error indicator x_i ∈ {0, 1}, with MOA's counter n = i + 1
 * (it starts at 1 and the initial estimate is p = 1):
 * <pre>
 *   p ← p + (x_i − p)/i,   s = sqrt(p·(1 − p)/i)
 * </pre>
 * Once n ≥ {@code minInstances} (30, i.e. from the 29th value): when p + s ≤ (p + s)_min the
 * minimum is moved to (p, s); then
 * <pre>
 *   drift    when n &gt; minInstances and p + s &gt; p_min + 3·s_min
 *   warning  when p + s &gt; p_min + 2·s_min (and no drift)
 * </pre>
 * The comparisons are strict, as in MOA (the paper writes ≥). The statistics restart from
 * scratch with the value after a drift, as MOA's detector does.
 */
public final class Ddm extends CountingDetector {

  public static final String ID = "ddm";
  private static final byte KIND = 'D';
  private static final byte VERSION = 1;

  /**
   * Configuration.
   *
   * @param minInstances MOA's {@code minNumInstances}: no signal before this many values (30)
   * @param warningLevel multiple of s_min for the warning zone (2)
   * @param driftLevel multiple of s_min for a drift, MOA's {@code outcontrolLevel} (3)
   */
  public record Config(int minInstances, double warningLevel, double driftLevel) {
    public Config {
      if (minInstances < 1) {
        throw new IllegalArgumentException("DDM minInstances " + minInstances + " must be at least 1");
      }
      if (!(warningLevel > 0 && driftLevel > warningLevel && Double.isFinite(driftLevel))) {
        throw new IllegalArgumentException("DDM levels must satisfy 0 < warningLevel < driftLevel, got "
            + warningLevel + " and " + driftLevel);
      }
    }

    /** MOA's defaults: 30 instances, warning at 2, drift at 3. */
    public static Config defaults() {
      return new Config(30, 2.0, 3.0);
    }
  }

  private final Config config;
  private long n;
  private double p;
  private double s;
  private double psMin;
  private double pMin;
  private double sMin;
  private boolean restartPending;
  private boolean warning;

  /** DDM with MOA's defaults. */
  public Ddm() {
    this(Config.defaults());
  }

  public Ddm(Config config) {
    super(ID);
    this.config = Objects.requireNonNull(config, "config");
    restart();
  }

  public Config config() {
    return config;
  }

  /** Feeds an error indicator: 0 for a correct prediction, 1 for a wrong one. */
  @Override
  public boolean update(double value) {
    if (value != 0.0 && value != 1.0) {
      throw new IllegalArgumentException("DDM input " + value + " is not 0 or 1; DDM models a "
          + "misclassification rate, feed 1 for a wrong prediction and 0 for a right one");
    }
    if (restartPending) {
      restart();
    }
    countObservation();
    p = p + (value - p) / (double) n;
    s = Math.sqrt(p * (1 - p) / (double) n);
    n++;
    warning = false;
    if (n < config.minInstances()) {
      return false;
    }
    if (p + s <= psMin) {
      pMin = p;
      sMin = s;
      psMin = p + s;
    }
    if (n > config.minInstances() && p + s > pMin + config.driftLevel() * sMin) {
      restartPending = true;
      countDetection();
      return true;
    }
    warning = p + s > pMin + config.warningLevel() * sMin;
    return false;
  }

  @Override
  public boolean inWarning() {
    return warning;
  }

  /** The running error rate p since the last restart. */
  @Override
  public double estimate() {
    return observations() == 0 ? Double.NaN : p;
  }

  private void restart() {
    n = 1;
    p = 1;
    s = 0;
    psMin = Double.MAX_VALUE;
    pMin = Double.MAX_VALUE;
    sMin = Double.MAX_VALUE;
    restartPending = false;
  }

  /** Kind byte 'D', version 1, config, counters and the running statistics. */
  @Override
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeCount(config.minInstances())
        .writeDouble(config.warningLevel())
        .writeDouble(config.driftLevel());
    return writeCounts(out)
        .writeCount(n)
        .writeDouble(p)
        .writeDouble(s)
        .writeDouble(psMin)
        .writeDouble(pMin)
        .writeDouble(sMin)
        .writeBoolean(restartPending)
        .writeBoolean(warning)
        .toBytes();
  }

  /**
   * Restores a detector from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid DDM state
   */
  public static Ddm fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "Ddm");
    int minInstances = in.readSize(Integer.MAX_VALUE, "minInstances");
    double warningLevel = in.readDouble();
    double driftLevel = in.readDouble();
    Ddm ddm = new Ddm(in.config(() -> new Config(minInstances, warningLevel, driftLevel)));
    ddm.readCounts(in);
    ddm.n = in.readCount();
    ddm.p = in.readFinite("error rate");
    ddm.s = in.readFinite("standard deviation");
    ddm.psMin = in.readFinite("minimum p + s");
    ddm.pMin = in.readFinite("minimum p");
    ddm.sMin = in.readFinite("minimum s");
    ddm.restartPending = in.readBoolean();
    ddm.warning = in.readBoolean();
    in.finish();
    if (ddm.n < 1 || ddm.n > ddm.observations() + 1 || ddm.p < 0 || ddm.p > 1 || ddm.s < 0) {
      throw in.corrupt("statistics out of range (n=" + ddm.n + ", p=" + ddm.p + ")");
    }
    return ddm;
  }
}
