package io.driftwatch.performance;

import java.util.Optional;

/**
 * Mergeable summary of labelled regression predictions from which {@link RegressionMetrics} are
 * computed.
 *
 * <p>Keeps n, Σ|e|, Σe², Σe (e = predicted − true), Σ|e|/|y| and the count over y ≠ 0, and the
 * mean and sum of squared deviations of y (Welford's update, merged with Chan, Golub &amp; LeVeque's
 * pairwise formula). The centred form is used for R²'s denominator instead of Σy² − (Σy)²/n,
 * which loses every significant digit when |ȳ| is large against the spread of y. The running mean
 * is kept relative to the first true value seen (a shift K; y − K is exact for y near K), so that
 * at |y| ≈ 10^9 the mean is not rounded to the 10^−7 spacing of doubles there.
 *
 * <p>MAPE skips true values of exactly 0 (the percentage error is undefined there) and reports
 * how many predictions it covers. scikit-learn's {@code mean_absolute_percentage_error} instead
 * divides by max(|y|, 2.2e−16), which turns every zero into an enormous term; on data without zeros
 * the two agree.
 *
 * <p>Not thread-safe; {@link #merge} adds the other accumulator into this one.
 */
public final class RegressionAccumulator {

  private static final byte KIND = 'R';
  private static final byte VERSION = 1;

  private long count;
  private double absErrorSum;
  private double squaredErrorSum;
  private double errorSum;
  private long percentageCount;
  private double absPercentageSum;
  private double shift;
  /** Mean of (y − shift). */
  private double shiftedMean;
  private double trueDeviationSquares;

  /** Labelled predictions added so far. */
  public long count() {
    return count;
  }

  /**
   * Adds one labelled prediction.
   *
   * @throws IllegalArgumentException when either value is not finite
   */
  public RegressionAccumulator add(double predicted, double actual) {
    if (!Double.isFinite(predicted) || !Double.isFinite(actual)) {
      throw new IllegalArgumentException("regression values must be finite, got predicted="
          + predicted + " true=" + actual + "; reject such events at ingest");
    }
    double error = predicted - actual;
    count++;
    absErrorSum += Math.abs(error);
    squaredErrorSum += error * error;
    errorSum += error;
    if (actual != 0.0) {
      percentageCount++;
      absPercentageSum += Math.abs(error) / Math.abs(actual);
    }
    if (count == 1) {
      shift = actual;
    }
    double shifted = actual - shift;
    double delta = shifted - shiftedMean;
    shiftedMean += delta / count;
    trueDeviationSquares += delta * (shifted - shiftedMean);
    return this;
  }

  /** Adds {@code other} into this accumulator. */
  public RegressionAccumulator merge(RegressionAccumulator other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      shift = other.shift;
    }
    long total = count + other.count;
    // The other side's mean, moved to this side's shift.
    double otherMean = other.shiftedMean + (other.shift - shift);
    double delta = otherMean - shiftedMean;
    trueDeviationSquares += other.trueDeviationSquares
        + delta * delta * ((double) count * other.count / total);
    shiftedMean += delta * other.count / total;
    count = total;
    absErrorSum += other.absErrorSum;
    squaredErrorSum += other.squaredErrorSum;
    errorSum += other.errorSum;
    percentageCount += other.percentageCount;
    absPercentageSum += other.absPercentageSum;
    return this;
  }

  /** The metrics, or empty when no labelled prediction was added. */
  public Optional<RegressionMetrics> metrics() {
    if (count == 0) {
      return Optional.empty();
    }
    Double r2 = trueDeviationSquares > 0 ? 1.0 - squaredErrorSum / trueDeviationSquares : null;
    return Optional.of(new RegressionMetrics(
        count,
        absErrorSum / count,
        Math.sqrt(squaredErrorSum / count),
        errorSum / count,
        percentageCount == 0 ? null : absPercentageSum / percentageCount,
        percentageCount,
        r2));
  }

  /** Compact binary state: kind byte 'R', version 1, then the counts and sums. */
  public byte[] toBytes() {
    return new StateWriter(KIND, VERSION)
        .writeCount(count)
        .writeDouble(absErrorSum)
        .writeDouble(squaredErrorSum)
        .writeDouble(errorSum)
        .writeCount(percentageCount)
        .writeDouble(absPercentageSum)
        .writeDouble(shift)
        .writeDouble(shiftedMean)
        .writeDouble(trueDeviationSquares)
        .toBytes();
  }

  /**
   * Restores an accumulator from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state
   */
  public static RegressionAccumulator fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "RegressionAccumulator");
    RegressionAccumulator acc = new RegressionAccumulator();
    acc.count = in.readCount();
    acc.absErrorSum = in.readFinite("absolute error sum");
    acc.squaredErrorSum = in.readFinite("squared error sum");
    acc.errorSum = in.readFinite("error sum");
    acc.percentageCount = in.readCount();
    acc.absPercentageSum = in.readFinite("percentage error sum");
    acc.shift = in.readFinite("shift of true values");
    acc.shiftedMean = in.readFinite("mean of shifted true values");
    acc.trueDeviationSquares = in.readFinite("true-value deviation sum");
    in.finish();
    if (acc.percentageCount > acc.count || acc.absErrorSum < 0 || acc.squaredErrorSum < 0
        || acc.absPercentageSum < 0 || acc.trueDeviationSquares < 0
        || (acc.count == 0 && (acc.absErrorSum != 0 || acc.shift != 0 || acc.shiftedMean != 0))) {
      throw in.corrupt("sums are inconsistent with the counts");
    }
    return acc;
  }
}
