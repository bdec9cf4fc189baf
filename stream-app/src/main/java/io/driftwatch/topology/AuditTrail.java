package io.driftwatch.topology;

import io.driftwatch.audit.AuditChain;
import io.driftwatch.audit.ChainHead;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Appends to the audit chains of one stage: the merge stage's (each model's own, and the system chain) or the
 * comparison stage's ({@code <model>#comparisons}). The head of each chain (next sequence, last hash) lives in
 * a changelogged store updated in the same transaction as the record is written, so under
 * exactly-once the chain has no gap or fork across crashes.
 */
public final class AuditTrail {

    /** The chain that records what is not about one model: rejected input, rules with no model yet. */
    static final String SYSTEM_CHAIN = io.driftwatch.schemas.validation.EventValidator.SYSTEM_CHAIN;

    private final KeyValueStore<String, byte[]> heads;
    private final AuditChain chain = new AuditChain();

    public AuditTrail(KeyValueStore<String, byte[]> heads) {
        this.heads = heads;
    }

    public AuditRecord append(String modelId, AuditType type, Instant time, String subject, String payloadJson) {
        AuditChain.Appended appended = chain.append(head(modelId), type, time, subject, payloadJson);
        heads.put(modelId, appended.head().toBytes());
        return appended.record();
    }

    ChainHead head(String modelId) {
        return ChainHead.fromBytes(modelId, heads.get(modelId));
    }

    /** Models with a chain in this task. */
    java.util.List<String> models() {
        java.util.List<String> models = new java.util.ArrayList<>();
        try (var it = heads.all()) {
            it.forEachRemaining(kv -> models.add(kv.key));
        }
        return models;
    }
}
