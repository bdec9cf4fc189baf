package io.driftwatch.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed settings from string properties, collecting every problem (with the key and the fix)
 * instead of stopping at the first, so one start-up attempt shows them all.
 */
final class ConfigReader {

    private final Map<String, String> props;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    ConfigReader(Map<String, String> props) {
        this.props = props;
    }

    String string(String key, String defaultValue) {
        read.add(key);
        String v = props.get(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    String required(String key, String fix) {
        String v = string(key, null);
        if (v == null) {
            problems.add(key + " is required. " + fix);
        }
        return v;
    }

    int intValue(String key, int defaultValue, int min, int max) {
        return number(key, defaultValue, Integer::parseInt, "an integer", min, max).intValue();
    }

    long longValue(String key, long defaultValue, long min, long max) {
        return number(key, defaultValue, Long::parseLong, "an integer", min, max).longValue();
    }

    double doubleValue(String key, double defaultValue, double min, double max) {
        return number(key, defaultValue, Double::parseDouble, "a number", min, max).doubleValue();
    }

    private <N extends Number> Number number(String key, N defaultValue, Function<String, N> parse,
                                             String what, double min, double max) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            N n = parse.apply(v);
            if (n.doubleValue() < min || n.doubleValue() > max || Double.isNaN(n.doubleValue())) {
                problems.add(key + "=" + v + " is out of range; set it between " + fmt(min) + " and " + fmt(max) + ".");
                return defaultValue;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + v + " is not " + what + "; set it to " + what + " such as " + defaultValue + ".");
            return defaultValue;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    boolean bool(String key, boolean defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(key + "=" + v + " is not a boolean; set it to true or false.");
        return defaultValue;
    }

    Duration duration(String key, Duration defaultValue, Duration min) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        try {
            // "-5s" is read as a duration below the minimum, so the message says what to write instead.
            String trimmed = v.trim();
            Duration d = trimmed.startsWith("-") ? DurationParser.parse(trimmed.substring(1)).negated()
                : DurationParser.parse(v);
            if (d.compareTo(min) < 0) {
                problems.add(key + "=" + v + " is too short; use at least " + min.toMillis() + "ms.");
                return defaultValue;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(key + "=" + v + " is not a duration; write it like 500ms, 30s, 5m, 2h, 7d or PT5M.");
            return defaultValue;
        }
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = string(key, null);
        if (v == null) {
            return defaultValue;
        }
        String normalized = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalized)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        problems.add(key + "=" + v + " is not valid; use one of " + String.join(", ", names) + ".");
        return defaultValue;
    }

    List<String> list(String key) {
        String v = string(key, null);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    void problem(String message) {
        problems.add(message);
    }

    void markRead(String key) {
        read.add(key);
    }

    Set<String> readKeys() {
        return read;
    }

    List<String> problems() {
        return problems;
    }
}
