package io.driftwatch.comparison;

import io.driftwatch.schemas.WindowReport;

/**
 * What the comparison stage reads, all keyed by model id except {@link Scored} and {@link RequestOutcome}
 * (keyed model/request_id, for pairing).
 */
public sealed interface ComparisonInput {

    /** A version of a model was seen with a deployment role (null = primary) in a window. */
    record RoleSeen(String model, String version, String role, long windowStart) implements ComparisonInput {}

    /**
     * A version's window report (every revision), with the window's outputs-only profile (encoded
     * {@code WindowProfile}: prediction distribution and latency sketch) on its first report, null on revisions.
     */
    record VersionReport(WindowReport report, byte[] outputs) implements ComparisonInput {
        public VersionReport(WindowReport report) {
            this(report, null);
        }
    }

    /** A prediction that names its request, to be paired with the other version's prediction of the same request. */
    record Scored(String model, String version, String role, String requestId, String label, double score, long eventTime)
        implements ComparisonInput {
        boolean primary() {
            return ComparisonMode.isPrimary(role);
        }
    }

    /** Predictions of a primary and a shadow version for the same request. */
    record ShadowPaired(String model, String controlVersion, String candidateVersion, String controlLabel,
                        String candidateLabel, double controlScore, double candidateScore) implements ComparisonInput {}

    /** A prediction whose partner did not arrive within the pairing horizon. */
    record ShadowUnpaired(String model, String version, boolean control) implements ComparisonInput {}

    /**
     * The outcome of a request's primary prediction (keyed model/request_id, from the label join): the true
     * label, or the true value for regression. {@code eventTime} is the primary prediction's event time.
     */
    record RequestOutcome(String model, String requestId, String label, Double value, long eventTime)
        implements ComparisonInput {}

    /**
     * A shadow pair that disagreed, judged by its request's outcome: whether each version was right
     * (classification: its label is the true one; regression: its error is the smaller, neither on a tie).
     */
    record ShadowJudged(String model, String controlVersion, String candidateVersion, boolean controlRight,
                        boolean candidateRight) implements ComparisonInput {}
}
