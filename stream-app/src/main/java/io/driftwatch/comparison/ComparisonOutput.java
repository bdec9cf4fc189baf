package io.driftwatch.comparison;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ComparisonReport;

/** What the comparison stage emits; the topology routes each kind to its topic. */
public sealed interface ComparisonOutput {

    /** Keyed model/control/candidate on the comparisons topic. */
    record Report(ComparisonReport report) implements ComparisonOutput {}

    /**
     * An alert transition, keyed by fingerprint on the alerts topic: a decision ({@link DecisionAlerts}, fired
     * once) or a rule on a judged figure firing or resolving ({@link FigureAlerts}).
     */
    record AlertTransition(Alert alert) implements ComparisonOutput {}

    /** A link of the model's comparison audit chain, keyed by chain id on the audit topic. */
    record AuditLink(AuditRecord record) implements ComparisonOutput {}
}
