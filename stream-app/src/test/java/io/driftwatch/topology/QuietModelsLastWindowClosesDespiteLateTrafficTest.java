package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model goes quiet while another producer on the same partition keeps sending events with a stale event_time
 * (the case LateOnlyVersion exists for). Every such event is late and counted, and it is no sign of activity:
 * the partition still goes idle, its watermark follows the wall clock, and the quiet model's last window closes
 * when it would without them. Before, each late event reset the idle timer, so the window (and, through the
 * merge stage's minimum, every window of every model) never closed.
 */
class QuietModelsLastWindowClosesDespiteLateTrafficTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final int STEP_SECONDS = 5;

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestOutputTopic<String, WindowReport> reports;
    private int ids;

    @BeforeEach
    void start() {
        Map<String, String> props = new HashMap<>();
        props.put("window.size", "1m");
        props.put("window.grace", "10s");
        props.put("window.idle.timeout", "30s");
        props.put("baseline.capture", "off");
        props.put("labels.enabled", "false");
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "late-traffic");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DriftwatchTopology.build(DriftwatchConfig.from(props),
            TopologyDependencies.of(serdes, metrics, io.driftwatch.alerting.RulesSource.defaults(),
                java.time.Clock.systemUTC(), 1000).withInputPartitions(1),
            TopologyStores.defaults(), false), streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aQuietModelsLastWindowClosesAsSoonWhileAStaleProducerSendsLateEvents() {
        long withoutStaleProducer = secondsUntilReported(false);
        stop();
        start();
        long withStaleProducer = secondsUntilReported(true);
        assertThat(withoutStaleProducer).as("seconds of wall clock until fraud's window %s is reported, without late events",
            Instant.ofEpochMilli(T0)).isLessThanOrEqualTo(60);
        assertThat(withStaleProducer).as("the same, while a producer sends an event stamped an hour ago every %d s",
            STEP_SECONDS).isEqualTo(withoutStaleProducer);
        assertThat(metrics.get("driftwatch_late_events").tag("stage", "partition").counter().count())
            .as("late events counted on the partition").isEqualTo(withStaleProducer / STEP_SECONDS);
    }

    /** Sends fraud's window, then steps the wall clock until it is reported; the stale producer sends at each step. */
    private long secondsUntilReported(boolean staleProducer) {
        for (int i = 0; i < 100; i++) {
            send("fraud", T0 + i * 500L);
        }
        for (int s = STEP_SECONDS; s <= 600; s += STEP_SECONDS) {
            if (staleProducer) {
                send("legacy", T0 - HOUR);
            }
            driver.advanceWallClockTime(Duration.ofSeconds(STEP_SECONDS));
            List<WindowReport> out = reports.readValuesToList();
            if (!out.isEmpty()) {
                assertThat(out).extracting(WindowReport::getModelId).containsExactly("fraud");
                assertThat(out.get(0).getEventCount()).isEqualTo(100);
                return s;
            }
        }
        throw new AssertionError("fraud's window was not reported within ten minutes");
    }

    private void send(String model, long time) {
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++)).setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", (double) ids))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .build();
        predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("predictions", e), time);
    }
}
