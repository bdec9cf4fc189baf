package io.driftwatch.cli;

import io.driftwatch.config.ConfigSources;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.app.KafkaReachability;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command reaches Kafka and the registry: flags, or the same properties file {@code run} takes. */
final class ConnectionOptions {

    @Option(names = {"-b", "--bootstrap-server"}, paramLabel = "HOST:PORT",
        description = "Kafka bootstrap servers (default: bootstrap.servers from --config or DRIFTWATCH_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
        description = "Schema Registry URL (only needed for Avro).")
    String schemaRegistryUrl;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Driftwatch properties file; its kafka.* settings (security, SASL, SSL) are used by this command's clients.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one setting (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15s",
        description = "How long to wait for Kafka to answer before giving up, e.g. 15s or 2m (default: ${DEFAULT-VALUE});"
            + " 'run' never gives up: it retries, and /ready says why it waits.")
    String timeout;

    /** How long this command's clients wait for Kafka. */
    Duration timeout() {
        Duration d = GenerateCommand.parse("--timeout", timeout);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--timeout " + timeout + " must be positive, e.g. 15s.");
        }
        if (d.compareTo(Duration.ofDays(1)) > 0) {
            // Kafka's clients take their timeouts in milliseconds as an int: about 24 days at most.
            throw new IllegalArgumentException("--timeout " + timeout + " is longer than a day; give at most 1d.");
        }
        return d;
    }

    /** The settings, validated, once a broker has answered: a command that needs Kafka fails here in one line if none does. */
    DriftwatchConfig loadAndReach() {
        DriftwatchConfig cfg = load();
        KafkaReachability.require(clientProperties(cfg, AdminClientConfig.configNames()), timeout());
        return cfg;
    }

    /** The pass-through Kafka settings that a client with the given config names understands, waiting at most --timeout. */
    Map<String, Object> clientProperties(DriftwatchConfig cfg, java.util.Set<String> clientConfigNames) {
        Map<String, Object> props = clientProperties(cfg, clientConfigNames, timeout());
        return props;
    }

    /** The settings from the file, the environment and the flags, validated. */
    DriftwatchConfig load() {
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (bootstrapServers != null) {
            flags.put("bootstrap.servers", bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            flags.put("schema.registry.url", schemaRegistryUrl);
        }
        Map<String, String> props = ConfigSources.load(config, System.getenv(), flags);
        java.util.Set<String> fromEnvironment = new java.util.HashSet<>(ConfigSources.fromEnvironment(System.getenv()).keySet());
        fromEnvironment.removeAll(flags.keySet());
        if (config != null) {
            fromEnvironment.removeAll(ConfigSources.readFile(config).keySet());
        }
        DriftwatchConfig cfg = DriftwatchConfig.from(props, fromEnvironment);
        if (!cfg.kafka().containsKey("bootstrap.servers")) {
            throw new io.driftwatch.config.ConfigException(java.util.List.of("bootstrap.servers is required; pass"
                + " --bootstrap-server HOST:PORT, set it in --config, or set DRIFTWATCH_BOOTSTRAP_SERVERS."));
        }
        return cfg;
    }

    /**
     * The pass-through Kafka settings that a client with the given config names understands; unless set
     * there, its blocking calls give up after {@code timeout} instead of Kafka's default minute.
     */
    static Map<String, Object> clientProperties(DriftwatchConfig cfg, java.util.Set<String> clientConfigNames, Duration timeout) {
        Map<String, Object> props = new LinkedHashMap<>();
        cfg.kafka().forEach((k, v) -> {
            if (clientConfigNames.contains(k)) {
                props.put(k, v);
            }
        });
        String ms = Long.toString(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        for (String key : java.util.List.of("default.api.timeout.ms", "max.block.ms")) {
            if (clientConfigNames.contains(key)) {
                props.putIfAbsent(key, ms);
            }
        }
        if (clientConfigNames.contains("default.api.timeout.ms")) {
            // Consumer and admin: one request may not outlast the call it belongs to.
            props.putIfAbsent("request.timeout.ms", ms);
        }
        return props;
    }
}
