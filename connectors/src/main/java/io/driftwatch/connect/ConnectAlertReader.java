package io.driftwatch.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.AlertTransition.Evidence;
import io.driftwatch.connect.AlertTransition.FeatureEvidence;
import io.driftwatch.connect.AlertTransition.Severity;
import io.driftwatch.connect.AlertTransition.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Reads a record value of the alerts topic, in whatever shape the worker's value converter gives
 * it, into an {@link AlertTransition}. Field names are those of {@code Alert.avsc}.
 *
 * <ul>
 *   <li>{@link Struct}: from {@code JsonConverter} with schemas, or from an Avro converter.</li>
 *   <li>{@link Map}: from {@code JsonConverter} with {@code schemas.enable=false}.</li>
 *   <li>{@link String} or {@code byte[]} holding a JSON object: from {@code StringConverter} or
 *       {@code ByteArrayConverter}.</li>
 * </ul>
 * Enums may be strings (any case) or Java enums; timestamps may be {@link Date} (Connect's
 * {@code Timestamp} logical type), epoch milliseconds (any {@link Number}), or ISO-8601 strings.
 */
public final class ConnectAlertReader {

    private static final String FORMAT_HINT = "Records on the alerts topic are Driftwatch Alert values"
            + " (schemas/src/main/avro/Alert.avsc); check that the connector's value.converter matches how"
            + " the topic is written (JsonConverter with value.converter.schemas.enable=false for plain JSON,"
            + " an Avro converter for Avro).";

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param value a record value, not {@code null} (tombstones carry no alert)
     * @throws DataException naming the field and the fix when the value is not an alert
     */
    public AlertTransition read(Object value) {
        Fields alert = Fields.of(asRecord(value), "alert");
        return new AlertTransition(
                alert.requiredString("fingerprint"),
                alert.requiredString("model_id"),
                alert.requiredString("model_version"),
                alert.requiredString("rule"),
                alert.string("metric"),
                alert.string("feature"),
                alert.string("segment"),
                enumValue(alert, "severity", Severity.class),
                enumValue(alert, "status", Status.class),
                alert.number("observed_value"),
                alert.number("threshold"),
                alert.string("comparator"),
                alert.instant("window_start"),
                alert.instant("window_end"),
                alert.requiredInstant("starts_at"),
                alert.instant("ends_at"),
                alert.instant("emitted_at"),
                alert.string("summary"),
                evidence(alert.record("evidence")),
                alert.stringMap("labels"),
                alert.string("runbook_url"));
    }

    private Object asRecord(Object value) {
        if (value instanceof Struct || value instanceof Map) {
            return value;
        }
        if (value instanceof String text) {
            return parseJson(text);
        }
        if (value instanceof byte[] bytes) {
            return parseJson(new String(bytes, StandardCharsets.UTF_8));
        }
        throw new DataException("Unsupported record value of type "
                + (value == null ? "null" : value.getClass().getName())
                + ": expected a Struct (JsonConverter with schemas, Avro converter), a Map (JsonConverter with"
                + " schemas.enable=false) or a JSON object as String or byte[] (StringConverter,"
                + " ByteArrayConverter). " + FORMAT_HINT);
    }

    private Map<String, Object> parseJson(String text) {
        try {
            Map<String, Object> parsed = json.readValue(text, new TypeReference<>() { });
            if (parsed == null) {
                throw new DataException("Record value is the JSON literal null, not an alert object. " + FORMAT_HINT);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new DataException("Record value is not a JSON object (" + e.getOriginalMessage() + "). "
                    + FORMAT_HINT, e);
        }
    }

    private static Evidence evidence(Fields evidence) {
        if (evidence == null) {
            return Evidence.EMPTY;
        }
        List<FeatureEvidence> topFeatures = new ArrayList<>();
        List<?> items = evidence.list("top_features");
        for (int i = 0; i < items.size(); i++) {
            Fields item = Fields.of(items.get(i), evidence.path("top_features[" + i + "]"));
            topFeatures.add(new FeatureEvidence(
                    item.requiredString("feature"),
                    item.string("test"),
                    item.number("statistic"),
                    item.number("p_value"),
                    item.number("threshold"),
                    item.string("verdict")));
        }
        return new Evidence(
                evidence.longOrZero("event_count"),
                evidence.longOrZero("sample_count"),
                evidence.string("baseline_version"),
                evidence.string("baseline_source"),
                evidence.longOrZero("baseline_row_count"),
                Math.toIntExact(evidence.longOrZero("windows_in_breach")),
                topFeatures,
                evidence.stringMap("details"));
    }

    private static <E extends Enum<E>> E enumValue(Fields fields, String name, Class<E> type) {
        String text = fields.requiredString(name);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataException("Alert field '" + fields.path(name) + "' is '" + text + "', expected one of "
                    + Arrays.toString(type.getEnumConstants()) + ". " + FORMAT_HINT, e);
        }
    }

