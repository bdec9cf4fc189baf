package io.driftwatch.topology;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.topology.bus.BusMessage;
import io.driftwatch.topology.bus.BusMessageSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole topology in a {@link TopologyTestDriver} started at {@link #T0} on the system clock, with
 * one-minute windows and ten seconds of grace, so that an event at a window's end plus 10 001 ms closes it.
 * A test adds its own settings on top, and reads the predictions it sends back as window reports.
 */
final class MinuteWindowsRig implements AutoCloseable {

    static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

    final DriftwatchConfig config;
    final Topology topology;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> predictions;
    final TestOutputTopic<String, WindowReport> reports;
    private final String application;
    private final BinaryTopicSerdes serdes;

    MinuteWindowsRig(String application, Map<String, String> settings, BinaryTopicSerdes serdes, MeterRegistry metrics) {
        this(application, settings, serdes, metrics, dependencies -> dependencies);
    }

    /** @param wiring what the test changes in the dependencies, e.g. how many input partitions there are */
    MinuteWindowsRig(String application, Map<String, String> settings, BinaryTopicSerdes serdes, MeterRegistry metrics,
                     UnaryOperator<TopologyDependencies> wiring) {
        this(application, settings, serdes, metrics, wiring, Map.of());
    }

    /** @param streamsSettings Kafka Streams settings beside the application id, e.g. the exception handlers */
    MinuteWindowsRig(String application, Map<String, String> settings, BinaryTopicSerdes serdes, MeterRegistry metrics,
                     UnaryOperator<TopologyDependencies> wiring, Map<String, Object> streamsSettings) {
        this.application = application;
        this.serdes = serdes;
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.putAll(settings);
        config = DriftwatchConfig.from(props);
        Properties streams = TestDriverProperties.forApplication(application);
        streams.putAll(streamsSettings);
        topology = DriftwatchTopology.build(config, wiring.apply(TopologyDependencies.of(serdes, metrics,
            io.driftwatch.alerting.RulesSource.defaults(), java.time.Clock.systemUTC(), 1000)), TopologyStores.defaults(), false);
        driver = new TopologyTestDriver(topology, streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
    }

    /** Sends a prediction at its event time, keyed by its id. */
    void send(PredictionEvent e) {
        predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("predictions", e),
            e.getEventTime().toEpochMilli());
    }

    /** The internal topic between the first and the merge stage, for a test that plays a first-stage task itself. */
    TestInputTopic<String, BusMessage> modelBus() {
        return driver.createInputTopic(application + "-model-bus-repartition", new StringSerializer(),
            new BusMessageSerde().serializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
