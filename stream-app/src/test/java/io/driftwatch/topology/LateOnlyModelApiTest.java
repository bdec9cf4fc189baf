package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.http.DriftwatchHttpServer;
import io.driftwatch.http.InstanceQueries;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model whose events all arrive late (a producer with a fixed, old event_time) has no window, so no
 * report: it must still be listed by /api/models with its late count and why. Events go through the
 * real topology in {@link TopologyTestDriver}; the API reads the driver's stores as it reads Kafka
 * Streams' in production.
 */
class LateOnlyModelApiTest {

    private static final long T0 = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final TopologyStores stores = TopologyStores.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private DriftwatchHttpServer server;
    private int ids;

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @BeforeEach
    void start() throws Exception {
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("window.size", "1m", "window.grace", "10s",
            "window.heartbeat.interval", "1s"));
        Properties streams = TestDriverProperties.forApplication("late-only-model-test");
        driver = new TopologyTestDriver(DriftwatchTopology.build(config,
            TopologyDependencies.of(serdes, new SimpleMeterRegistry(), io.driftwatch.alerting.RulesSource.defaults(),
                java.time.Clock.systemUTC(), 1000), stores, false),
            streams, Instant.ofEpochMilli(T0));
        predictions = driver.createInputTopic("predictions", new ByteArraySerializer(), new ByteArraySerializer());
        server = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new DriverQueries(config.windows().grace())).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        driver.close();
    }

    @Test
    void aModelWhoseEventsAllCameLateIsListedWithTheCountAndTheReason() throws Exception {
        // fraud's events move the partition's watermark to 10:10; stale sends its events stamped 10:00.
        for (int i = 0; i < 20; i++) {
            send("fraud", T0 + 10 * MINUTE + i * 1000L);
        }
        for (int i = 0; i < 12; i++) {
            send("stale", T0 + i * 1000L);
        }
        // The partition stage passes its late counts on at its next heartbeat.
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        JsonNode body = get("/api/models");
        assertThat(body.path("count").asInt()).isEqualTo(1);
        JsonNode stale = body.path("models").get(0);
        assertThat(stale.path("model_id").asText()).isEqualTo("stale");
        assertThat(stale.path("model_version").asText()).isEqualTo("1");
        assertThat(stale.path("late_event_count").asLong()).isEqualTo(12);
        assertThat(stale.path("event_count").asLong()).isZero();
        assertThat(stale.path("window_start").isNull()).isTrue();
        assertThat(stale.path("reason").asText())
            .startsWith("no window reported yet: 12 events arrived after their window closed: event_time more than"
                + " window.grace (10s) behind the watermark")
            .contains("send events with a current event_time");

        JsonNode latest = get("/api/models/stale/reports/latest");
        assertThat(latest.path("error").asText()).contains("version '1' has no window reported yet: 12 events");

        // Once fraud's first window closes, fraud is listed from its report, and stale still with its late events.
        send("fraud", T0 + 12 * MINUTE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        JsonNode both = get("/api/models");
        assertThat(both.path("count").asInt()).isEqualTo(2);
        assertThat(both.path("models").get(0).path("model_id").asText()).isEqualTo("fraud");
        assertThat(both.path("models").get(0).path("late_event_count").asLong()).isZero();
        assertThat(both.path("models").get(0).has("reason")).isFalse();
        assertThat(both.path("models").get(1).path("late_event_count").asLong()).isEqualTo(12);
    }

    @Test
    void aVersionWithAReportIsNotLateOnlyItsLateEventsGoInItsReports() throws Exception {
        for (int i = 0; i < 20; i++) {
            send("fraud", T0 + i * 1000L);
        }
        send("fraud", T0 + 2 * MINUTE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send("fraud", T0 + 5_000);
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        JsonNode body = get("/api/models");
        assertThat(body.path("count").asInt()).isEqualTo(1);
        assertThat(body.path("models").get(0).has("reason")).isFalse();
        assertThat(lateOnly()).isEmpty();
    }

    private void send(String model, long time) {
        PredictionEvent e = PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++))
            .setModelId(model)
            .setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", (Object) 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build())
            .setLatencyMs(10.0)
            .build();
        predictions.pipeInput(e.getPredictionId().getBytes(), serdes.predictionSerde.serializer().serialize("predictions", e), time);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private List<LateOnlyVersion> lateOnly() {
        KeyValueStore<String, byte[]> progress = driver.getKeyValueStore(stores.versionProgress());
        List<LateOnlyVersion> late = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = progress.all()) {
            it.forEachRemaining(kv -> LateOnlyVersion.fromProgress(kv.key, kv.value).ifPresent(late::add));
        }
        return late;
    }

    /** The driver's stores as one instance's {@link InstanceQueries}; the test thread does not touch the driver during a request. */
    private final class DriverQueries implements InstanceQueries {

        private final Duration grace;

        DriverQueries(Duration grace) {
            this.grace = grace;
        }

        @Override
        public KafkaStreams.State state() {
            return KafkaStreams.State.RUNNING;
        }

        @Override
        public Collection<WindowReport> localLatestReports() {
            KeyValueStore<String, WindowReport> store = driver.getKeyValueStore(stores.latestReports());
            List<WindowReport> reports = new ArrayList<>();
            try (KeyValueIterator<String, WindowReport> it = store.all()) {
                it.forEachRemaining((KeyValue<String, WindowReport> kv) -> reports.add(kv.value));
            }
            return reports;
        }

        @Override
        public Collection<LateOnlyVersion> localLateOnlyVersions() {
            return lateOnly();
        }

        @Override
        public Duration windowGrace() {
            return grace;
        }

        @Override
        public Collection<Alert> localActiveAlerts() {
            return List.of();
        }

        @Override
        public Optional<URI> ownerOf(String modelId) {
            return Optional.empty();
        }

        @Override
        public List<URI> otherInstances() {
            return List.of();
        }
    }
}
