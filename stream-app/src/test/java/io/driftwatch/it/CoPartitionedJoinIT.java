package io.driftwatch.it;

import static io.driftwatch.it.MonitorMetrics.counter;
import static io.driftwatch.it.MonitorMetrics.scrapeWhen;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * lands on another partition than its prediction as often as not. Two monitors read the same topics.
 * The co-partitioned one must join every outcome (the mis-keyed ones through the label-join topic, into
 * the task that holds their prediction) and count them as re-keyed; the strict one must join exactly the
 * outcomes keyed by their prediction id, dead-letter the others with their reason, and make no label-join
 * topic.
 */
class CoPartitionedJoinIT {

    private static final int PREDICTIONS = 600;
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static DriftwatchApp app;
    private static DriftwatchApp strict;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        Map<String, String> props = FastWindowMonitor.settings(kafka, "co-partitioned-it", dir.resolve("state"));
        props.put("baseline.capture", "off");
        props.put("labels.horizon", "10m");
        props.put("labels.join.layout", "co-partitioned");
        DriftwatchConfig config = DriftwatchConfig.from(props);
        app = FastWindowMonitor.start(kafka, config);
        Map<String, String> strictProps = new HashMap<>(props);
        strictProps.put("application.id", STRICT_ID);
        strictProps.put("kafka.state.dir", dir.resolve("strict-state").toString());
        strictProps.put("labels.join.layout", "co-partitioned-strict");
        strict = FastWindowMonitor.start(kafka, DriftwatchConfig.from(strictProps));
    }

    private static final String STRICT_ID = "co-partitioned-strict-it";

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (strict != null) {
            strict.close();
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

        String metrics = scrapeWhen(app, Duration.ofMinutes(2),
            m -> counter(m, "driftwatch_outcomes_joined_total") >= PREDICTIONS);
        assertThat(counter(metrics, "driftwatch_outcomes_joined_total")).as("outcomes joined").isEqualTo(PREDICTIONS);
        assertThat(counter(metrics, "driftwatch_label_join_rekeyed_total")).as("re-keyed records").isEqualTo(misKeyed);
        assertThat(counter(metrics, "driftwatch_outcomes_duplicate_total")).isZero();

        int refused = misKeyed;
        String strictMetrics = scrapeWhen(strict, Duration.ofMinutes(2),
            m -> counter(m, "driftwatch_outcomes_joined_total") >= PREDICTIONS - refused
                && counter(m, "driftwatch_events_rejected_total") >= refused);
        assertThat(counter(strictMetrics, "driftwatch_outcomes_joined_total")).as("outcomes joined, strict")
            .isEqualTo(PREDICTIONS - misKeyed);
        assertThat(counter(strictMetrics, "driftwatch_events_rejected_total")).as("refused, strict").isEqualTo(misKeyed);
        assertThat(counter(strictMetrics, "driftwatch_label_join_rekeyed_total")).isZero();
        try (TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "dead-letter")) {
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters.awaitRecords(r -> r.size() >= refused,
                Duration.ofSeconds(120), refused + " dead letters");
            assertThat(dead).hasSize(refused).allSatisfy(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("tenant-");
                assertThat(TopicReader.header(r, DeadLetterHeaders.REASON)).isEqualTo("NOT_KEYED_BY_PREDICTION_ID");
                assertThat(TopicReader.header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("outcomes");
            });
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(60, TimeUnit.SECONDS);
            assertThat(topics).contains("co-partitioned-it-label-join-repartition")
                .noneMatch(t -> t.startsWith(STRICT_ID + "-label-join-repartition"));
        }
    }

}