    /** Named fields of a Struct or a Map, read leniently but with exact error messages. */
    private static final class Fields {
        private final Struct struct;
        private final Map<?, ?> map;
        private final String path;

        private Fields(Struct struct, Map<?, ?> map, String path) {
            this.struct = struct;
            this.map = map;
            this.path = path;
        }

        static Fields of(Object value, String path) {
            if (value instanceof Struct struct) {
                return new Fields(struct, null, path);
            }
            if (value instanceof Map<?, ?> map) {
                return new Fields(null, map, path);
            }
            throw new DataException("Alert field '" + path + "' must be a record (Struct or Map), but is "
                    + (value == null ? "null" : value.getClass().getName()) + ". " + FORMAT_HINT);
        }

        String path(String name) {
            return path.equals("alert") ? name : path + "." + name;
        }

        Object get(String name) {
            if (struct != null) {
                Field field = struct.schema().field(name);
                return field == null ? null : struct.get(field);
            }
            return map.get(name);
        }

        private DataException missing(String name) {
            return new DataException("Alert field '" + path(name) + "' is missing or null. " + FORMAT_HINT);
        }

        private DataException wrongType(String name, Object value, String expected) {
            return new DataException("Alert field '" + path(name) + "' must be " + expected + ", but is "
                    + value.getClass().getName() + " '" + value + "'. " + FORMAT_HINT);
        }

        String string(String name) {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Struct || value instanceof Map || value instanceof List) {
                throw wrongType(name, value, "a string");
            }
            return value.toString();
        }

        String requiredString(String name) {
            String value = string(name);
            if (value == null) {
                throw missing(name);
            }
            return value;
        }

        Double number(String name) {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof String text) {
                try {
                    return Double.valueOf(text.trim());
                } catch (NumberFormatException e) {
                    throw wrongType(name, value, "a number");
                }
            }
            throw wrongType(name, value, "a number");
        }

        long longOrZero(String name) {
            Object value = get(name);
            if (value == null) {
                return 0L;
            }
            if (value instanceof Number number) {
                return number.longValue();
            }
            throw wrongType(name, value, "an integer");
        }

        Instant instant(String name) {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Date date) {
                return date.toInstant();
            }
            if (value instanceof Instant instant) {
                return instant;
            }
            if (value instanceof Number millis) {
                return Instant.ofEpochMilli(millis.longValue());
            }
            if (value instanceof String text) {
                try {
                    return Instant.parse(text.trim());
                } catch (DateTimeParseException e) {
                    throw wrongType(name, value, "epoch milliseconds or an ISO-8601 instant");
                }
            }
            throw wrongType(name, value, "a timestamp (Connect Timestamp, epoch milliseconds or ISO-8601)");
        }

        Instant requiredInstant(String name) {
            Instant value = instant(name);
            if (value == null) {
                throw missing(name);
            }
            return value;
        }

        Fields record(String name) {
            Object value = get(name);
            return value == null ? null : of(value, path(name));
        }

        List<?> list(String name) {
            Object value = get(name);
            if (value == null) {
                return List.of();
            }
            if (value instanceof List<?> list) {
                return list;
            }
            throw wrongType(name, value, "an array");
        }

        Map<String, String> stringMap(String name) {
            Object value = get(name);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> entries)) {
                throw wrongType(name, value, "a map of strings");
            }
            Map<String, String> result = new LinkedHashMap<>();
            entries.forEach((k, v) -> {
                if (k != null && v != null) {
                    result.put(k.toString(), v.toString());
                }
            });
            return result;
        }
    }
}
