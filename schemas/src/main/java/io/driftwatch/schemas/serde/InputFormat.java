package io.driftwatch.schemas.serde;

/** The encoding an input record arrived in. */
public enum InputFormat {
    /** Avro binary in the Schema Registry wire format: magic byte 0, 4-byte schema id, Avro. */
    AVRO,
    /** A UTF-8 JSON object in the documented event shape. */
    JSON,
    /** Neither could be recognised (empty, or an unexpected first byte). */
    UNKNOWN
}
