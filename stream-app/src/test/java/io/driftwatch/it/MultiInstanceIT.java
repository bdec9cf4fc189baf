package io.driftwatch.it;

import static io.driftwatch.it.MonitorMetrics.scrapeWhen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with the same application id on a real broker: they share the partitions, produce
 * the same reports as one instance does on the same events, and each answers the HTTP API for models
 * held by the other (forwarding and scatter-gather).
 */
class MultiInstanceIT {

    @TempDir
    Path dir;

    private DriftwatchConfig config(String bootstrap, String appId, String state) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("application.id", appId);
        p.put("input.format", "json");
        p.put("window.size", "5s");
        p.put("window.grace", "1s");
        p.put("window.idle.timeout", "2s");
        p.put("window.heartbeat.interval", "200ms");
        p.put("drift.min.sample.size", "100");
        p.put("baseline.capture", "first-window");
        p.put("baseline.capture.min.events", "100");
        p.put("labels.enabled", "false");
        p.put("http.host", "127.0.0.1");
        p.put("http.port", "0");
        p.put("kafka.state.dir", dir.resolve(state).toString());
        p.put("kafka.commit.interval.ms", "200");
        p.put("kafka.consumer.session.timeout.ms", "6000");
        p.put("kafka.consumer.heartbeat.interval.ms", "1000");
        return DriftwatchConfig.from(p);
    }

    @Test
    void twoInstancesShareTheWorkReportLikeOneAndAnswerForEachOther() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                new TopicProvisioner(admin).createAll(config(bootstrap, "x", "x").topics(), 4, Optional.of((short) 1));
            }
            List<String> models = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");
            int sent = produce(bootstrap, models);

            Map<String, Map<String, Long>> twoInstances;
            ObjectMapper json = new ObjectMapper();
            HttpClient client = HttpClient.newHttpClient();
            try (DriftwatchApp a = DriftwatchApp.create(config(bootstrap, "shared", "a"), Clock.systemUTC())) {
              try (DriftwatchApp b = DriftwatchApp.create(config(bootstrap, "shared", "b"), Clock.systemUTC())) {
                a.start();
                b.start();
                assertThat(a.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(b.awaitRunning(Duration.ofSeconds(60))).isTrue();
                twoInstances = reportsBy("shared", bootstrap, sent);

                // Both instances hold some of the merge stage's partitions.
                KeyQueryMetadata[] owners = models.stream().map(m -> a.streams().queryMetadataForKey("latest-reports", m,
                    Serdes.String().serializer())).toArray(KeyQueryMetadata[]::new);
                assertThat(java.util.Arrays.stream(owners).map(KeyQueryMetadata::activeHost).distinct().count())
                    .as("models spread over both instances").isEqualTo(2);

                for (DriftwatchApp app : List.of(a, b)) {
                    JsonNode list = awaitJson(client, json, app.httpUrl() + "/api/models",
                        n -> n.path("count").asInt() == models.size());
                    assertThat(list.path("scope").asText()).isEqualTo("cluster");
                    for (String model : models) {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create(app.httpUrl() + "/api/models/" + model + "/reports/latest")).build(),
                            HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as(model + " from " + app.httpUrl() + ": " + r.body()).isEqualTo(200);
                        assertThat(r.body()).contains("\"model_id\":\"" + model + "\"");
                    }
                }
              }
                // b has left: its models' tasks moved to a, which restored them. No event comes any more, so no new
                // window: a exports their gauges from the restored latest reports, or Prometheus would see none.
                String metrics = scrapeWhen(a, Duration.ofSeconds(60), text -> models.stream().allMatch(
                    m -> text.contains("driftwatch_window_events{model=\"" + m + "\"")));
                assertThat(models).allSatisfy(m -> assertThat(metrics).contains("driftwatch_window_events{model=\"" + m + "\""));
                assertThat(metrics).contains("driftwatch_window_events{model=\"" + models.get(0) + "\",version=\"1\"} 300");
            }

            try (DriftwatchApp single = DriftwatchApp.create(config(bootstrap, "single", "single"), Clock.systemUTC())) {
                single.start();
                assertThat(single.awaitRunning(Duration.ofSeconds(60))).isTrue();
                Map<String, Map<String, Long>> oneInstance = reportsBy("single", bootstrap, sent);
                assertThat(twoInstances).as("reports of two instances equal those of one").isEqualTo(oneInstance);
            }
        }
    }

    private static JsonNode awaitJson(HttpClient client, ObjectMapper json, String url,
                                      java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = json.readTree(r.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No satisfying answer from " + url + "; last: " + last);
    }

    /**
     * Per model and window: events, and per feature the values counted and whether it drifted. The
     * second window of each model shifts 'x' by five standard deviations, so that verdict is certain.
     */
    private static Map<String, Map<String, Long>> reportsBy(String appId, String bootstrap, int sent) {
        try (TopicReader reader = new TopicReader(bootstrap, "window-reports")) {
            List<ConsumerRecord<byte[], byte[]>> all = reader.awaitRecords(rs -> rs.stream()
                    .map(r -> PlainJson.read(r.value(), WindowReport.class)).mapToLong(WindowReport::getEventCount).sum() >= sent,
                Duration.ofSeconds(90), "reports of application " + appId);
            Map<String, Map<String, Long>> out = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : all) {
                WindowReport w = PlainJson.read(r.value(), WindowReport.class);
                Map<String, Long> figures = new TreeMap<>();
                figures.put("events", w.getEventCount());
                for (FeatureDrift f : w.getFeatures()) {
                    figures.put(f.getFeature() + ".count", f.getWindowCount());
                    if (f.getFeature().equals("x")) {
                        figures.put("x.drift", f.getVerdict() == io.driftwatch.schemas.Verdict.DRIFT ? 1L : 0L);
                    }
                }
                out.put(w.getModelId() + "@" + w.getWindowStart(), figures);
            }
            return out;
        }
    }

    /** Two windows of 300 events per model, fixed event times in the past; the window-reports topic is shared, so both runs read it. */
    private static int produce(String bootstrap, List<String> models) throws Exception {
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        long start = Math.floorDiv(System.currentTimeMillis() - 120_000, 5_000) * 5_000;
        Random rnd = new Random(11);
        int n = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(bootstrap),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int w = 0; w < 2; w++) {
                for (String model : models) {
                    for (int i = 0; i < 300; i++) {
                        PredictionEvent e = PredictionEvent.newBuilder()
                            .setPredictionId(model + "-" + w + "-" + i).setModelId(model).setModelVersion("1")
                            .setEventTime(Instant.ofEpochMilli(start + w * 5_000L + i * 10L))
                            .setFeatures(Map.of("x", rnd.nextGaussian() + (w == 1 ? 5 : 0), "c", i % 3 == 0 ? "p" : "q"))
                            .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
                            .build();
                        producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), json.encode(e)));
                        n++;
                    }
                }
            }
            producer.flush();
        }
        return n;
    }
}
