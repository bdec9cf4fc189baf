package io.driftwatch.audit;

import io.driftwatch.schemas.AuditRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a model's audit chain stands: the sequence the next record gets and the hash it must link
 * to. Also serves as a trusted starting point for {@link AuditChainVerifier}.
 *
 * @param modelId      the model the chain belongs to
 * @param nextSequence sequence of the next record, 0 for an empty chain
 * @param lastHash     lowercase hex SHA-256 of the last record, {@link #GENESIS_HASH} for an empty chain
 */
public record ChainHead(String modelId, long nextSequence, String lastHash) {

    /** The previous hash of every chain's first record: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public ChainHead {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(lastHash, "lastHash");
        if (nextSequence < 0) {
            throw new IllegalArgumentException("nextSequence must be >= 0, got " + nextSequence);
        }
        if (!AuditHasher.isHash(lastHash)) {
            throw new IllegalArgumentException("lastHash must be 64 lowercase hex digits, got '" + lastHash + "'");
        }
    }

    /** The head of a model's empty chain. */
    public static ChainHead genesis(String modelId) {
        return new ChainHead(modelId, 0, GENESIS_HASH);
    }

    /** The head after {@code record}: the next record follows it. */
    public static ChainHead after(AuditRecord record) {
        return new ChainHead(record.getModelId(), record.getSequence() + 1, record.getHash());
    }

    /**
     * The head of the chain {@code modelId} as {@link #toBytes()} stored it, or the genesis head when none was stored
     * ({@code bytes} null).
     */
    public static ChainHead fromBytes(String modelId, byte[] bytes) {
        if (bytes == null) {
            return genesis(modelId);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long next = b.getLong();
        byte[] hash = new byte[b.remaining()];
        b.get(hash);
        return new ChainHead(modelId, next, new String(hash, StandardCharsets.US_ASCII));
    }

    /** How the stores of chain heads keep a head: the next sequence (8 bytes, big-endian), then the last hash in ASCII. */
    public byte[] toBytes() {
        byte[] hash = lastHash.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + hash.length).putLong(nextSequence).put(hash).array();
    }
}
