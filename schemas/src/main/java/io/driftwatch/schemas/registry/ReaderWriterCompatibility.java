package io.driftwatch.schemas.registry;

import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Whether data written with one schema can be read with another, by Avro's own checker
 * ({@link SchemaCompatibility#checkReaderWriterCompatibility}), with a short readable account of
 * what breaks (Avro's own {@code toString} of an incompatibility prints both whole schemas).
 */
public final class ReaderWriterCompatibility {

    private ReaderWriterCompatibility() {}

    /** Null when a reader of {@code reader} can read data written with {@code writer}; else what breaks. */
    public static String problems(Schema reader, Schema writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }
}
