package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.ConfigSources;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hanging transaction no longer holds a restore or a task for good. The application is killed, and so is the
 * broker; a transaction no coordinator knows of is left open at the end of the partitions of a changelog and of
 * the repartition topic into the merge stage, and of the window reports, as the race that leaves one in a real
 * cluster would. Kafka Streams reads the first two with {@code read_committed} under exactly-once and can never pass
 * it: the restore of the store never ends, and the merge task would never read past it; and this test reads the
 * reports with {@code read_committed}, as a Connect sink does. Without Driftwatch's watch no window after the restart
 * is ever read; with it, the transactions are aborted after the stall timeout and windows are read again.
 */
class HangingTransactionIT {

    private static final String APP = "hang-test";
    private static final long UNKNOWN_PRODUCER_ID = 987_654;
    private static final String CHANGELOG = APP + "-source-watermarks-changelog";
    private static final String REPARTITION = APP + "-model-bus-repartition";
    private static final String REPORTS = "window-reports";

    @TempDir
    Path dir;

    @Test
    void restoresAndTasksHeldByHangingTransactionsGoOn() throws Exception {
        try (BrokerProcess broker = BrokerProcess.format(dir.resolve("broker"))) {
            broker.start();
            Path config = dir.resolve("app.properties");
            Files.writeString(config, String.join("\n",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "application.id=" + APP,
                "input.format=json",
                "window.size=2s",
                "window.grace=500ms",
                "window.idle.timeout=1s",
                "window.heartbeat.interval=200ms",
                "drift.min.sample.size=20",
                "baseline.capture=first-window",
                "baseline.capture.min.events=20",
                "labels.enabled=false",
                "http.port=0",
                "hanging.transactions.stall.timeout=3s",
                "kafka.state.dir=" + dir.resolve("state"),
                "kafka.commit.interval.ms=200",
                "kafka.consumer.session.timeout.ms=6000",
                "kafka.consumer.heartbeat.interval.ms=1000",
                ""));
            DriftwatchConfig parsed = DriftwatchConfig.from(ConfigSources.readFile(config));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(admin).createAll(parsed.topics(), 2, Optional.of((short) 1));
            }
            Path appLog = dir.resolve("app.log");
            ChildProcess app = ChildProcess.driftwatch(appLog, "run", "--config", config.toString());
            AtomicBoolean producing = new AtomicBoolean(true);
            try (TopicReader reports = new TopicReader(broker.bootstrapServers(), REPORTS)) {
                Thread producer = startProducing(broker.bootstrapServers(), producing);
                reports.awaitRecords(rs -> !rs.isEmpty(), Duration.ofSeconds(90), "the first window report");
                producing.set(false);
                producer.join();
                app.kill();
                broker.kill();

                // Both partitions of a changelog and of the repartition topic into the merge stage, so that every
                // merge task waits on one of each, whichever partition each model's is on; and of the reports, which
                // this test reads with read_committed as a Connect sink would.
                Map<TopicPartition, Long> opened = new HashMap<>();
                for (String topic : List.of(CHANGELOG, REPARTITION, REPORTS)) {
                    for (int p = 0; p < 2; p++) {
                        TopicPartition tp = new TopicPartition(topic, p);
                        opened.put(tp, HangingTransactionLog.append(dir.resolve("broker").resolve("data").resolve(tp.toString()),
                            UNKNOWN_PRODUCER_ID));
                    }
                }
                broker.start();
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    for (var hanging : opened.entrySet()) {
                        TopicPartition tp = hanging.getKey();
                        List<ProducerState> producers = admin.describeProducers(List.of(tp)).all().get()
                            .get(tp).activeProducers();
                        assertThat(producers).as("the broker sees the transaction open on " + tp)
                            .anyMatch(p -> p.producerId() == UNKNOWN_PRODUCER_ID
                                && p.currentTransactionStartOffset().orElse(-1) == hanging.getValue());
                        // The killed instance's own last transaction comes first; its coordinator aborts it on its timeout.
                        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                        while (lastStableOffset(admin, tp) < hanging.getValue() && System.nanoTime() < deadline) {
                            Thread.sleep(200);
                        }
                        assertThat(lastStableOffset(admin, tp)).as("the last stable offset of " + tp
                            + ", held by it").isEqualTo(hanging.getValue());
                    }
                }

                Instant restarted = Instant.now();
                app = ChildProcess.driftwatch(appLog, "run", "--config", config.toString());
                producing.set(true);
                producer = startProducing(broker.bootstrapServers(), producing);
                reports.awaitRecords(rs -> rs.stream().map(r -> PlainJson.read(r.value(), WindowReport.class))
                        .filter(w -> w.getWindowStart().isAfter(restarted)).map(WindowReport::getModelId)
                        .collect(java.util.stream.Collectors.toSet()).containsAll(List.of("m1", "m2")),
                    Duration.ofSeconds(180), "windows of both models after the restart");
                producing.set(false);
                producer.join();
                String log = Files.readString(appLog);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    for (var hanging : opened.entrySet()) {
                        TopicPartition tp = hanging.getKey();
                        assertThat(log).as("the application log").contains("Aborted a hanging transaction that held "
                            + switch (tp.topic()) {
                                case CHANGELOG -> "the restore of store source-watermarks from " + tp;
                                case REPARTITION -> "the processing of " + tp;
                                default -> "every read_committed reader of " + tp;
                            });
                        assertThat(lastStableOffset(admin, hanging.getKey())).as("the last stable offset of "
                            + hanging.getKey() + ", freed").isGreaterThan(hanging.getValue());
                    }
                }
            } finally {
                producing.set(false);
                app.close();
                CrashRecoveryIT.keepLogs("HangingTransactionIT", appLog, dir.resolve("broker").resolve("broker.log"));
            }
        }
    }

    private static long lastStableOffset(Admin admin, TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .partitionResult(tp).get().offset();
    }

    /** About 200 events per second for two models, event time now, until told to stop. */
    private static Thread startProducing(String bootstrap, AtomicBoolean producing) {
        Thread t = new Thread(() -> {
            PredictionEventJsonCodec json = new PredictionEventJsonCodec();
            Random rnd = new Random();
            Map<String, Object> props = new HashMap<>(TopicReader.producerProps(bootstrap));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                long i = 0;
                while (producing.get()) {
                    for (int b = 0; b < 20; b++, i++) {
                        PredictionEvent e = PredictionEvent.newBuilder()
                            .setPredictionId("h" + System.nanoTime() + "-" + i).setModelId(i % 2 == 0 ? "m1" : "m2")
                            .setModelVersion("1").setEventTime(Instant.now())
                            .setFeatures(Map.of("x", rnd.nextGaussian()))
                            .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
                            .build();
                        producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), json.encode(e)));
                    }
                    Thread.sleep(100);
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "it-producer");
        t.start();
        return t;
    }
}
