package io.driftwatch.comparison;

/** Names of the comparison stage's state stores (all changelogged). */
public record ComparisonStores(String roles, String figures, String states, String auditHeads, String shadowPending,
                               String latest) {

    public static ComparisonStores defaults() {
        return new ComparisonStores("comparison-roles", "comparison-figures", "comparison-states",
            "comparison-audit-heads", "shadow-pending", "comparison-latest");
    }
}
