package io.driftwatch.audit;

import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Computes audit record hashes: {@code SHA-256(previous_hash as 32 raw bytes ‖ canonical bytes)}
 * (see {@link AuditCanonicalEncoding}). Reuses one {@link MessageDigest}: one instance per
 * thread, never shared.
 */
public final class AuditHasher {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;

    public AuditHasher() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether {@code text} is a hash as the chain writes them: 64 lowercase hex digits. */
    public static boolean isHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }

    /** The hash a record must carry, recomputed from its other fields. */
    public String hash(AuditRecord record) {
        return hash(record.getModelId(), record.getSequence(), record.getType(), record.getTime().toEpochMilli(),
                record.getSubject(), record.getPayload(), record.getPreviousHash());
    }

    /**
     * The hash of a record with these fields.
     *
     * @throws IllegalArgumentException when {@code previousHash} is not 64 lowercase hex digits
     */
    public String hash(String modelId, long sequence, AuditType type, long timeMillis, String subject, String payload,
                       String previousHash) {
        if (!isHash(previousHash)) {
            throw new IllegalArgumentException("previous_hash must be 64 lowercase hex digits, got '" + previousHash + "'");
        }
        sha256.reset();
        sha256.update(HEX.parseHex(previousHash));
        AuditCanonicalEncoding.writeTo(sha256::update, modelId, sequence, type, timeMillis, subject, payload,
                previousHash);
        return HEX.formatHex(sha256.digest());
    }
}
