package io.driftwatch.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Writes an Avro datum in Avro's JSON encoding with every object's keys sorted, in one pass: the
 * text Avro's {@code JsonEncoder} would write, read back as a tree, its keys sorted and written
 * again, without the two intermediate forms. A window report's audit payload (25 KB for 25
 * features) took about 0.7 ms that way, per window, on the merge stage's thread; 0.14 ms this way.
 *
 * <p>What Avro's encoder does and this repeats (Avro 1.12.2, {@code JsonEncoder} and
 * {@code GenericDatumWriter}): a union's non-null branch as {@code {"<full name of the branch's
 * schema>": value}} ({@code "double"}, {@code "long"}, {@code "io.driftwatch.schemas.BaselineRef"}),
 * null as {@code null}; bytes and fixed as a string of one ISO-8859-1 character per byte; enums as
 * their symbol; floats in their own shortest digits, read as a double; logical types (timestamps)
 * converted to their raw type with the record's own conversions. Numbers and strings go through
 * the caller's generator, as the tree's values went through it before: the same digits (Java's
 * shortest round trip for doubles, non-finite ones as strings) and the same escapes.
 */
final class SortedAvroJsonWriter {

    private static final Comparator<Schema.Field> BY_NAME = Comparator.comparing(Schema.Field::name);

    private final GenericData data;
    private final JsonGenerator out;

    SortedAvroJsonWriter(GenericData data, JsonGenerator out) {
        this.data = data;
        this.out = out;
    }

    void write(Object datum, Schema schema) throws IOException {
        LogicalType logicalType = schema.getLogicalType();
        if (datum != null && logicalType != null) {
            Conversion<?> conversion = data.getConversionByClass(datum.getClass(), logicalType);
            if (conversion != null) {
                datum = convert(datum, schema, logicalType, conversion);
            }
        }
        switch (schema.getType()) {
            case RECORD -> writeRecord(datum, schema);
            case UNION -> writeUnion(datum, schema);
            case ARRAY -> {
                out.writeStartArray();
                for (Object element : (Collection<?>) datum) {
                    write(element, schema.getElementType());
                }
                out.writeEndArray();
            }
            case MAP -> {
                // Avro's map keys are CharSequences (String or Utf8): sorted as the strings they spell.
                Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) datum).forEach((key, value) -> sorted.put(key.toString(), value));
                out.writeStartObject();
                for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                    out.writeFieldName(entry.getKey());
                    write(entry.getValue(), schema.getValueType());
                }
                out.writeEndObject();
            }
            case ENUM -> out.writeString(datum instanceof Enum<?> e ? e.name() : datum.toString());
            case FIXED -> out.writeString(latin1(((GenericFixed) datum).bytes()));
            case BYTES -> out.writeString(latin1((ByteBuffer) datum));
            case STRING -> out.writeString(datum.toString());
            case INT -> out.writeNumber(((Number) datum).intValue());
            case LONG -> out.writeNumber(((Number) datum).longValue());
            // Avro writes a float's own shortest digits, which the tree then read as a double.
            case FLOAT -> out.writeNumber(Double.parseDouble(Float.toString(((Number) datum).floatValue())));
            case DOUBLE -> out.writeNumber(((Number) datum).doubleValue());
            case BOOLEAN -> out.writeBoolean((Boolean) datum);
            case NULL -> {
                if (datum != null) {
                    throw new IllegalArgumentException("not null: " + datum + " for schema " + schema);
                }
                out.writeNull();
            }
        }
    }

    private void writeRecord(Object datum, Schema schema) throws IOException {
        List<Schema.Field> fields = new ArrayList<>(schema.getFields());
        fields.sort(BY_NAME);
        out.writeStartObject();
        for (Schema.Field field : fields) {
            out.writeFieldName(field.name());
            Object value = data.getField(datum, field.name(), field.pos());
            if (value == null && !acceptsNull(field.schema())) {
                // As Avro's writer: a null where the schema has no null is a bug of the caller, said with the field's name.
                throw new NullPointerException("null of " + field.schema().getType().getName() + " in field "
                    + field.name() + " of " + schema.getFullName());
            }
            write(value, field.schema());
        }
        out.writeEndObject();
    }

    private void writeUnion(Object datum, Schema schema) throws IOException {
        Schema branch = schema.getTypes().get(data.resolveUnion(schema, datum));
        if (branch.getType() == Schema.Type.NULL) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeFieldName(branch.getFullName());
        write(datum, branch);
        out.writeEndObject();
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.NULL
            || schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object datum, Schema schema, LogicalType logicalType, Conversion conversion) {
        return Conversions.convertToRawType(datum, schema, logicalType, conversion);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(ByteBuffer buffer) {
        // From position to limit, as Avro's encoder reads it, without moving the caller's position.
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return latin1(bytes);
    }
}
