package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.serde.AvroSerializer;
import io.driftwatch.schemas.serde.SpecificAvroDeserializer;
import io.driftwatch.schemas.serde.WireFormat;
import io.driftwatch.schemas.testkit.ApicurioRegistry;
import io.driftwatch.schemas.testkit.EvolvedSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against a real Schema Registry (Apicurio Registry's Confluent-compatible API, see
 * {@link ApicurioRegistry}) and a real KRaft broker: producers write Avro {@code PredictionEvent}s
 * with the project's serializer, the app resolves their schemas through the registry, and writes
 * its window reports as Avro through the same registry ({@code output.format=avro}). While it
 * runs, producers move to a v2 schema (a new optional field) registered under BACKWARD
 * compatibility; events of both versions are counted. An incompatible v3 is refused.
 */
class ApicurioMonitorIT {

    private static final String SUBJECT = "predictions-value";
    private static final Schema PREDICTION_V2 = EvolvedSchema.withField(PredictionEvent.getClassSchema(),
        "{\"name\": \"served_by\", \"type\": [\"null\", \"string\"], \"default\": null}");
    private static final Schema PREDICTION_INCOMPATIBLE = EvolvedSchema.withField(PredictionEvent.getClassSchema(),
        "{\"name\": \"tenant_tier\", \"type\": \"string\"}");
    private static final long WINDOW_MS = 5_000;

    @TempDir
    static Path dir;
    private static ApicurioRegistry registry;
    private static EmbeddedKafka kafka;
    private static DriftwatchApp app;
    private static DriftwatchConfig config;

