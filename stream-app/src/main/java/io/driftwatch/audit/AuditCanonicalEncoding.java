package io.driftwatch.audit;

import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.AuditType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The canonical bytes of an audit record without its hash, the input of the chain's hash. Fields
 * in this order, nothing between them:
 * <ol>
 *   <li>{@code model_id}: string</li>
 *   <li>{@code sequence}: long</li>
 *   <li>{@code type}: string, the enum symbol, e.g. {@code WINDOW_EVALUATED}</li>
 *   <li>{@code time}: long, epoch milliseconds UTC</li>
 *   <li>{@code subject}: string</li>
 *   <li>{@code payload}: string</li>
 *   <li>{@code previous_hash}: string, the 64 lowercase hex digits as text</li>
 * </ol>
 * A string is its UTF-8 bytes preceded by their count as a 4-byte big-endian unsigned integer; a
 * long is 8 bytes big-endian two's complement. The record's hash is then
 * {@code SHA-256(previous_hash as 32 raw bytes ‖ canonical bytes)}, written as 64 lowercase hex
 * digits. The definition and a worked example are in {@code docs/audit.md}.
 */
public final class AuditCanonicalEncoding {

    /** Receives the canonical bytes piece by piece (a digest, or a buffer). */
    interface Sink {
        void write(byte[] bytes);
    }

    private AuditCanonicalEncoding() {
    }

    /** The canonical bytes of a record (its {@code hash} field is not part of them). */
    public static byte[] encode(AuditRecord record) {
        return encode(record.getModelId(), record.getSequence(), record.getType(), record.getTime().toEpochMilli(),
                record.getSubject(), record.getPayload(), record.getPreviousHash());
    }

    /** The canonical bytes of the given field values. */
    public static byte[] encode(String modelId, long sequence, AuditType type, long timeMillis, String subject,
                                String payload, String previousHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (payload == null ? 0 : payload.length()));
        writeTo(out::writeBytes, modelId, sequence, type, timeMillis, subject, payload, previousHash);
        return out.toByteArray();
    }

    static void writeTo(Sink sink, String modelId, long sequence, AuditType type, long timeMillis, String subject,
                        String payload, String previousHash) {
        Objects.requireNonNull(type, "type");
        string(sink, Objects.requireNonNull(modelId, "modelId"));
        sink.write(longBytes(sequence));
        string(sink, type.name());
        sink.write(longBytes(timeMillis));
        string(sink, Objects.requireNonNull(subject, "subject"));
        string(sink, Objects.requireNonNull(payload, "payload"));
        string(sink, Objects.requireNonNull(previousHash, "previousHash"));
    }

    private static void string(Sink sink, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        sink.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sink.write(bytes);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) (value >>> (8 * (7 - i)));
        }
        return bytes;
    }
}
