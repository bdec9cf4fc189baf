package io.driftwatch.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON, the way people (and Kafka Connect's schemaless {@code JsonConverter})
 * expect it: field names as in the schema, unions written as their value (not Avro's
 * {@code {"double": 1.0}} wrapping), enums as strings, maps with sorted keys, bytes as base64,
 * non-finite doubles as the strings {@code NaN}, {@code Infinity}, {@code -Infinity}.
 * Timestamps are epoch milliseconds or ISO-8601 strings, by choice. {@link #read} turns such JSON
 * back into a record of a given class, accepting either timestamp form.
 */
public final class PlainJson {

    /** How timestamp fields are written. */
    public enum Timestamps { EPOCH_MILLIS, ISO_8601 }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Timestamps timestamps;

    public PlainJson(Timestamps timestamps) {
        this.timestamps = timestamps;
    }

    public ObjectNode toTree(IndexedRecord record) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    public byte[] toBytes(IndexedRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toTree(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON of " + record.getSchema().getFullName(), e);
        }
    }

    public String toString(IndexedRecord record) {
        return new String(toBytes(record), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads plain JSON written by {@link #toBytes} (either timestamp form) into a record of {@code type}. */
    public static <T extends org.apache.avro.specific.SpecificRecord> T read(byte[] json, Class<T> type) {
        try {
            return read(MAPPER.readTree(json), type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getMessage(), e);
        }
    }

    public static <T extends org.apache.avro.specific.SpecificRecord> T read(JsonNode json, Class<T> type) {
        io.driftwatch.schemas.serde.TrustedSpecificData data = io.driftwatch.schemas.serde.TrustedSpecificData.forClass(type);
        Schema schema = data.getSchema(type);
        Object generic = PlainJsonReader.value(json, schema, "$");
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.generic.GenericDatumWriter<Object>(schema, PlainJsonReader.GENERIC).write(generic, enc);
            enc.flush();
            org.apache.avro.io.BinaryDecoder dec = org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
            return new org.apache.avro.specific.SpecificDatumReader<T>(schema, schema, data).read(null, dec);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot convert JSON to " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof IndexedRecord r) {
            return toTree(r);
        }
        if (v instanceof CharSequence s) {
            return f.textNode(s.toString());
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? f.numberNode(d) : f.textNode(d.toString());
        }
        if (v instanceof Float x) {
            return Float.isFinite(x) ? f.numberNode(x) : f.textNode(x.toString());
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Instant t) {
            return timestamps == Timestamps.EPOCH_MILLIS ? f.numberNode(t.toEpochMilli()) : f.textNode(t.toString());
        }
        if (v instanceof Enum<?> e) {
            return f.textNode(e.name());
        }
        if (v instanceof GenericEnumSymbol<?> e) {
            return f.textNode(e.toString());
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            return f.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            sorted.forEach((k, val) -> o.set(k, value(val)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = f.arrayNode();
            c.forEach(item -> a.add(value(item)));
            return a;
        }
        return f.textNode(v.toString());
    }
}
