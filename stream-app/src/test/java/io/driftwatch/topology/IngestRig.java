package io.driftwatch.topology;

import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.config.DriftwatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole topology decoding input with the serdes its configuration chooses (JSON, or Avro through a
 * registry), as the application does, so that a test can send raw bytes to the predictions topic and read
 * what ingest turned into dead letters.
 */
final class IngestRig implements AutoCloseable {

    final TestInputTopic<byte[], byte[]> predictions;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final ConfiguredTopicSerdes serdes;
    private final TopologyTestDriver driver;

    IngestRig(String application, DriftwatchConfig config, Instant start) {
        Properties streams = TestDriverProperties.forApplication(application);
        serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
        try {
            driver = new TopologyTestDriver(DriftwatchTopology.build(config,
                TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                    Clock.systemUTC(), 100), TopologyStores.defaults(), false), streams, start);
        } catch (RuntimeException e) {
            serdes.close(); // the registry clients it opened
            throw e;
        }
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic("dead-letter", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Closes the driver, then the serdes it used (their registry clients). */
    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            serdes.close();
        }
    }
}
