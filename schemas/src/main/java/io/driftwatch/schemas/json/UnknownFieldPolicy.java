package io.driftwatch.schemas.json;

/**
 * What the JSON decoders do with a field the event does not define (at the top level or inside
 * {@code prediction}; feature and segment names are data, never unknown).
 */
public enum UnknownFieldPolicy {
    /**
     * Skip it. The default, for the same reason Avro drops fields a reader does not know: a
     * producer may add fields (its own request id, a field of a newer schema version) before the
     * monitor knows them, and must not lose events for it. Typos in required fields still fail as
     * missing fields.
     */
    IGNORE,
    /** Fail with {@link JsonShapeException.Problem#UNKNOWN_FIELD}: for producers testing their output. */
    REJECT
}
