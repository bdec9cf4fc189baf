package io.driftwatch.topology;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;

/** What the per-model merge stage emits; the topology routes each kind to its topic. */
public sealed interface MergeOutput {

    /**
     * A window report, keyed {@code model/version} on the window-reports topic; with the window's
     * outputs-only profile ({@code WindowProfile#outputsOnly}, encoded) on its first report, for the
     * comparison stage (null on revisions: their events are the first report's).
     */
    record Report(WindowReport report, byte[] outputs) implements MergeOutput {
        public Report(WindowReport report) {
            this(report, null);
        }
    }

    /** A baseline captured from live traffic, keyed {@code model/version} on the baselines topic. */
    record CapturedBaseline(ReferenceProfile profile) implements MergeOutput {}

    /** An alert transition, keyed by fingerprint on the alerts topic. */
    record AlertTransition(Alert alert) implements MergeOutput {}

    /** A link of a model's audit chain, keyed by model id on the audit topic. */
    record AuditLink(AuditRecord record) implements MergeOutput {}
}
