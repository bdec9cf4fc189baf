package io.driftwatch.performance;

/**
 * ROC AUC from two fixed-bin histograms of positive-class scores, one for events whose true class
 * is positive and one for the rest. Mergeable by adding bin counts.
 *
 * <p>Bins: {@code k} equal-width bins on [0, 1]; a score s falls into bin
 * {@code min(floor(s·k), k − 1)} (so 1.0 joins the last bin).
 *
 * <p>Estimate: AUC is the probability that a random positive outscores a random negative, ties
 * counting ½ (the Mann–Whitney form that scikit-learn's {@code roc_auc_score} equals). Pairs in
 * different bins are ordered exactly by their bins. Pairs in the same bin are counted ½ each:
 * <pre>
 *   AUC_hist = Σ_i pos_i · (Σ_{j&lt;i} neg_j + neg_i / 2) / (P · N)
 * </pre>
 * Error bound: a same-bin pair truly contributes 0, ½ or 1, so each is off by at most ½; hence the
 * exact AUC lies in [AUC_hist − b, AUC_hist + b] with
 * <pre>
 *   b = Σ_i pos_i · neg_i / (2 · P · N)
 * </pre>
 * i.e. half the share of positive/negative pairs that share a bin. The bound is rigorous, not
 * probabilistic; it is small when scores spread over many bins.
 */
final class BinnedRocAuc {

  /** AUC and its bound. */
  record Estimate(double auc, double errorBound) {}

  private final long[] positives;
  private final long[] negatives;

  BinnedRocAuc(int bins) {
    positives = new long[bins];
    negatives = new long[bins];
  }

  int bins() {
    return positives.length;
  }

  void add(double score, boolean positive) {
    int bin = Math.min((int) Math.floor(score * positives.length), positives.length - 1);
    if (positive) {
      positives[bin]++;
    } else {
      negatives[bin]++;
    }
  }

  void merge(BinnedRocAuc other) {
    for (int i = 0; i < positives.length; i++) {
      positives[i] += other.positives[i];
      negatives[i] += other.negatives[i];
    }
  }

  long total() {
    long total = 0;
    for (int i = 0; i < positives.length; i++) {
      total += positives[i] + negatives[i];
    }
    return total;
  }

  /** The estimate, or null unless both classes occurred. */
  Estimate estimate() {
    double positivesTotal = 0;
    double negativesTotal = 0;
    for (int i = 0; i < positives.length; i++) {
      positivesTotal += positives[i];
      negativesTotal += negatives[i];
    }
    if (positivesTotal == 0 || negativesTotal == 0) {
      return null;
    }
    double negativesBelow = 0;
    double orderedPairs = 0;
    double sameBinPairs = 0;
    for (int i = 0; i < positives.length; i++) {
      orderedPairs += positives[i] * (negativesBelow + negatives[i] / 2.0);
      sameBinPairs += (double) positives[i] * negatives[i];
      negativesBelow += negatives[i];
    }
    double pairs = positivesTotal * negativesTotal;
    return new Estimate(orderedPairs / pairs, sameBinPairs / (2.0 * pairs));
  }

  void write(StateWriter out) {
    out.writeCount(positives.length);
    writeSparse(out, positives);
    writeSparse(out, negatives);
  }

  static BinnedRocAuc read(StateReader in, int maxBins) {
    BinnedRocAuc histograms = new BinnedRocAuc(checkedBins(in, maxBins));
    readSparse(in, histograms.positives);
    readSparse(in, histograms.negatives);
    return histograms;
  }

  private static int checkedBins(StateReader in, int maxBins) {
    int bins = in.readSize(maxBins, "score bin count");
    if (bins < 1) {
      throw in.corrupt("score bin count 0");
    }
    return bins;
  }

  /** Most bins are empty in small windows: write (gap, count) pairs for the non-empty ones. */
  private static void writeSparse(StateWriter out, long[] counts) {
    int nonEmpty = 0;
    for (long c : counts) {
      if (c != 0) {
        nonEmpty++;
      }
    }
    out.writeCount(nonEmpty);
    int previous = -1;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        out.writeCount(i - previous - 1).writeCount(counts[i]);
        previous = i;
      }
    }
  }

  private static void readSparse(StateReader in, long[] counts) {
    int nonEmpty = in.readSize(counts.length, "non-empty bin count");
    int index = -1;
    for (int k = 0; k < nonEmpty; k++) {
      long gap = in.readCount();
      if (gap >= counts.length - index - 1) {
        throw in.corrupt("score bin index beyond " + (counts.length - 1));
      }
      index += (int) gap + 1;
      long count = in.readCount();
      if (count == 0) {
        throw in.corrupt("empty bin written as non-empty");
      }
      counts[index] = count;
    }
  }
}
