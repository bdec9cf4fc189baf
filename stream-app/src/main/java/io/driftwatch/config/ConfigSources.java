package io.driftwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers settings the way Kafka users expect: a properties file, then environment variables
 * ({@code DRIFTWATCH_WINDOW_SIZE=10m} sets {@code window.size}; underscores become dots, so
 * {@code DRIFTWATCH_KAFKA_SASL_JAAS_CONFIG} sets {@code kafka.sasl.jaas.config}), then command-line
 * overrides. Later sources win.
 *
 * <p>As in Confluent's Kafka images, two underscores stand for one and three for a dash, so that keys
 * with a feature or attribute name can be set too: {@code DRIFTWATCH_DRIFT_FEATURE_CREDIT__LIMIT_TEST}
 * sets {@code drift.feature.credit_limit.test}. Names are lower-cased, so a key with capitals cannot.
 */
public final class ConfigSources {

    public static final String ENV_PREFIX = "DRIFTWATCH_";

    private ConfigSources() {
    }

    public static Map<String, String> load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        props.putAll(fromEnvironment(env));
        props.putAll(overrides);
        return props;
    }

    public static Map<String, String> readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(List.of("--config " + file + " cannot be read; give the path of a properties file"
                + " (see docs/configuration.md for every key)."));
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of("--config " + file + " is not a valid properties file: " + e.getMessage()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k.trim(), p.getProperty(k)));
        return out;
    }

    /** Settings from {@code DRIFTWATCH_*} variables. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                out.put(keyOf(name.substring(ENV_PREFIX.length())), value);
            }
        });
        return out;
    }

    /** The key a variable name (without the prefix) sets: {@code _} a dot, {@code __} an underscore, {@code ___} a dash. */
    static String keyOf(String variable) {
        StringBuilder key = new StringBuilder(variable.length());
        String lower = variable.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            if (lower.charAt(i) != '_') {
                key.append(lower.charAt(i++));
                continue;
            }
            int run = 0;
            while (i < lower.length() && lower.charAt(i) == '_' && run < 3) {
                run++;
                i++;
            }
            key.append(run == 1 ? '.' : run == 2 ? '_' : '-');
        }
        return key.toString();
    }

    /** The variable that sets {@code key}: the inverse of {@link #keyOf}, with the prefix. */
    public static String variableOf(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (char c : key.toCharArray()) {
            name.append(c == '.' ? "_" : c == '_' ? "__" : c == '-' ? "___" : String.valueOf(c).toUpperCase(Locale.ROOT));
        }
        return name.toString();
    }
}
