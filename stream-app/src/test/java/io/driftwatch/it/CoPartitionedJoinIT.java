package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The co-partitioned label join against a real broker, exactly-once, on two partitions: predictions
 * keyed by prediction id, and outcomes of which every third is keyed by a tenant instead, so that it
 * lands on another partition than its prediction as often as not. Every outcome must be joined (the
 * mis-keyed ones through the label-join topic, into the task that holds their prediction) and counted
 * as re-keyed.
 */
class CoPartitionedJoinIT {

    private static final int PREDICTIONS = 600;
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static DriftwatchApp app;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        Map<String, String> props = FastWindowMonitor.settings(kafka, "co-partitioned-it", dir.resolve("state"));
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "10m");
        props.put("labels.join.layout", "co-partitioned");
        DriftwatchConfig config = DriftwatchConfig.from(props);
        app = FastWindowMonitor.start(kafka, config);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void outcomesKeyedByIdOrByTenantAreAllJoined() throws Exception {
        PredictionEventJsonCodec predictions = new PredictionEventJsonCodec();
        OutcomeEventJsonCodec outcomes = new OutcomeEventJsonCodec();
        long start = System.currentTimeMillis() - 20_000;
        int misKeyed = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PREDICTIONS; i++) {
                String id = "p-" + i;
                long time = start + i * 20L;
                PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(id).setModelId("fraud").setModelVersion("1")
                    .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", (double) (i % 17)))
                    .setPrediction(Prediction.newBuilder().setScore((i % 10) / 10.0).build()).build();
                producer.send(new ProducerRecord<>("predictions", null, time, id, predictions.encode(e)));
                String key = i % 3 == 0 ? "tenant-" + (i % 7) : id;
                misKeyed += i % 3 == 0 ? 1 : 0;
                OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId("fraud")
                    .setEventTime(Instant.ofEpochMilli(time + 50)).setLabel(i % 2 == 0 ? "1" : "0").build();
                producer.send(new ProducerRecord<>("outcomes", null, time + 50, key, outcomes.encode(o)));
            }
            producer.flush();
        }

        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        double joined = 0;
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = http.send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            joined = counter(metrics, "driftwatch_outcomes_joined_total");
            if (joined >= PREDICTIONS) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(joined).as("outcomes joined").isEqualTo(PREDICTIONS);
        assertThat(counter(metrics, "driftwatch_label_join_rekeyed_total")).as("re-keyed records").isEqualTo(misKeyed);
        assertThat(counter(metrics, "driftwatch_outcomes_duplicate_total")).isZero();
    }

    private static double counter(String scrape, String name) {
        Matcher m = Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
