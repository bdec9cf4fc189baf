package io.driftwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.cli.DriftwatchCli;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through crashes, with real processes: the packaged application runs as a child JVM
 * against a broker in another child JVM. While events stream in, the application is killed with
 * SIGKILL three times and restarted, and the broker is killed and stays down for a minute, many
 * times the idle timeout, while the producer buffers. Afterwards every window is reported exactly
 * once with exactly the events sent in it (none late: an outage is not idleness), and the audit
 * chain verifies.
 */
class CrashRecoveryIT {

    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void reportsAndAuditSurviveKilledAppAndBroker() throws Exception {
        try (BrokerProcess broker = BrokerProcess.format(dir.resolve("broker"))) {
            broker.start();
            Path config = dir.resolve("app.properties");
            Files.writeString(config, String.join("\n",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "application.id=crash-test",
                "input.format=json",
                "window.size=2s",
                "window.grace=500ms",
                "window.idle.timeout=1s",
                "window.heartbeat.interval=200ms",
                "drift.min.sample.size=50",
                "baseline.capture=first-window",
                "baseline.capture.min.events=50",
                "labels.enabled=false",
                "http.port=0",
                "kafka.state.dir=" + dir.resolve("state"),
                "kafka.commit.interval.ms=200",
                // A killed instance leaves the group after this long; the default 45 s would make the test slow.
                "kafka.consumer.session.timeout.ms=6000",
                "kafka.consumer.heartbeat.interval.ms=1000",
                ""));
            DriftwatchConfig parsed = DriftwatchConfig.from(io.driftwatch.config.ConfigSources.readFile(config));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(admin).createAll(parsed.topics(), 2, Optional.of((short) 1));
            }

            Path appLog = dir.resolve("app.log");
            ChildProcess app = ChildProcess.driftwatch(appLog, "run", "--config", config.toString());
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            Map<String, Long> sentPerWindow = new java.util.concurrent.ConcurrentHashMap<>();
            Thread producer = new Thread(() -> produce(broker.bootstrapServers(), producing, sent, failed, sentPerWindow),
                "it-producer");
            try (TopicReader reports = new TopicReader(broker.bootstrapServers(), "window-reports")) {
                producer.start();
                reports.awaitRecords(rs -> !rs.isEmpty(), Duration.ofSeconds(90), "the first window report");

                for (int crash = 0; crash < 3; crash++) {
                    Thread.sleep(4000);
                    app.kill();
                    if (crash == 1) {
                        Thread.sleep(2000); // stay down a while: a backlog builds up
                    }
                    app = ChildProcess.driftwatch(appLog, "run", "--config", config.toString());
                    if (crash == 1) {
                        Thread.sleep(4000);
                        broker.kill();
                        Thread.sleep(BROKER_OUTAGE.toMillis());
                        broker.start();
                    }
                }
                Thread.sleep(4000);
                producing.set(false);
                producer.join();
                assertThat(failed.get()).as("sends that failed").isZero();
                long expected = sent.get();

                List<ConsumerRecord<byte[], byte[]>> all = reports.awaitRecords(rs -> reported(rs) >= expected,
                    Duration.ofSeconds(240), "reports covering all " + expected + " events sent",
                    rs -> windowTable(rs, sentPerWindow));
                List<ConsumerRecord<byte[], byte[]>> settled = reports.drain(Duration.ofSeconds(3));
                List<WindowReport> windows = settled.stream().map(r -> PlainJson.read(r.value(), WindowReport.class)).toList();

                Map<String, Long> perWindow = new HashMap<>();
                for (WindowReport w : windows) {
                    perWindow.merge(w.getModelId() + "/" + w.getModelVersion() + "@" + w.getWindowStart() + "#" + w.getRevision(),
                        1L, Long::sum);
                }
                assertThat(perWindow.values()).as("each window reported once").allMatch(n -> n == 1);
                // Every window that received events is reported, with exactly the events it received.
                Map<String, Long> reportedPerWindow = new TreeMap<>();
                windows.stream().filter(w -> w.getRevision() == 0).forEach(w ->
                    reportedPerWindow.put(w.getModelId() + "@" + w.getWindowStart().toEpochMilli(), w.getEventCount()));
                long late = windows.stream().mapToLong(WindowReport::getLateEventCount).sum();
                // Nothing may be late: events buffered by the producer while the broker was down, and events
                // waiting in their partition while the application restarted, still count in their windows.
                assertThat(late).as("late events; per window:" + windowTable(settled, sentPerWindow)).isZero();
                assertThat(reportedPerWindow).as("events per window").isEqualTo(new TreeMap<>(sentPerWindow));
                assertThat(reported(all)).as("events counted in reports (late: " + late + ")").isEqualTo(expected);
                assertAlertsAlternateAndMoveForward(broker.bootstrapServers());
            } finally {
                producing.set(false);
                app.close();
                keepLogs("CrashRecoveryIT", appLog, dir.resolve("broker").resolve("broker.log"));
            }
            int exit = DriftwatchCli.execute("audit", "verify", "--bootstrap-server", broker.bootstrapServers());
            assertThat(exit).as("audit verify after the crashes").isZero();
        }
    }

    /**
     * Restarts must not repeat alerts: per fingerprint, FIRING and RESOLVED alternate (starting with
     * FIRING) and their windows never go back in time, whatever the application replayed after a kill.
     */
    private static void assertAlertsAlternateAndMoveForward(String bootstrap) {
        try (TopicReader alerts = new TopicReader(bootstrap, "alerts")) {
            List<ConsumerRecord<byte[], byte[]>> records = alerts.drain(Duration.ofSeconds(3));
            Map<String, io.driftwatch.schemas.Alert> last = new HashMap<>();
            List<String> problems = new java.util.ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                io.driftwatch.schemas.Alert a = PlainJson.read(r.value(), io.driftwatch.schemas.Alert.class);
                io.driftwatch.schemas.Alert before = last.put(a.getFingerprint(), a);
                io.driftwatch.schemas.AlertStatus expectedStatus = before == null || before.getStatus()
                    == io.driftwatch.schemas.AlertStatus.RESOLVED ? io.driftwatch.schemas.AlertStatus.FIRING
                    : io.driftwatch.schemas.AlertStatus.RESOLVED;
                if (a.getStatus() != expectedStatus) {
                    problems.add(a.getStatus() + " after " + (before == null ? "nothing" : before.getStatus()) + ": " + a.getSummary()
                        + " (window end " + a.getWindowEnd() + ")");
                }
                if (before != null && a.getWindowEnd().isBefore(before.getWindowEnd())) {
                    problems.add("window end " + a.getWindowEnd() + " before " + before.getWindowEnd() + ": " + a.getSummary());
                }
            }
            assertThat(problems).as("alert transitions that repeat or go back, of " + records.size()).isEmpty();
        }
    }

    /** Copies the child processes' logs under target/it-logs/{@code test}, where they outlive the temporary directory. */
    static void keepLogs(String test, Path... logs) throws java.io.IOException {
        Path kept = Path.of("target", "it-logs", test);
        Files.createDirectories(kept);
        for (Path log : logs) {
            if (Files.exists(log)) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Events sent and reported per window (revision 0), and the late events each report carries. */
    private static String windowTable(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Long> sentPerWindow) {
        Map<String, String> rows = new TreeMap<>();
        sentPerWindow.forEach((w, n) -> rows.put(w, "sent " + n));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            WindowReport w = PlainJson.read(r.value(), WindowReport.class);
            if (w.getRevision() == 0) {
                String key = w.getModelId() + "@" + w.getWindowStart().toEpochMilli();
                rows.merge(key, "reported " + w.getEventCount() + " late " + w.getLateEventCount()
                    + " emitted " + w.getEmittedAt(), (a, b) -> a + ", " + b);
            }
        }
        StringBuilder table = new StringBuilder("; per window:");
        rows.forEach((w, row) -> table.append("\n  ").append(w).append(": ").append(row));
        return table.toString();
    }

    private static long reported(List<ConsumerRecord<byte[], byte[]>> records) {
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            WindowReport w = PlainJson.read(r.value(), WindowReport.class);
            if (w.getRevision() == 0) {
                n += w.getEventCount() + w.getLateEventCount();
            }
        }
        return n;
    }

    /** About 300 events per second for two models, event time now, until told to stop. */
    private static void produce(String bootstrap, AtomicBoolean producing, AtomicLong sent, AtomicLong failed,
                                Map<String, Long> sentPerWindow) {
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        Random rnd = new Random(7);
        Map<String, Object> props = new HashMap<>(TopicReader.producerProps(bootstrap));
        // The producer buffers (and may block on metadata) for the whole outage, and then some.
        props.put("delivery.timeout.ms", "240000");
        props.put("max.block.ms", "240000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long i = 0;
            while (producing.get()) {
                for (int b = 0; b < 30; b++, i++) {
                    PredictionEvent e = PredictionEvent.newBuilder()
                        .setPredictionId("c" + i).setModelId(i % 2 == 0 ? "m1" : "m2").setModelVersion("1")
                        .setEventTime(Instant.now())
                        .setFeatures(Map.of("x", rnd.nextGaussian(), "y", rnd.nextBoolean() ? "a" : "b"))
                        .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build())
                        .build();
                    String window = e.getModelId() + "@" + Math.floorDiv(e.getEventTime().toEpochMilli(), 2000) * 2000;
                    producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), json.encode(e)), (m, ex) -> {
                        if (ex == null) {
                            sent.incrementAndGet();
                            sentPerWindow.merge(window, 1L, Long::sum);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                Thread.sleep(100);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
