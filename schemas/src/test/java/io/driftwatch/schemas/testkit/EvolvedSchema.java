package io.driftwatch.schemas.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.schemas.serde.TrustedSpecificData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Other versions of a record schema, as another producer would have them: the schema with one
 * field more, and records of the generated classes carried over to it.
 */
public final class EvolvedSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvolvedSchema() {
    }

    /** {@code base} with the field {@code fieldJson} (an Avro field declaration) appended. */
    public static Schema withField(Schema base, String fieldJson) {
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(base.toString());
            ((ArrayNode) schema.get("fields")).add(JSON.readTree(fieldJson));
            return new Schema.Parser().parse(schema.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + fieldJson, e);
        }
    }

    /**
     * {@code record} as a generic record of {@code target}, by Avro's schema resolution: fields
     * {@code target} adds take their defaults (so every added field must have one).
     */
    public static GenericRecord toGeneric(SpecificRecord record, Schema target) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            // The trusted model: Avro refuses to load generated classes by name unless told to trust them.
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), TrustedSpecificData.forClass(record.getClass()))
                .write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(record.getSchema(), target, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record of {@code target} holding the fields of {@code source} that {@code target} has; the others unset. */
    public static GenericData.Record copyInto(GenericRecord source, Schema target) {
        GenericData.Record copy = new GenericData.Record(target);
        for (Schema.Field field : target.getFields()) {
            if (source.getSchema().getField(field.name()) != null) {
                copy.put(field.name(), source.get(field.name()));
            }
        }
        return copy;
    }
}
