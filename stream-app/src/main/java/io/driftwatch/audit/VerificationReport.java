package io.driftwatch.audit;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outcome of verifying audit chains: records verified per model, the head each chain reached
 * (a trusted starting point for the next, incremental verification), and the first break if any.
 */
public final class VerificationReport {

    private final long recordsRead;
    private final SortedMap<String, Long> verifiedPerModel;
    private final SortedMap<String, ChainHead> heads;
    private final SortedSet<String> modelsTrustedOnFirstRecord;
    private final ChainBreak firstBreak;

    VerificationReport(long recordsRead, Map<String, Long> verifiedPerModel, Map<String, ChainHead> heads,
                       Set<String> modelsTrustedOnFirstRecord, ChainBreak firstBreak) {
        this.recordsRead = recordsRead;
        this.verifiedPerModel = Collections.unmodifiableSortedMap(new TreeMap<>(verifiedPerModel));
        this.heads = Collections.unmodifiableSortedMap(new TreeMap<>(heads));
        this.modelsTrustedOnFirstRecord = Collections.unmodifiableSortedSet(new TreeSet<>(modelsTrustedOnFirstRecord));
        this.firstBreak = firstBreak;
    }

    /** True when no break was found. */
    public boolean ok() {
        return firstBreak == null;
    }

    /** The first break by position, if any. */
    public Optional<ChainBreak> firstBreak() {
        return Optional.ofNullable(firstBreak);
    }

    /** Records given to the verifier. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Records that verified, by model (those before a break on that model's chain). */
    public SortedMap<String, Long> verifiedPerModel() {
        return verifiedPerModel;
    }

    /**
     * Each model's head after its last verified record; for a model started from a trusted head
     * and without new verified records, that trusted head. Pass them to
     * {@link AuditChainVerifier.Builder#trust(ChainHead)} to verify only what comes next.
     */
    public SortedMap<String, ChainHead> heads() {
        return heads;
    }

    /**
     * Models whose chain was taken on trust from the first record read (its link to earlier
     * records was not checked), when the verifier was told to accept that.
     */
    public SortedSet<String> modelsTrustedOnFirstRecord() {
        return modelsTrustedOnFirstRecord;
    }

    /** A few readable lines: the verdict and the count per model. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(ok() ? "OK" : "BROKEN: " + firstBreak).append('\n');
        text.append(recordsRead).append(" records read, ").append(verifiedPerModel.size()).append(" models\n");
        verifiedPerModel.forEach((model, count) -> {
            text.append("  ").append(model).append(": ").append(count).append(" verified");
            ChainHead head = heads.get(model);
            if (head != null) {
                text.append(", next sequence ").append(head.nextSequence()).append(", last hash ")
                        .append(head.lastHash());
            }
            if (modelsTrustedOnFirstRecord.contains(model)) {
                text.append(" (first record taken on trust)");
            }
            text.append('\n');
        });
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
