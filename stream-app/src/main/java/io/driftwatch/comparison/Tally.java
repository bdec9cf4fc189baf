package io.driftwatch.comparison;

/**
 * Count, sum and sum of squares of per-observation values (0/1 for proportions, |e| for errors):
 * enough for a mean and its variance, and additive across windows, so a revised window is taken
 * out and put back exactly.
 */
public record Tally(long count, double sum, double sumSquares) {

    public static final Tally EMPTY = new Tally(0, 0, 0);

    public Tally plus(Tally other) {
        return new Tally(count + other.count, sum + other.sum, sumSquares + other.sumSquares);
    }

    public Tally minus(Tally other) {
        return new Tally(count - other.count, sum - other.sum, sumSquares - other.sumSquares);
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Sample variance (n − 1), 0 below two observations. */
    public double variance() {
        if (count < 2) {
            return 0;
        }
        double mean = mean();
        return Math.max(0, (sumSquares - count * mean * mean) / (count - 1));
    }
}
