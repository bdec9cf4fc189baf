package io.driftwatch.topology;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.WindowReport;

/** What the per-model merge stage emits; the topology routes each kind to its topic. */
public sealed interface MergeOutput {

    /** A window report, keyed {@code model/version} on the window-reports topic. */
    record Report(WindowReport report) implements MergeOutput {}

    /** A baseline captured from live traffic, keyed {@code model/version} on the baselines topic. */
    record CapturedBaseline(ReferenceProfile profile) implements MergeOutput {}

    /** An alert transition, keyed by fingerprint on the alerts topic. */
    record AlertTransition(Alert alert) implements MergeOutput {}

    /** A link of a model's audit chain, keyed by model id on the audit topic. */
    record AuditLink(AuditRecord record) implements MergeOutput {}
}
