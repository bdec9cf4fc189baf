package io.driftwatch.comparison;

/**
 * Names of the comparison stage's state stores (all changelogged).
 *
 * @param alertStates the lifecycle state of each alert of a rule on a judged figure ({@link FigureAlerts}), by fingerprint
 */
public record ComparisonStores(String roles, String figures, String states, String auditHeads, String shadowPending,
                               String latest, String alertStates) {

    public static ComparisonStores defaults() {
        return new ComparisonStores("comparison-roles", "comparison-figures", "comparison-states",
            "comparison-audit-heads", "shadow-pending", "comparison-latest", "comparison-alert-states");
    }
}
