package io.driftwatch.comparison;

/**
 * Names of the comparison stage's state stores (all changelogged).
 *
 * @param alertStates  the lifecycle state of each alert of a rule on a judged figure ({@link FigureAlerts}), by fingerprint
 * @param activeAlerts the stage's alerts that are firing (decisions and figure rules), keyed model/fingerprint: for the
 *                     HTTP API, and to resolve a decision when its versions no longer run side by side
 */
public record ComparisonStores(String roles, String figures, String states, String auditHeads, String shadowPending,
                               String latest, String alertStates, String activeAlerts) {

    public static ComparisonStores defaults() {
        return new ComparisonStores("comparison-roles", "comparison-figures", "comparison-states",
            "comparison-audit-heads", "shadow-pending", "comparison-latest", "comparison-alert-states",
            "comparison-active-alerts");
    }
}