    @BeforeAll
    static void start() throws Exception {
        // Both take seconds to start: the broker starts while the registry does.
        CompletableFuture<EmbeddedKafka> broker = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(dir.resolve("kafka")));
        try {
            registry = ApicurioRegistry.start(dir.resolve("registry"));
        } finally {
            kafka = broker.join();
        }
        Map<String, String> props = FastWindowMonitor.settings(kafka, "apicurio-it", dir.resolve("state"));
        // Its producers stamp events two minutes ahead of the clock (see the tests): allowed, so that their events
        // move event time as the tests expect.
        props.put("window.max.lead", "5m");
        props.put("schema.registry.url", registry.ccompatUrl());
        props.put("output.format", "avro");
        config = DriftwatchConfig.from(props);
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
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void eventsOfBothSchemaVersionsAreCountedWhileTheSchemaEvolvesAndAnIncompatibleOneIsRefused() throws Exception {
        // Event times a little ahead of the wall clock: a window closes when event time passes its end
        // (or, for an idle partition, when the wall clock has moved on by as much), so the second
        // window, a minute after the first, stays open however long the first takes to be reported.
        long first = Math.floorDiv(System.currentTimeMillis() + 120_000, WINDOW_MS) * WINDOW_MS;
        long second = first + 60_000;
        Random rnd = new Random(7);

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                 new StringSerializer(), new ByteArraySerializer());
             AvroSerializer<PredictionEvent> v1 = new AvroSerializer<>();
             AvroSerializer<GenericRecord> v2 = new AvroSerializer<>();
             TopicReader reports = new TopicReader(kafka.bootstrapServers(), config.topics().windowReports());
             SpecificAvroDeserializer<WindowReport> reportReader = new SpecificAvroDeserializer<>(WindowReport.class)) {
            Map<String, String> serde = Map.of("schema.registry.url", registry.ccompatUrl());
            v1.configure(serde, false);
            v2.configure(serde, false);
            reportReader.configure(serde, false);

            // Window 1: producers on v1 only, the schema the monitor was built with.
            for (int i = 0; i < 300; i++) {
                PredictionEvent e = event("a-" + i, first + i * 10L, false, rnd);
                producer.send(new ProducerRecord<>(config.topics().predictions(), e.getPredictionId(),
                    v1.serialize(config.topics().predictions(), e)));
            }
            producer.flush();
            WindowReport firstReport = awaitReport(reports, reportReader, first, "the report of the v1-only window");
            assertThat(firstReport.getEventCount()).isEqualTo(300);
            assertThat(firstReport.getErrorCount()).isZero();
            assertThat(registry.versions(SUBJECT)).containsExactly(1);

            // While the monitor runs, a producer moves to v2 (registered now, under BACKWARD
            // compatibility); another stays on v1. The v2 events are the errored ones, so the
            // report's error count says that they, and exactly they, were read.
            registry.setCompatibility(SUBJECT, "BACKWARD");
            int v1Id = -1;
            int v2Id = -1;
            for (int i = 0; i < 300; i++) {
                boolean onV2 = i % 3 != 0;
                PredictionEvent e = event("b-" + i, second + i * 10L, onV2, rnd);
                byte[] value;
                if (onV2) {
                    GenericRecord record = EvolvedSchema.toGeneric(e, PREDICTION_V2);
                    record.put("served_by", "canary-" + (i % 4));
                    value = v2.serialize(config.topics().predictions(), record);
                    v2Id = WireFormat.schemaId(value);
                } else {
                    value = v1.serialize(config.topics().predictions(), e);
                    v1Id = WireFormat.schemaId(value);
                }
                producer.send(new ProducerRecord<>(config.topics().predictions(), e.getPredictionId(), value));
            }
            producer.flush();
            assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
            assertThat(v2Id).as("v2's schema id").isNotEqualTo(v1Id);

            WindowReport secondReport = awaitReport(reports, reportReader, second, "the report of the v1 + v2 window");
            assertThat(secondReport.getEventCount()).as("100 v1 and 200 v2 events").isEqualTo(300);
            assertThat(secondReport.getErrorCount()).as("the v2 events").isEqualTo(200);
            assertThat(secondReport.getLateEventCount()).isZero();

            // A producer with an incompatible v3 is refused at its first record, and told why.
            GenericData.Record v3 = EvolvedSchema.copyInto(EvolvedSchema.toGeneric(event("c-0", second, false, rnd),
                PredictionEvent.getClassSchema()), PREDICTION_INCOMPATIBLE);
            v3.put("tenant_tier", "gold");
            ApicurioRegistry.Answer direct = registry.register(SUBJECT, PREDICTION_INCOMPATIBLE);
            assertThat(direct.status()).as("the registry's own answer: %s", direct.body()).isEqualTo(409);
            try (AvroSerializer<GenericRecord> v3Producer = new AvroSerializer<>()) {
                v3Producer.configure(serde, false);
                assertThatThrownBy(() -> v3Producer.serialize(config.topics().predictions(), v3))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("subject '" + SUBJECT + "'")
                    .hasMessageContaining("HTTP 409")
                    .hasMessageContaining(direct.body().path("message").asText("(no message)"));
            }
            assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
        }
    }

    /**
     * While the registry cannot be reached, a monitor that has not yet resolved the events' schema
     * cannot decode them, through no fault of theirs. They must not become dead letters: the task
     * fails and retries, no window closes early, and once the registry answers every event is counted
     * in its window, without waiting out the session of the stream threads that failed. The outage is a
     * proxy answering 503 in front of the real registry.
     */
    @Test
    void eventsSentWhileTheRegistryIsDownAreCountedOnceItAnswersAndNoneIsDeadLettered() throws Exception {
        Map<String, String> props = FastWindowMonitor.settings(kafka, "apicurio-outage-it", dir.resolve("state-outage"));
        // Its producers stamp events two minutes ahead of the clock (see the tests): allowed, so that their events
        // move event time as the tests expect.
        props.put("window.max.lead", "5m");
        for (String topic : List.of("predictions", "outcomes", "baselines", "alerts", "audit", "window.reports",
            "dead.letter", "comparisons")) {
            props.put("topic." + topic, "outage-" + topic.replace('.', '-'));
        }
        props.put("labels.enabled", "false");
        // Far longer than the test waits: a failed stream thread's partitions must move because its group
        // membership is given up (FailedThreadMembership), not because its session timed out.
        props.put("kafka.consumer.session.timeout.ms", "300000");
        try (SwitchableHttpProxy proxy = SwitchableHttpProxy.to(registry.ccompatUrl())) {
            props.put("schema.registry.url", proxy.url(registry.ccompatUrl()));
            DriftwatchConfig outageConfig = DriftwatchConfig.from(props);
            DriftwatchApp monitor = FastWindowMonitor.start(kafka, outageConfig);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer());
                 AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>();
                 TopicReader reports = new TopicReader(kafka.bootstrapServers(), outageConfig.topics().windowReports());
                 TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), outageConfig.topics().deadLetter())) {
                // The producer reaches the registry itself; only the monitor's requests go through the proxy.
                serializer.configure(Map.of("schema.registry.url", registry.ccompatUrl()), false);
                proxy.down();
                long window = Math.floorDiv(System.currentTimeMillis() + 120_000, WINDOW_MS) * WINDOW_MS;
                Random rnd = new Random(11);
                for (int i = 0; i < 200; i++) {
                    PredictionEvent e = event("o-" + i, window + i * 10L, false, rnd);
                    producer.send(new ProducerRecord<>(outageConfig.topics().predictions(), e.getPredictionId(),
                        serializer.serialize(outageConfig.topics().predictions(), e)));
                }
                producer.flush();

                // A decoding attempt is four requests (three retries) before its task fails; a fifth means the
                // record is being read again.
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (proxy.refused() < 5) {
                    assertThat(System.nanoTime()).as("the monitor asked the registry again during the outage (refused %d)",
                        proxy.refused()).isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(deadLetters.drain(Duration.ofSeconds(2))).as("dead letters during the outage").isEmpty();
                assertThat(reports.drain(Duration.ofSeconds(1))).as("reports during the outage").isEmpty();

                proxy.up();
                List<ConsumerRecord<byte[], byte[]>> all = reports.awaitRecords(rs -> rs.stream()
                    .anyMatch(r -> io.driftwatch.json.PlainJson.read(r.value(), WindowReport.class).getWindowStart()
                        .equals(Instant.ofEpochMilli(window))), Duration.ofSeconds(120), "the report of the outage's window");
                WindowReport report = all.stream().map(r -> io.driftwatch.json.PlainJson.read(r.value(), WindowReport.class))
                    .filter(r -> r.getWindowStart().equals(Instant.ofEpochMilli(window))).findFirst().orElseThrow();
                assertThat(report.getEventCount()).as("every event sent during the outage").isEqualTo(200);
                assertThat(report.getLateEventCount()).isZero();
                assertThat(deadLetters.drain(Duration.ofSeconds(2))).as("dead letters after the outage").isEmpty();
            } finally {
                monitor.close();
            }
        }
    }

    private static PredictionEvent event(String id, long eventTime, boolean error, Random rnd) {
        return PredictionEvent.newBuilder()
            .setPredictionId(id).setModelId("fraud").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(eventTime))
            .setFeatures(Map.of("amount", rnd.nextGaussian(), "country", rnd.nextBoolean() ? "de" : "fr"))
            .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
            .setLatencyMs(3.0)
            .setError(error)
            .build();
    }

    /** The first report of the window starting at {@code windowStart}, read as Avro through the registry. */
    private static WindowReport awaitReport(TopicReader reports, SpecificAvroDeserializer<WindowReport> reader,
                                            long windowStart, String what) {
        Instant start = Instant.ofEpochMilli(windowStart);
        List<ConsumerRecord<byte[], byte[]>> records = reports.awaitRecords(rs -> rs.stream()
            .anyMatch(r -> reader.deserialize(r.topic(), r.value()).getWindowStart().equals(start)), Duration.ofSeconds(90), what);
        return records.stream().map(r -> reader.deserialize(r.topic(), r.value()))
            .filter(r -> r.getWindowStart().equals(start)).findFirst().orElseThrow();
    }
}
