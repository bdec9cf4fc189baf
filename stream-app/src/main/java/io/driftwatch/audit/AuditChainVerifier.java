package io.driftwatch.audit;

import io.driftwatch.schemas.AuditRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies audit chains from records in topic order, several models interleaved, and finds the
 * first break by position.
 *
 * <p>For each record, in this order: its hash must match its recomputed content
 * ({@link BreakKind#ALTERED}); its sequence must be the next of its model — lower is
 * {@link BreakKind#REORDER}, higher is a skip; its previous hash must be the hash of the model's
 * previous record, or for the first record the genesis hash (64 zeros) or the trusted hash it
 * starts from ({@link BreakKind#FORGED}).
 *
 * <p>A skip is not judged at once: if the missing sequence arrives within the
 * {@linkplain Builder#reorderWindow(int) reorder window} (records read after the skip), the
 * records were swapped and the break is a {@link BreakKind#REORDER} at the skip's position;
 * otherwise it is a {@link BreakKind#GAP}. While a model's skip is pending, its other records are
 * not checked; other models go on being verified. After a break, a model's chain is not checked
 * further (everything after it is suspect).
 *
 * <p>What a chain alone cannot show: records cut off at the end. Compare the reported
 * {@linkplain VerificationReport#heads() heads} with heads kept elsewhere (a previous verification,
 * a published digest) to catch truncation.
 *
 * <p>Positions are whatever the caller reads records at, normally offsets within one partition.
 * The audit topic is keyed by model id, so each model's chain lives in one partition: verify
 * partitions separately.
 */
public final class AuditChainVerifier {

    /** Default number of records read after a skip within which a missing sequence counts as reordered. */
    public static final int DEFAULT_REORDER_WINDOW = 10_000;

    private final Map<String, ChainHead> anchors;
    private final boolean trustFirstRecordOfUnanchoredModels;
    private final String firstRecordPreviousHash;
    private final int reorderWindow;
    private final AuditHasher hasher = new AuditHasher();

    private final Map<String, Progress> models = new HashMap<>();
    // Models with a skip not yet judged; few at any time, so checks per record stay cheap.
    private final Map<String, Progress> skipped = new HashMap<>();
    private final Set<String> trustedOnFirstRecord = new HashSet<>();
    private long recordsRead;
    private ChainBreak earliestBreak;
    private boolean finished;

    /** Where one model's verification stands. */
    private static final class Progress {
        long expectedSequence;
        String expectedPrevious;
        String anchorDescription;
        boolean takeFirstOnTrust;
        long verified;
        String lastHash;
        boolean broken;
        Skip skip;
    }

    /** A sequence skip not yet judged GAP or REORDER. */
    private record Skip(long position, long expected, long found, long readAtSkip) {
    }

    private AuditChainVerifier(Builder builder) {
        this.anchors = Map.copyOf(builder.anchors);
        this.trustFirstRecordOfUnanchoredModels = builder.trustFirstRecordOfUnanchoredModels;
        this.firstRecordPreviousHash = builder.firstRecordPreviousHash;
        this.reorderWindow = builder.reorderWindow;
    }

    /** A verifier that expects every chain from its genesis (sequence 0, previous hash 64 zeros). */
    public static AuditChainVerifier fromGenesis() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Verifies records from genesis, their positions being 0, 1, 2, ... */
    public static VerificationReport verify(Iterable<AuditRecord> records) {
        AuditChainVerifier verifier = fromGenesis();
        long position = 0;
        for (AuditRecord record : records) {
            verifier.accept(position++, record);
            if (verifier.isDecided()) {
                break;
            }
        }
        return verifier.finish();
    }

    /**
     * Checks the next record read.
     *
     * @param position where it was read (its offset); positions should increase
     * @param record   the record
     */
    public void accept(long position, AuditRecord record) {
        Objects.requireNonNull(record, "record");
        if (finished) {
            throw new IllegalStateException("verification is finished; make a new verifier");
        }
        recordsRead++;
        expireSkips();
        if (isDecided()) {
            return;
        }
        String model = record.getModelId();
        Progress progress = models.computeIfAbsent(model, m -> start(m, record));
        if (progress.broken) {
            return;
        }
        if (progress.skip != null) {
            resolveSkipIfMissingArrives(model, progress, position, record);
            return;
        }
        String recomputed = recompute(record);
        if (recomputed == null || !recomputed.equals(record.getHash())) {
            String why = recomputed == null
                    ? "its previous_hash '" + record.getPreviousHash() + "' is not 64 lowercase hex digits"
                    : "it carries hash " + record.getHash() + " but its content hashes to " + recomputed;
            fail(progress, new ChainBreak(BreakKind.ALTERED, model, position, record.getSequence(), "model '" + model
                    + "': the record with sequence " + record.getSequence() + " was altered after it was written: "
                    + why));
            return;
        }
        if (progress.takeFirstOnTrust) {
            progress.takeFirstOnTrust = false;
            trustedOnFirstRecord.add(model);
            advance(progress, record);
            return;
        }
        long sequence = record.getSequence();
        if (sequence < progress.expectedSequence) {
            boolean duplicate = sequence == progress.expectedSequence - 1 && record.getHash().equals(progress.lastHash);
            String message = duplicate
                    ? "model '" + model + "': the record with sequence " + sequence + " appears twice (duplicate)"
                    : "model '" + model + "': sequence " + sequence + " comes after sequence "
                            + (progress.expectedSequence - 1) + ": the sequence goes backwards (records reordered or "
                            + "replayed)";
            fail(progress, new ChainBreak(BreakKind.REORDER, model, position, sequence, message));
            return;
        }
        if (sequence > progress.expectedSequence) {
            progress.skip = new Skip(position, progress.expectedSequence, sequence, recordsRead);
            skipped.put(model, progress);
            return;
        }
        if (!record.getPreviousHash().equals(progress.expectedPrevious)) {
            fail(progress, new ChainBreak(BreakKind.FORGED, model, position, sequence, "model '" + model
                    + "': the record with sequence " + sequence + " hashes correctly but its previous_hash "
                    + record.getPreviousHash() + " is not " + progress.anchorDescription + " "
                    + progress.expectedPrevious + ": a record was replaced or the chain was rebuilt"));
            return;
        }
        advance(progress, record);
    }

    /**
     * True once the first break is certain: a break has been found and no earlier skip is still
     * waiting to be judged. Reading further records cannot change the outcome.
     */
    public boolean isDecided() {
        if (earliestBreak == null) {
            return false;
        }
        for (Progress progress : skipped.values()) {
            if (progress.skip.position() < earliestBreak.position()) {
                return false;
            }
        }
        return true;
    }

    /** Ends verification: skips still pending become GAPs. */
    public VerificationReport finish() {
        if (!finished) {
            finished = true;
            new HashMap<>(skipped).forEach(this::gap);
        }
        Map<String, Long> verified = new HashMap<>();
        // Trusted heads carry over for models without new verified records, so reports chain.
        Map<String, ChainHead> heads = new HashMap<>(anchors);
        models.forEach((model, progress) -> {
            verified.put(model, progress.verified);
            if (progress.verified > 0) {
                heads.put(model, new ChainHead(model, progress.expectedSequence, progress.lastHash));
            }
        });
        return new VerificationReport(recordsRead, verified, heads, trustedOnFirstRecord, earliestBreak);
    }

    private Progress start(String model, AuditRecord first) {
        Progress progress = new Progress();
        ChainHead anchor = anchors.get(model);
        if (anchor != null) {
            progress.expectedSequence = anchor.nextSequence();
            progress.expectedPrevious = anchor.lastHash();
            progress.anchorDescription = "the trusted hash";
        } else if (firstRecordPreviousHash != null && recordsRead == 1) {
            progress.expectedSequence = first.getSequence();
            progress.expectedPrevious = firstRecordPreviousHash;
            progress.anchorDescription = "the trusted hash";
        } else if (trustFirstRecordOfUnanchoredModels) {
            progress.takeFirstOnTrust = true;
        } else {
            progress.expectedSequence = 0;
            progress.expectedPrevious = ChainHead.GENESIS_HASH;
            progress.anchorDescription = "the genesis hash";
        }
        return progress;
    }

    private String recompute(AuditRecord record) {
        if (!AuditHasher.isHash(record.getPreviousHash())) {
            return null;
        }
        return hasher.hash(record);
    }

    private void advance(Progress progress, AuditRecord record) {
        progress.verified++;
        progress.expectedSequence = record.getSequence() + 1;
        progress.expectedPrevious = record.getHash();
        progress.lastHash = record.getHash();
        progress.anchorDescription = "the hash of sequence " + record.getSequence();
    }

    private void resolveSkipIfMissingArrives(String model, Progress progress, long position, AuditRecord record) {
        Skip skip = progress.skip;
        long sequence = record.getSequence();
        if (sequence >= skip.expected() && sequence < skip.found()) {
            progress.skip = null;
            skipped.remove(model);
            fail(progress, new ChainBreak(BreakKind.REORDER, model, skip.position(), skip.found(), "model '" + model
                    + "': sequence " + skip.found() + " at position " + skip.position() + " came before sequence "
                    + sequence + " at position " + position + ": records are out of order"));
        }
    }

    private void expireSkips() {
        if (skipped.isEmpty()) {
            return;
        }
        new HashMap<>(skipped).forEach((model, progress) -> {
            if (recordsRead - progress.skip.readAtSkip() > reorderWindow) {
                gap(model, progress);
            }
        });
    }

    private void gap(String model, Progress progress) {
        Skip skip = progress.skip;
        progress.skip = null;
        skipped.remove(model);
        String missing = skip.found() - skip.expected() == 1 ? "sequence " + skip.expected() + " is missing"
                : "sequences " + skip.expected() + " to " + (skip.found() - 1) + " are missing";
        String message = progress.verified == 0
                ? "model '" + model + "': its first record read has sequence " + skip.found() + ", expected "
                        + skip.expected() + ": " + missing + " (to verify from the middle of a chain, start from a "
                        + "trusted head)"
                : "model '" + model + "': sequence " + skip.found() + " follows sequence " + (skip.expected() - 1)
                        + ": " + missing;
        fail(progress, new ChainBreak(BreakKind.GAP, model, skip.position(), skip.found(), message));
    }

    private void fail(Progress progress, ChainBreak chainBreak) {
        progress.broken = true;
        if (earliestBreak == null || chainBreak.position() < earliestBreak.position()) {
            earliestBreak = chainBreak;
        }
    }

    /** Configures where chains are expected to start. */
    public static final class Builder {
        private final Map<String, ChainHead> anchors = new HashMap<>();
        private boolean trustFirstRecordOfUnanchoredModels;
        private String firstRecordPreviousHash;
        private int reorderWindow = DEFAULT_REORDER_WINDOW;

        private Builder() {
        }

        /**
         * The model's next record must have {@code head.nextSequence()} and link to
         * {@code head.lastHash()}: resume from a head verified (or published) before.
         */
        public Builder trust(ChainHead head) {
            anchors.put(head.modelId(), head);
            return this;
        }

        /**
         * Models without a trusted head start at the first record read, whatever its sequence; its
         * hash is still checked, its link to earlier records cannot be. Such models are listed in
         * {@link VerificationReport#modelsTrustedOnFirstRecord()}. Off by default: chains must
         * start at genesis.
         */
        public Builder trustFirstRecordOfUnanchoredModels(boolean trust) {
            this.trustFirstRecordOfUnanchoredModels = trust;
            return this;
        }

        /**
         * The very first record read (whatever its model and sequence) must link to this hash,
         * e.g. the hash of the record just before the offset verification starts from
         * ({@code --from-offset N --trusted-hash HEX}).
         */
        public Builder firstRecordLinksTo(String trustedHash) {
            if (!AuditHasher.isHash(trustedHash)) {
                throw new IllegalArgumentException("trusted hash must be 64 lowercase hex digits, got '" + trustedHash
                        + "'");
            }
            this.firstRecordPreviousHash = trustedHash;
            return this;
        }

        /** Records read after a sequence skip within which the missing record counts as reordered, not lost. */
        public Builder reorderWindow(int records) {
            if (records < 0) {
                throw new IllegalArgumentException("reorder window must be >= 0, got " + records);
            }
            this.reorderWindow = records;
            return this;
        }

        public AuditChainVerifier build() {
            return new AuditChainVerifier(this);
        }
    }
}
