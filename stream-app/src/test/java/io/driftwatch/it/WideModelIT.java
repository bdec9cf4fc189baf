package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with hundreds of features, against a real broker with its default record limit (1 MiB):
 * each window's profile is then larger than that limit (about 6 KB of sketch per numeric feature),
 * on the model bus, in the stores' changelogs and as the captured baseline. Every window must still
 * be reported with all its events, and nothing may be dead-lettered.
 */
class WideModelIT {

    private static final int FEATURES = 300;
    private static final int EVENTS_PER_WINDOW = 2_000;

    @TempDir
    Path dir;

    @Test
    void aModelWhoseProfilesExceedTheBrokersDefaultRecordLimitIsReportedInFull() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            Map<String, String> props = FastWindowMonitor.settings(kafka, "wide", dir.resolve("state"));
            props.put("input.format", "json");
            props.put("labels.enabled", "false");
            props.put("drift.min.sample.size", "100");
            props.put("baseline.capture", "first-window");
            props.put("baseline.capture.min.events", "100");
            DriftwatchConfig config = DriftwatchConfig.from(props);
            DriftwatchApp app = FastWindowMonitor.start(kafka, config);
            try {
                PredictionEventJsonCodec json = new PredictionEventJsonCodec();
                long first = Math.floorDiv(System.currentTimeMillis() - 40_000, 5_000) * 5_000;
                Random rnd = new Random(3);
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TopicReader.producerProps(kafka.bootstrapServers()),
                         new StringSerializer(), new ByteArraySerializer())) {
                    for (int w = 0; w < 2; w++) {
                        for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                            Map<String, Object> features = new HashMap<>();
                            for (int f = 0; f < FEATURES; f++) {
                                features.put("f" + f, rnd.nextGaussian());
                            }
                            PredictionEvent e = PredictionEvent.newBuilder()
                                .setPredictionId("w" + w + "-" + i).setModelId("wide").setModelVersion("1")
                                .setEventTime(Instant.ofEpochMilli(first + w * 5_000L + i))
                                .setFeatures(features)
                                .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
                                .build();
                            producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), json.encode(e)));
                        }
                    }
                    producer.flush();
                }

                try (TopicReader reports = new TopicReader(kafka.bootstrapServers(), "window-reports");
                     TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), "dead-letter")) {
                    List<ConsumerRecord<byte[], byte[]>> out = reports.awaitRecords(rs -> rs.size() >= 2,
                        Duration.ofSeconds(120), "both windows reported");
                    List<WindowReport> windows = out.stream().map(r -> PlainJson.read(r.value(), WindowReport.class))
                        .filter(r -> r.getRevision() == 0)
                        .sorted(java.util.Comparator.comparing(WindowReport::getWindowStart)).toList();
                    assertThat(windows).extracting(WindowReport::getEventCount)
                        .containsExactly((long) EVENTS_PER_WINDOW, (long) EVENTS_PER_WINDOW);
                    // The second window is compared with the baseline captured from the first: every feature.
                    assertThat(windows.get(1).getFeatures()).hasSize(FEATURES);
                    assertThat(deadLetters.drain(Duration.ofSeconds(3))).as("dead letters").isEmpty();
                }
            } finally {
                app.close();
            }
        }
    }
}
