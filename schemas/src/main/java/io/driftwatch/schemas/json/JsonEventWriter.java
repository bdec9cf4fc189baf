package io.driftwatch.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** Writes event fields in the shape {@link JsonEventReader} reads, leaving out fields at their default. */
final class JsonEventWriter {

    /** The body of one encode. */
    @FunctionalInterface
    interface Body {
        void write(JsonEventWriter out) throws IOException;
    }

    private final JsonGenerator generator;

    private JsonEventWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    static byte[] encode(JsonFactory factory, Body body) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator generator = factory.createGenerator(bytes)) {
            generator.writeStartObject();
            body.write(new JsonEventWriter(generator));
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return bytes.toByteArray();
    }

    void requiredString(String name, String value) throws IOException {
        generator.writeStringField(name, required(name, value));
    }

    void optionalString(String name, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(name, value);
        }
    }

    void optionalNumber(String name, Double value) throws IOException {
        if (value != null) {
            generator.writeNumberField(name, value);
        }
    }

    void time(String name, Instant value) throws IOException {
        generator.writeNumberField(name, required(name, value).toEpochMilli());
    }

    void trueOnly(String name, boolean value) throws IOException {
        if (value) {
            generator.writeBooleanField(name, true);
        }
    }

    void startObject(String name) throws IOException {
        generator.writeObjectFieldStart(name);
    }

    void endObject() throws IOException {
        generator.writeEndObject();
    }

    void features(String name, Map<String, Object> features) throws IOException {
        generator.writeObjectFieldStart(name);
        for (Map.Entry<String, Object> feature : required(name, features).entrySet()) {
            generator.writeFieldName(feature.getKey());
            Object value = feature.getValue();
            if (value == null) {
                generator.writeNull();
            } else if (value instanceof Double || value instanceof Float) {
                generator.writeNumber(((Number) value).doubleValue());
            } else if (value instanceof CharSequence) {
                generator.writeString(value.toString());
            } else if (value instanceof Boolean b) {
                generator.writeBoolean(b);
            } else {
                throw new IllegalArgumentException("feature '" + feature.getKey() + "' holds a " + value.getClass().getName()
                        + "; features take Double, String, Boolean or null");
            }
        }
        generator.writeEndObject();
    }

    void nonEmptyStringMap(String name, Map<String, String> map) throws IOException {
        if (map == null || map.isEmpty()) {
            return;
        }
        generator.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
    }

    void optionalNumberMap(String name, Map<String, Double> map) throws IOException {
        if (map == null) {
            return;
        }
        generator.writeObjectFieldStart(name);
        for (Map.Entry<String, Double> entry : map.entrySet()) {
            generator.writeNumberField(entry.getKey(), required(name + "." + entry.getKey(), entry.getValue()));
        }
        generator.writeEndObject();
    }

    private static <V> V required(String name, V value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null; it is required");
        }
        return value;
    }
}
