package io.driftwatch.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Deterministic JSON: every object's keys sorted (by UTF-16 code units, as
 * {@link String#compareTo}), arrays in their order, no whitespace, numbers as Jackson writes them
 * (Java's shortest round-trip form for doubles), NaN and infinities as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}. Avro records are written in Avro's own JSON encoding
 * ({@link SortedAvroJsonWriter}), so the result still decodes with Avro's JSON decoder and the
 * record's schema.
 */
final class CanonicalJson {

    // Configured once and never changed: ObjectMapper is thread-safe for reading and writing.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CanonicalJson() {
    }

    static String of(SpecificRecordBase record) {
        StringWriter text = new StringWriter();
        // The mapper's own generator, configured as writeValueAsString configures it: the same digits and escapes.
        try (JsonGenerator out = MAPPER.createGenerator(text)) {
            new SortedAvroJsonWriter(record.getSpecificData(), out).write(record, record.getSchema());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + record.getSchema().getFullName() + " as JSON", e);
        }
        return text.toString();
    }

    static String of(JsonNode node) {
        return write(sorted(node));
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = MAPPER.createObjectNode();
            for (String name : names) {
                copy.set(name, sorted(node.get(name)));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                copy.add(sorted(it.next()));
            }
            return copy;
        }
        return node;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
