package io.driftwatch.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.driftwatch.schemas.json.JsonShapeException.Problem;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of event fields from a streaming {@link JsonParser}, each failing with a
 * {@link JsonShapeException} that names the JSON path of the offending value. The path comes from
 * the parser's own context, so the codecs need not track it.
 */
final class JsonEventReader {

    /** The body of one decode, reading from the reader positioned before the document. */
    @FunctionalInterface
    interface Body<T> {
        T read(JsonEventReader in) throws IOException;
    }

    private final JsonParser parser;
    private final UnknownFieldPolicy unknownFields;

    private JsonEventReader(JsonParser parser, UnknownFieldPolicy unknownFields) {
        this.parser = parser;
        this.unknownFields = unknownFields;
    }

    /**
     * The factory all codecs use. Non-numeric numbers ({@code NaN}, {@code Infinity},
     * {@code -Infinity}) are read and written bare because Python's {@code json} module writes
     * them so, and a feature may legitimately be NaN; duplicate keys are an error because "last
     * one wins" would hide a producer bug.
     */
    static JsonFactory newFactory() {
        return JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
    }

    /** Runs {@code body} over {@code data}, turning every parse failure into a {@link JsonShapeException}. */
    static <T> T decode(JsonFactory factory, byte[] data, int offset, int length, UnknownFieldPolicy unknownFields,
            Body<T> body) {
        JsonParser parser = null;
        try {
            parser = factory.createParser(data, offset, length);
            return body.read(new JsonEventReader(parser, unknownFields));
        } catch (InputCoercionException e) {
            throw new JsonShapeException(Problem.INVALID_VALUE, path(parser), "number out of range: " + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            throw new JsonShapeException(Problem.MALFORMED_JSON, path(parser), "not valid JSON: " + e.getOriginalMessage()
                    + where(e.getLocation()), e);
        } catch (IOException e) {
            throw new JsonShapeException(Problem.MALFORMED_JSON, "$", "cannot read the JSON: " + e.getMessage(), e);
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // Closing a parser over a byte array releases buffers only; nothing can fail that matters.
                }
            }
        }
    }

    /** Moves into the top-level object. */
    void startEvent() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonShapeException(Problem.MALFORMED_JSON, "$", "empty document; expected one JSON object");
        }
        if (token != JsonToken.START_OBJECT) {
            throw wrongType("a JSON object (one event per record)", token);
        }
    }

    /** Requires that nothing but white space follows the top-level object. */
    void endEvent() throws IOException {
        JsonToken token = parser.nextToken();
        if (token != null) {
            throw new JsonShapeException(Problem.MALFORMED_JSON, "$",
                    "unexpected content after the event object; send exactly one JSON object per Kafka record");
        }
    }

    /** The name of the next field of the current object, or null at its end. */
    String nextField() throws IOException {
        return parser.nextFieldName();
    }

    /** Deals with a field the event does not define, after its name was read. */
    void unknownField() throws IOException {
        if (unknownFields == UnknownFieldPolicy.REJECT) {
            throw new JsonShapeException(Problem.UNKNOWN_FIELD, path(parser), "unknown field");
        }
        parser.nextToken();
        parser.skipChildren();
    }

    /** Reads the start of a nested object; returns false for null when {@code nullable}. */
    boolean startObject(String expected, boolean nullable) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL && nullable) {
            return false;
        }
        throw wrongType(expected, token);
    }

    String requiredString() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        throw wrongType("a string", token);
    }

    String optionalString() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType("a string or null", token);
    }

    /**
     * A class label: a string, or an integer or boolean taken as its JSON text ({@code 1} as
     * {@code "1"}), because producers in Python and Go often hold class labels as such; fractional
     * numbers are refused, their text form being ambiguous ({@code 1.0} vs {@code 1}).
     */
    String optionalLabel() throws IOException {
        JsonToken token = parser.nextToken();
        switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT:
                return parser.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return null;
            default:
                throw wrongType("a string (integers and booleans are taken as text) or null", token);
        }
    }

    Double optionalDouble() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType("a number or null", token);
    }

    boolean requiredBoolean() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw wrongType("true or false", token);
    }

    /**
     * An event time: epoch milliseconds as a number (a fraction is dropped, rounding down), or an
     * ISO-8601 date-time with an offset ({@code 2026-11-22T10:15:30.250Z}), cut to milliseconds
     * as Avro's {@code timestamp-millis} holds it.
     */
    Instant eventTime() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double millis = parser.getDoubleValue();
            if (!(Math.abs(millis) < 9.0e18)) {
                throw new JsonShapeException(Problem.INVALID_VALUE, path(parser),
                        "not a time: " + parser.getText() + " is no number of epoch milliseconds");
            }
            return Instant.ofEpochMilli((long) Math.floor(millis));
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            try {
                return Instant.ofEpochMilli(OffsetDateTime.parse(text).toInstant().toEpochMilli());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new JsonShapeException(Problem.INVALID_VALUE, path(parser), "cannot read \"" + text
                        + "\" as an ISO-8601 date-time with offset, e.g. 2026-11-22T10:15:30Z or 2026-11-22T11:15:30.250+01:00", e);
            }
        }
        throw wrongType("epoch milliseconds (a number) or an ISO-8601 date-time string", token);
    }

    /** Feature values: number (as double, NaN and infinities included), string, boolean or null. */
    Map<String, Object> features() throws IOException {
        startObject("an object of feature name to number, string, boolean or null", false);
        Map<String, Object> features = new HashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            Object value = switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_STRING -> parser.getText();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw wrongType("a number, string, boolean or null", token);
            };
            features.put(name, value);
        }
        return features;
    }

    Map<String, String> stringMap() throws IOException {
        startObject("an object of string values", false);
        Map<String, String> map = new HashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType("a string", token);
            }
            map.put(name, parser.getText());
        }
        return map;
    }

    /** An object of numbers, or null. */
    Map<String, Double> optionalDoubleMap() throws IOException {
        if (!startObject("an object of numbers, or null", true)) {
            return null;
        }
        Map<String, Double> map = new HashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType("a number", token);
            }
            map.put(name, parser.getDoubleValue());
        }
        return map;
    }

    static <V> V required(V value, String path) {
        if (value == null) {
            throw new JsonShapeException(Problem.MISSING_FIELD, path, "required field is missing");
        }
        return value;
    }

    private JsonShapeException wrongType(String expected, JsonToken token) {
        return new JsonShapeException(Problem.WRONG_TYPE, path(parser), "expected " + expected + ", got " + describe(token));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * The JSON path of the parser's current value, e.g. {@code $.features.age} or
     * {@code $.segments["two words"]}. A container value is named by its parent's field.
     */
    static String path(JsonParser parser) {
        if (parser == null) {
            return "$";
        }
        JsonStreamContext context = parser.getParsingContext();
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && context.getParent() != null) {
            context = context.getParent();
        }
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                segments.add(nameSegment(c.getCurrentName()));
            } else if (c.inArray()) {
                segments.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        StringBuilder path = new StringBuilder("$");
        for (int i = segments.size() - 1; i >= 0; i--) {
            path.append(segments.get(i));
        }
        return path.toString();
    }

    private static String nameSegment(String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return "." + name;
        }
        return "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
}
