package io.driftwatch.topology;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AuditRecord;
import io.driftwatch.schemas.ComparisonReport;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole topology in {@link TopologyTestDriver} as the comparison tests run it: one-minute windows,
 * labels on without detectors, no baseline capture, the comparisons of a file, and the input and
 * output topics those tests read.
 */
final class ComparisonTopologyRig implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> predictions;
    final TestInputTopic<byte[], byte[]> outcomes;
    final TestOutputTopic<String, ComparisonReport> comparisons;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, AuditRecord> audit;

    /**
     * @param comparisonsYaml the comparisons file's text, or null for none
     * @param labelsHorizon   {@code labels.horizon}
     */
    ComparisonTopologyRig(Path dir, String comparisonsYaml, RulesSource rules, String labelsHorizon, String applicationId,
                          BinaryTopicSerdes serdes, MeterRegistry registry, long startMs) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "5m");
        props.put("baseline.capture", "off");
        props.put("labels.horizon", labelsHorizon);
        props.put("labels.revision.interval", "5s");
        props.put("labels.detectors", "");
        if (comparisonsYaml != null) {
            Path file = dir.resolve("comparisons.yaml");
            Files.writeString(file, comparisonsYaml);
            props.put("comparisons.file", file.toString());
        }
        DriftwatchConfig config = DriftwatchConfig.from(props);
        Properties streams = TestDriverProperties.forApplication(applicationId);
        driver = new TopologyTestDriver(DriftwatchTopology.build(config,
            TopologyDependencies.of(serdes, registry, rules, java.time.Clock.systemUTC(), 1000),
            TopologyStores.defaults(), false), streams, Instant.ofEpochMilli(startMs));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        outcomes = driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        comparisons = driver.createOutputTopic("comparisons", new StringDeserializer(),
            new AvroBinarySerde<>(ComparisonReport.class).deserializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
        audit = driver.createOutputTopic("audit", new StringDeserializer(), serdes.auditSerde.deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
