package io.driftwatch.stats;

/**
 * A hypothesis test's statistic and two-sided p-value.
 *
 * @param statistic the test statistic
 * @param pValue    probability, under no drift, of a statistic at least this extreme
 */
public record TestOutcome(double statistic, double pValue) {
}
