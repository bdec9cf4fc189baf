package io.driftwatch.alerting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The stable id of an alert: the first 16 bytes (32 lowercase hex digits) of
 * SHA-256 over model id, model version, rule name, feature and segment, each written as a 4-byte
 * big-endian length followed by its UTF-8 bytes, or as the length -1 ({@code ffffffff}) with no
 * bytes when null. Stable across restarts, versions of Driftwatch and machines; it keys the alert
 * state and the {@code alerts} topic. 128 bits make an accidental collision negligible.
 *
 * <p>Reproduce it in Python: see {@code docs/alerting.md#fingerprints}.
 */
public final class AlertFingerprint {

    private static final int LENGTH_BYTES = 16;

    private final MessageDigest sha256;

    /** A fingerprinter; not thread-safe (it reuses one digest), cheap to create. */
    public AlertFingerprint() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The fingerprint, as 32 lowercase hex digits. */
    public String of(String modelId, String modelVersion, String rule, String feature, String segment) {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(rule, "rule");
        sha256.reset();
        update(modelId);
        update(modelVersion);
        update(rule);
        update(feature);
        update(segment);
        byte[] hash = sha256.digest();
        return HexFormat.of().formatHex(hash, 0, LENGTH_BYTES);
    }

    private void update(String field) {
        if (field == null) {
            sha256.update(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha256.update(bytes);
    }
}
