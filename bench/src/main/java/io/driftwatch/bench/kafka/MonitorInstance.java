package io.driftwatch.bench.kafka;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Driftwatch application as {@code driftwatch run} starts it ({@link DriftwatchApp}), in this JVM,
 * against the benchmark broker, with the application's own defaults (exactly-once v2 among them)
 * except for the settings a benchmark passes.
 */
public final class MonitorInstance implements AutoCloseable {

    private final DriftwatchApp app;
    private final DriftwatchConfig config;

    private MonitorInstance(DriftwatchApp app, DriftwatchConfig config) {
        this.app = app;
        this.config = config;
    }

    /** Settings every benchmark shares: the broker, a fresh application id and state directory, HTTP on any port. */
    public static Map<String, String> baseSettings(String bootstrapServers, String applicationId, Path stateDir,
                                                   String registryUrl) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("application.id", applicationId);
        p.put("schema.registry.url", registryUrl);
        p.put("input.format", "avro");
        p.put("http.host", "127.0.0.1");
        p.put("http.port", "0");
        p.put("kafka.state.dir", stateDir.toString());
        return p;
    }

    /** Creates Driftwatch's topics with {@code partitions} partitions each. */
    public static void createTopics(String bootstrapServers, Map<String, String> settings, int partitions)
        throws InterruptedException {
        DriftwatchConfig config = DriftwatchConfig.from(settings);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            new TopicProvisioner(admin).createAll(config.topics(), partitions, Optional.of((short) 1));
        }
    }

    /** Starts the application and waits until Kafka Streams is RUNNING. */
    public static MonitorInstance start(Map<String, String> settings) throws InterruptedException {
        DriftwatchConfig config = DriftwatchConfig.from(settings);
        DriftwatchApp app = DriftwatchApp.create(config, Clock.systemUTC());
        app.start();
        if (!app.awaitRunning(Duration.ofSeconds(120))) {
            app.close();
            throw new IllegalStateException("Driftwatch did not reach RUNNING within 120 s");
        }
        return new MonitorInstance(app, config);
    }

    public DriftwatchApp app() {
        return app;
    }

    public DriftwatchConfig config() {
        return config;
    }

    @Override
    public void close() {
        app.close();
    }
}
