package io.driftwatch.schemas.serde;

import java.util.Objects;

/**
 * An input event and how it arrived.
 *
 * @param event the decoded event
 * @param format the encoding it arrived in
 * @param schemaId the writer schema's id for {@link InputFormat#AVRO}; {@link #NO_SCHEMA_ID} for JSON
 * @param <T> the event class
 */
public record DecodedEvent<T>(T event, InputFormat format, int schemaId) {

    /** The schema id of an event that arrived as JSON. */
    public static final int NO_SCHEMA_ID = -1;

    public DecodedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(format, "format");
    }
}
