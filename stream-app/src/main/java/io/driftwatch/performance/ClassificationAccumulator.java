package io.driftwatch.performance;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mergeable summary of labelled classifier predictions from which {@link ClassificationMetrics}
 * are computed: per-class counts (true positives, predictions, support), score histograms for ROC
 * AUC, sums for log loss and Brier score, and calibration bins for ECE.
 *
 * <p><b>Inputs.</b> One call of {@link #add} per prediction whose true label is known. For binary
 * classifiers pass the probability of the configured positive class as {@code positiveScore}; for
 * multiclass classifiers pass {@code classProbabilities}. When the predicted label is null it is
 * derived: from the score ({@code positiveLabel} iff score ≥ the decision threshold, else
 * {@code negativeLabel}), else from the probabilities (the most probable class, ties to the
 * smallest label).
 *
 * <p><b>Conventions</b> (those of scikit-learn 1.2 unless stated):
 * <ul>
 *   <li>precision, recall and F1 per class are one-vs-rest with {@code zero_division=0}; macro
 *       averages are unweighted means over every label seen as a prediction or a true label;</li>
 *   <li>log loss uses the natural log with probabilities clipped to [1e−15, 1 − 1e−15] (the
 *       historical scikit-learn default; 1.2's {@code eps="auto"} clips at 2.2e−16 instead). For
 *       class probabilities the clipped values are renormalised to sum to 1 over the classes in the
 *       map, and a true class missing from the map counts as 1e−15. A prediction with both a score
 *       and probabilities contributes once, through its score;</li>
 *   <li>Brier score = mean (score − y)², y = 1 for the positive class;</li>
 *   <li>ROC AUC and its error bound from binned scores: see {@link BinnedRocAuc};</li>
 *   <li>ECE: see {@link CalibrationBins}.</li>
 * </ul>
 *
 * <p><b>Bounded classes.</b> At most {@code maxClasses} labels are tracked, in order of first
 * appearance; later labels are folded into {@value #OTHER_CLASS}, which appears in
 * {@code perClass} but not in the macro averages, and {@code classesTruncated} is set. Accuracy is
 * always exact. A merge is exact when the union of both sides' labels fits in the cap.
 *
 * <p>Not thread-safe; {@link #merge} adds the other accumulator into this one.
 */
public final class ClassificationAccumulator {

  /** Pseudo-class collecting labels beyond the cap on tracked classes. */
  public static final String OTHER_CLASS = "__other__";

  private static final byte KIND = 'C';
  private static final byte VERSION = 1;
  private static final double EPSILON = 1e-15;
  private static final int MAX_SCORE_BINS = 1 << 20;
  private static final int MAX_CLASSES = 1 << 16;

  /**
   * Configuration.
   *
   * @param positiveLabel the class whose probability {@code positiveScore} is ("1" by default)
   * @param negativeLabel the label a score below the threshold predicts when no label is given
   * @param maxClasses labels tracked before folding into {@value #OTHER_CLASS}
   * @param scoreBins histogram bins on [0, 1] for ROC AUC
   * @param decisionThreshold score at or above which the positive class is predicted
   */
  public record Config(String positiveLabel, String negativeLabel, int maxClasses, int scoreBins,
                       double decisionThreshold) {

    public Config {
      requireLabel(positiveLabel, "positiveLabel");
      requireLabel(negativeLabel, "negativeLabel");
      if (positiveLabel.equals(negativeLabel)) {
        throw new IllegalArgumentException("positiveLabel and negativeLabel are both '"
            + positiveLabel + "'; give the negative class another name");
      }
      if (maxClasses < 2 || maxClasses > MAX_CLASSES) {
        throw new IllegalArgumentException("maxClasses " + maxClasses + " must be in [2, "
            + MAX_CLASSES + "]");
      }
      if (scoreBins < 10 || scoreBins > MAX_SCORE_BINS) {
        throw new IllegalArgumentException("scoreBins " + scoreBins + " must be in [10, "
            + MAX_SCORE_BINS + "]");
      }
      if (!(decisionThreshold > 0.0 && decisionThreshold <= 1.0)) {
        throw new IllegalArgumentException("decisionThreshold " + decisionThreshold
            + " must be in (0, 1]");
      }
    }

    /** Positive "1", negative "0", 100 classes, 1000 score bins, threshold 0.5. */
    public static Config defaults() {
      return new Config("1", "0", 100, 1000, 0.5);
    }

    /** The defaults with other names for the positive and the negative class. */
    public static Config binary(String positiveLabel, String negativeLabel) {
      return new Config(positiveLabel, negativeLabel, 100, 1000, 0.5);
    }
  }

  private final Config config;
  private long count;
  private long correct;
  private boolean classesTruncated;
  /** Per label: {true positives, predicted, support}. */
  private final TreeMap<String, long[]> classes = new TreeMap<>();
  private final BinnedRocAuc auc;
  private final CalibrationBins calibration;
  private long logLossCount;
  private double logLossSum;
  private double brierSum;

  public ClassificationAccumulator(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.auc = new BinnedRocAuc(config.scoreBins());
    this.calibration = new CalibrationBins();
  }

  private ClassificationAccumulator(Config config, BinnedRocAuc auc, CalibrationBins calibration) {
    this.config = config;
    this.auc = auc;
    this.calibration = calibration;
  }

  public Config config() {
    return config;
  }

  /** Labelled predictions added so far. */
  public long count() {
    return count;
  }

  /**
   * Adds one labelled prediction.
   *
   * @param predictedLabel the model's class, or null to derive it from the score or probabilities
   * @param trueLabel the true class
   * @param positiveScore probability of the positive class in [0, 1], or null
   * @param classProbabilities probability per class in [0, 1], or null
   * @return this
   */
  public ClassificationAccumulator add(String predictedLabel, String trueLabel, Double positiveScore,
                                       Map<String, Double> classProbabilities) {
    requireLabel(trueLabel, "trueLabel");
    if (positiveScore != null) {
      requireProbability(positiveScore, "positive score");
    }
    Map<String, Double> probabilities =
        classProbabilities == null || classProbabilities.isEmpty() ? null : classProbabilities;
    if (probabilities != null) {
      probabilities.forEach((label, p) -> {
        requireLabel(label, "class in classProbabilities");
        if (p == null) {
          throw new IllegalArgumentException("probability of class '" + label
              + "' is null; omit the class or send a number in [0, 1]");
        }
        requireProbability(p, "probability of class '" + label + "'");
      });
    }
    String predicted = predictedLabel != null ? predictedLabel
        : derivePrediction(positiveScore, probabilities);
    requireLabel(predicted, "predictedLabel");

    count++;
    boolean right = predicted.equals(trueLabel);
    if (right) {
      correct++;
    }
    long[] predictedCounts = countsFor(predicted);
    long[] trueCounts = countsFor(trueLabel);
    predictedCounts[1]++;
    trueCounts[2]++;
    if (right) {
      trueCounts[0]++;
    }

    boolean positive = trueLabel.equals(config.positiveLabel());
    if (positiveScore != null) {
      double p = positiveScore;
      auc.add(p, positive);
      calibration.add(p, positive);
      double y = positive ? 1.0 : 0.0;
      brierSum += (p - y) * (p - y);
      double clipped = clip(p);
      logLossSum -= positive ? Math.log(clipped) : Math.log(1.0 - clipped);
      logLossCount++;
    } else if (probabilities != null) {
      double total = 0;
      for (double p : probabilities.values()) {
        total += clip(p);
      }
      Double pTrue = probabilities.get(trueLabel);
      double clippedTrue = pTrue == null ? EPSILON : clip(pTrue);
      logLossSum -= Math.log(clippedTrue / total);
      logLossCount++;
    }
    return this;
  }

  /**
   * Adds {@code other} into this accumulator.
   *
   * @throws IllegalArgumentException when the configurations differ
   */
  public ClassificationAccumulator merge(ClassificationAccumulator other) {
    if (!config.equals(other.config)) {
      throw new IllegalArgumentException("cannot merge classification accumulators with different "
          + "configurations: " + config + " vs " + other.config);
    }
    count += other.count;
    correct += other.correct;
    classesTruncated |= other.classesTruncated;
    other.classes.forEach((label, counts) -> {
      long[] mine = OTHER_CLASS.equals(label) ? classes.computeIfAbsent(OTHER_CLASS, k -> new long[3])
          : countsFor(label);
      for (int i = 0; i < 3; i++) {
        mine[i] += counts[i];
      }
    });
    auc.merge(other.auc);
    calibration.merge(other.calibration);
    logLossCount += other.logLossCount;
    logLossSum += other.logLossSum;
    brierSum += other.brierSum;
    return this;
  }

  /** The metrics, or empty when no labelled prediction was added. */
  public Optional<ClassificationMetrics> metrics() {
    if (count == 0) {
      return Optional.empty();
    }
    TreeMap<String, PerClassMetrics> perClass = new TreeMap<>();
    double precisionSum = 0;
    double recallSum = 0;
    double f1Sum = 0;
    int averaged = 0;
    for (Map.Entry<String, long[]> e : classes.entrySet()) {
      long[] c = e.getValue();
      PerClassMetrics m = PerClassMetrics.of(c[0], c[1], c[2]);
      perClass.put(e.getKey(), m);
      if (!OTHER_CLASS.equals(e.getKey())) {
        precisionSum += m.precision();
        recallSum += m.recall();
        f1Sum += m.f1();
        averaged++;
      }
    }
    PerClassMetrics positive = perClass.get(config.positiveLabel());
    BinnedRocAuc.Estimate rocAuc = auc.estimate();
    long scored = auc.total();
    return Optional.of(new ClassificationMetrics(
        count,
        (double) correct / count,
        config.positiveLabel(),
        positive == null ? null : positive.precision(),
        positive == null ? null : positive.recall(),
        positive == null ? null : positive.f1(),
        averaged == 0 ? 0.0 : precisionSum / averaged,
        averaged == 0 ? 0.0 : recallSum / averaged,
        averaged == 0 ? 0.0 : f1Sum / averaged,
        perClass,
        classesTruncated,
        scored,
        rocAuc == null ? null : rocAuc.auc(),
        rocAuc == null ? null : rocAuc.errorBound(),
        logLossCount == 0 ? null : logLossSum / logLossCount,
        scored == 0 ? null : brierSum / scored,
        calibration.expectedCalibrationError()));
  }

  /** Compact binary state: kind byte 'C', version 1, config, counts, sparse histograms. */
  public byte[] toBytes() {
    StateWriter out = new StateWriter(KIND, VERSION)
        .writeString(config.positiveLabel())
        .writeString(config.negativeLabel())
        .writeCount(config.maxClasses())
        .writeDouble(config.decisionThreshold())
        .writeCount(count)
        .writeCount(correct)
        .writeBoolean(classesTruncated)
        .writeCount(classes.size());
    classes.forEach((label, c) -> out.writeString(label).writeCount(c[0]).writeCount(c[1]).writeCount(c[2]));
    auc.write(out);
    calibration.write(out);
    out.writeCount(logLossCount).writeDouble(logLossSum).writeDouble(brierSum);
    return out.toBytes();
  }

  /**
   * Restores an accumulator from {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state
   */
  public static ClassificationAccumulator fromBytes(byte[] bytes) {
    StateReader in = StateReader.open(bytes, KIND, VERSION, "ClassificationAccumulator");
    String positiveLabel = in.readString();
    String negativeLabel = in.readString();
    int maxClasses = in.readSize(MAX_CLASSES, "maxClasses");
    double threshold = in.readDouble();
    long count = in.readCount();
    long correct = in.readCount();
    boolean truncated = in.readBoolean();
    int classCount = in.readSize(maxClasses + 1, "class count");
    TreeMap<String, long[]> classes = new TreeMap<>();
    long predictedTotal = 0;
    long supportTotal = 0;
    long truePositiveTotal = 0;
    for (int i = 0; i < classCount; i++) {
      String label = in.readString();
      long[] c = {in.readCount(), in.readCount(), in.readCount()};
      if (c[0] > c[1] || c[0] > c[2] || classes.put(label, c) != null) {
        throw in.corrupt("counts of class '" + label + "' are inconsistent");
      }
      predictedTotal += c[1];
      supportTotal += c[2];
      truePositiveTotal += c[0];
    }
    BinnedRocAuc auc = BinnedRocAuc.read(in, MAX_SCORE_BINS);
    CalibrationBins calibration = CalibrationBins.read(in);
    long logLossCount = in.readCount();
    double logLossSum = in.readFinite("log loss sum");
    double brierSum = in.readFinite("Brier sum");
    in.finish();
    if (correct > count || predictedTotal != count || supportTotal != count
        || truePositiveTotal != correct || auc.total() != calibration.total()
        || auc.total() > count || logLossCount > count || logLossSum < 0 || brierSum < 0) {
      throw in.corrupt("totals are inconsistent");
    }
    Config config = in.config(() -> new Config(positiveLabel, negativeLabel, maxClasses, auc.bins(), threshold));
    ClassificationAccumulator acc = new ClassificationAccumulator(config, auc, calibration);
    acc.count = count;
    acc.correct = correct;
    acc.classesTruncated = truncated;
    acc.classes.putAll(classes);
    acc.logLossCount = logLossCount;
    acc.logLossSum = logLossSum;
    acc.brierSum = brierSum;
    return acc;
  }

  private long[] countsFor(String label) {
    long[] counts = classes.get(label);
    if (counts != null) {
      return counts;
    }
    int tracked = classes.containsKey(OTHER_CLASS) ? classes.size() - 1 : classes.size();
    if (tracked < config.maxClasses()) {
      counts = new long[3];
      classes.put(label, counts);
      return counts;
    }
    classesTruncated = true;
    return classes.computeIfAbsent(OTHER_CLASS, k -> new long[3]);
  }

  private String derivePrediction(Double positiveScore, Map<String, Double> probabilities) {
    if (positiveScore != null) {
      return positiveScore >= config.decisionThreshold() ? config.positiveLabel() : config.negativeLabel();
    }
    if (probabilities != null) {
      String best = null;
      double bestP = -1;
      for (Map.Entry<String, Double> e : new TreeMap<>(probabilities).entrySet()) {
        if (e.getValue() > bestP) {
          best = e.getKey();
          bestP = e.getValue();
        }
      }
      return best;
    }
    throw new IllegalArgumentException("prediction has no label, score or class probabilities; "
        + "send at least one of them");
  }

  private static double clip(double p) {
    return Math.max(EPSILON, Math.min(1.0 - EPSILON, p));
  }

  private static void requireProbability(double p, String what) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(what + " " + p + " is not a probability in [0, 1]");
    }
  }

  private static void requireLabel(String label, String what) {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException(what + " is " + (label == null ? "null" : "empty")
          + "; every classified event needs a non-empty label");
    }
  }
}
