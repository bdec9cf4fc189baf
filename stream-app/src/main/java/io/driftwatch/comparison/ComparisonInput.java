package io.driftwatch.comparison;

import io.driftwatch.schemas.WindowReport;

/** What the comparison stage reads, all keyed by model id except {@link Scored} (keyed model/request_id for pairing). */
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
            return role == null || role.equals("primary");
        }
    }

    /** Predictions of a primary and a shadow version for the same request. */
    record ShadowPaired(String model, String controlVersion, String candidateVersion, String controlLabel,
                        String candidateLabel, double controlScore, double candidateScore) implements ComparisonInput {}

    /** A prediction whose partner did not arrive within the pairing horizon. */
    record ShadowUnpaired(String model, String version, boolean control) implements ComparisonInput {}
}
