package io.driftwatch.audit;

import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.time.Instant;
import java.util.Objects;

/**
 * Appends records to per-model audit hash chains. Pure apart from its reused digest: the caller
 * keeps each model's {@link ChainHead} (in a state store) and passes it in; the record to publish
 * and the new head come back. One SHA-256 per record. Not thread-safe: one instance per stream task.
 */
public final class AuditChain {

    /**
     * A new link and the head after it.
     *
     * @param record the record to publish
     * @param head   the model's head after it
     */
    public record Appended(AuditRecord record, ChainHead head) {
    }

    private final AuditHasher hasher = new AuditHasher();

    /**
     * Makes the next record of the chain at {@code head}.
     *
     * @param head        the model's current head ({@link ChainHead#genesis(String)} for a new model)
     * @param type        what the record attests
     * @param time        event time of the subject; kept to the millisecond (the schema's precision)
     * @param subject     short id of what the record is about, e.g. an alert fingerprint; may be empty
     * @param payloadJson the subject as JSON (see {@link AuditPayloads})
     */
    public Appended append(ChainHead head, AuditType type, Instant time, String subject, String payloadJson) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payloadJson, "payloadJson");
        long millis = time.toEpochMilli();
        String hash = hasher.hash(head.modelId(), head.nextSequence(), type, millis, subject, payloadJson,
                head.lastHash());
        AuditRecord record = AuditRecord.newBuilder()
                .setModelId(head.modelId())
                .setSequence(head.nextSequence())
                .setType(type)
                .setTime(Instant.ofEpochMilli(millis))
                .setSubject(subject)
                .setPayload(payloadJson)
                .setPreviousHash(head.lastHash())
                .setHash(hash)
                .build();
        return new Appended(record, ChainHead.after(record));
    }
}
