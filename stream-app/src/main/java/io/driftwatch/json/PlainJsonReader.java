package io.driftwatch.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Walks plain JSON against an Avro schema and builds the matching generic datum, naming the path of any mismatch. */
final class PlainJsonReader {

    static final GenericData GENERIC = new GenericData();

    private PlainJsonReader() {
    }

    static Object value(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case UNION: {
                if (node == null || node.isNull()) {
                    for (Schema branch : schema.getTypes()) {
                        if (branch.getType() == Schema.Type.NULL) {
                            return null;
                        }
                    }
                    throw new IllegalArgumentException(path + " is null, which its type does not allow");
                }
                IllegalArgumentException last = null;
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return value(node, branch, path);
                    } catch (IllegalArgumentException e) {
                        last = e;
                    }
                }
                throw last == null ? new IllegalArgumentException(path + " matches no type of its union") : last;
            }
            case RECORD: {
                require(node != null && node.isObject(), path, "an object");
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode child = node.get(field.name());
                    if (child == null && field.hasDefaultValue()) {
                        record.put(field.pos(), GENERIC.getDefaultValue(field));
                    } else {
                        record.put(field.pos(), value(child, field.schema(), path + "." + field.name()));
                    }
                }
                return record;
            }
            case MAP: {
                require(node != null && node.isObject(), path, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), value(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
                }
                return map;
            }
            case ARRAY: {
                require(node != null && node.isArray(), path, "an array");
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    list.add(value(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(schema, list);
            }
            case ENUM:
                require(node != null && node.isTextual() && schema.getEnumSymbols().contains(node.asText()), path,
                    "one of " + schema.getEnumSymbols());
                return new GenericData.EnumSymbol(schema, node.asText());
            case STRING:
                require(node != null && node.isTextual(), path, "a string");
                return node.asText();
            case BOOLEAN:
                require(node != null && node.isBoolean(), path, "a boolean");
                return node.asBoolean();
            case INT:
                require(node != null && node.canConvertToInt() && node.isIntegralNumber(), path, "an integer");
                return node.asInt();
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis && node != null && node.isTextual()) {
                    try {
                        return Instant.parse(node.asText()).toEpochMilli();
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(path + " is not an ISO-8601 instant: " + node.asText());
                    }
                }
                require(node != null && node.isIntegralNumber(), path, "an integer");
                return node.asLong();
            case DOUBLE:
            case FLOAT:
                if (node != null && node.isTextual()) {
                    switch (node.asText()) {
                        case "NaN":
                            return Double.NaN;
                        case "Infinity":
                            return Double.POSITIVE_INFINITY;
                        case "-Infinity":
                            return Double.NEGATIVE_INFINITY;
                        default:
                            break;
                    }
                }
                require(node != null && node.isNumber(), path, "a number");
                return schema.getType() == Schema.Type.FLOAT ? (Object) (float) node.asDouble() : node.asDouble();
            case BYTES:
                require(node != null && node.isTextual(), path, "base64 text");
                return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
            case NULL:
                require(node == null || node.isNull(), path, "null");
                return null;
            default:
                throw new IllegalArgumentException(path + ": unsupported Avro type " + schema.getType());
        }
    }

    private static void require(boolean ok, String path, String what) {
        if (!ok) {
            throw new IllegalArgumentException(path + " must be " + what);
        }
    }
}
