package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The monitor as the in-process integration tests run it: against an {@link EmbeddedKafka}, with
 * windows short enough that a test sees several close within a minute.
 */
final class FastWindowMonitor {

    private FastWindowMonitor() {
    }

    /**
     * The settings such tests share: 5 s windows, 1 s grace, partitions idle after 2 s, 200 ms commits
     * and any free HTTP port. A test adds its own and builds the config.
     */
    static Map<String, String> settings(EmbeddedKafka kafka, String applicationId, Path stateDir) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("application.id", applicationId);
        props.put("window.size", "5s");
        props.put("window.grace", "1s");
        props.put("window.idle.timeout", "2s");
        props.put("window.heartbeat.interval", "200ms");
        props.put("http.port", "0");
        props.put("kafka.state.dir", stateDir.toString());
        props.put("kafka.commit.interval.ms", "200");
        return props;
    }

    /** Creates the topics with two partitions, starts the monitor and waits until Kafka Streams runs. */
    static DriftwatchApp start(EmbeddedKafka kafka, DriftwatchConfig config) throws InterruptedException {
        return start(kafka, config, 2);
    }

    /** As {@link #start(EmbeddedKafka, DriftwatchConfig)}, with topics of {@code partitions} partitions. */
    static DriftwatchApp start(EmbeddedKafka kafka, DriftwatchConfig config, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicProvisioner(admin).createAll(config.topics(), partitions, Optional.of((short) 1));
        }
        DriftwatchApp app = DriftwatchApp.create(config, Clock.systemUTC());
        app.start();
        assertThat(app.awaitRunning(Duration.ofSeconds(90))).as("Kafka Streams reaches RUNNING").isTrue();
        return app;
    }
}
