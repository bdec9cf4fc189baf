package io.driftwatch.performance;

/**
 * Expected calibration error of positive-class scores over {@value #BINS} equal-width bins.
 *
 * <p>A score s falls into bin {@code min(floor(10·s), 9)}: bins are [0, 0.1), [0.1, 0.2), …,
 * [0.9, 1.0]. With n_b scores in bin b, their mean score conf_b and the share of them whose true
 * class is positive freq_b,
 * <pre>
 *   ECE = Σ_b (n_b / N) · |freq_b − conf_b| = Σ_b |Σ_{i∈b} y_i − Σ_{i∈b} s_i| / N
 * </pre>
 * This is the reliability-diagram form of the binary calibration error (positive-class score
 * against positive frequency, as scikit-learn's {@code calibration_curve}), weighted by bin count
 * as in Naeini, Cooper &amp; Hauskrecht (AAAI 2015) and Guo et al. (ICML 2017); empty bins
 * contribute nothing.
 */
final class CalibrationBins {

  static final int BINS = 10;

  private final long[] counts = new long[BINS];
  private final long[] positives = new long[BINS];
  private final double[] scoreSums = new double[BINS];

  void add(double score, boolean positive) {
    int bin = Math.min((int) Math.floor(score * BINS), BINS - 1);
    counts[bin]++;
    scoreSums[bin] += score;
    if (positive) {
      positives[bin]++;
    }
  }

  void merge(CalibrationBins other) {
    for (int b = 0; b < BINS; b++) {
      counts[b] += other.counts[b];
      positives[b] += other.positives[b];
      scoreSums[b] += other.scoreSums[b];
    }
  }

  long total() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /** The ECE, or null when no score was added. */
  Double expectedCalibrationError() {
    long total = total();
    if (total == 0) {
      return null;
    }
    double gap = 0;
    for (int b = 0; b < BINS; b++) {
      gap += Math.abs(positives[b] - scoreSums[b]);
    }
    return gap / total;
  }

  void write(StateWriter out) {
    for (int b = 0; b < BINS; b++) {
      out.writeCount(counts[b]).writeCount(positives[b]).writeDouble(scoreSums[b]);
    }
  }

  static CalibrationBins read(StateReader in) {
    CalibrationBins bins = new CalibrationBins();
    for (int b = 0; b < BINS; b++) {
      bins.counts[b] = in.readCount();
      bins.positives[b] = in.readCount();
      bins.scoreSums[b] = in.readFinite("calibration score sum");
      if (bins.positives[b] > bins.counts[b] || bins.scoreSums[b] < 0
          || bins.scoreSums[b] > bins.counts[b] * (1.0 + 1e-9)) {
        throw in.corrupt("calibration bin " + b + " is inconsistent with its count");
      }
    }
    return bins;
  }
}
