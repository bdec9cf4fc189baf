package io.driftwatch.audit;

/** How an audit chain is broken. */
public enum BreakKind {
    /** A sequence number is skipped: a record is missing (dropped, or never written). */
    GAP,
    /** A sequence number goes backwards or repeats: records are out of order or duplicated. */
    REORDER,
    /** A record's hash does not match its content: the record was changed after it was written. */
    ALTERED,
    /**
     * A record's hash matches its content but it does not link to the record before it (or, for the
     * first record verified, to the genesis or trusted hash): a record was replaced by a
     * self-consistent forgery, or the chain was rebuilt.
     */
    FORGED
}
