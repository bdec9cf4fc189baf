package io.driftwatch.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject, as the registry reports it.
 *
 * @param subject the subject
 * @param version the version under the subject, from 1
 * @param id the schema's global id (the one written into every record)
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
