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
                out.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return out;
    }
}
