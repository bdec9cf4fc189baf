package io.driftwatch.bench.faults;

import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traffic that starts a while after the monitor is ready (the acceptance run lost its first windows
 * when traffic began 34–43 s after start-up, with 10 s windows, 3 s grace and the default 30 s idle
 * timeout). One monitor per delay, each with its own topics, all started together on one broker;
 * each gets three windows of events after its delay. Lost: events sent that no report counts in
 * their own window.
 */
final class IdleStartExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(IdleStartExperiment.class);
    private static final long WINDOW_MS = 10_000;

    record Row(Duration delay, long sent, long reportedInWindow, long late, int windows, int windowsLost) {}

    private final Path work;

    IdleStartExperiment(Path work) {
        this.work = work;
    }

    List<Row> run(List<Duration> delays) throws Exception {
        Path dir = work.resolve("idle-start");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            List<MonitorProcess> monitors = new ArrayList<>();
            List<Map<String, String>> settingsPerDelay = new ArrayList<>();
            try {
                for (Duration delay : delays) {
                    String name = "idle" + delay.toSeconds();
                    Map<String, String> s = new HashMap<>();
                    s.put("bootstrap.servers", broker.bootstrapServers());
                    s.put("application.id", "fault-" + name);
                    s.put("input.format", "json");
                    s.put("window.size", "10s");
                    s.put("window.grace", "3s");
                    s.put("labels.enabled", "false");
                    s.put("drift.min.sample.size", "50");
                    s.put("baseline.capture.min.events", "100");
                    s.put("kafka.state.dir", dir.resolve(name).resolve("state").toString());
                    for (String t : List.of("predictions", "outcomes", "baselines", "alerts", "audit", "dead.letter")) {
                        s.put("topic." + t, name + "-" + t.replace('.', '-'));
                    }
                    s.put("topic.window.reports", name + "-window-reports");
                    MonitorProcess.createTopics(s, 2);
                    MonitorProcess m = MonitorProcess.configure(dir.resolve(name), s);
                    m.start();
                    monitors.add(m);
                    settingsPerDelay.add(s);
                }
                for (MonitorProcess m : monitors) {
                    if (!m.awaitReady(Duration.ofMinutes(3))) {
                        throw new IllegalStateException("A monitor did not become ready:\n" + m.logTail());
                    }
                }
                long ready = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(delays.size());
                List<Future<Row>> rows = new ArrayList<>();
                for (int i = 0; i < delays.size(); i++) {
                    Duration delay = delays.get(i);
                    Map<String, String> s = settingsPerDelay.get(i);
                    rows.add(pool.submit(() -> {
                        long wait = ready + delay.toNanos() - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000);
                        }
                        return traffic(broker.bootstrapServers(), s, delay);
                    }));
                }
                List<Row> out = new ArrayList<>();
                for (Future<Row> r : rows) {
                    out.add(r.get());
                }
                pool.shutdown();
                return out;
            } finally {
                for (MonitorProcess m : monitors) {
                    m.close();
                }
            }
        }
    }

    /** Three windows of events at 100 per second, then the reports of every window they fell in. */
    private static Row traffic(String bootstrap, Map<String, String> s, Duration delay) throws Exception {
        Map<Long, Long> sent = new ConcurrentHashMap<>();
        AtomicLong acked = new AtomicLong();
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        Random rnd = new Random(delay.toSeconds());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", "true", "linger.ms", "5"), new StringSerializer(), new ByteArraySerializer())) {
            long end = System.currentTimeMillis() + 3 * WINDOW_MS;
            int id = 0;
            while (System.currentTimeMillis() < end) {
                for (int b = 0; b < 10; b++, id++) {
                    long now = System.currentTimeMillis();
                    PredictionEvent e = PredictionEvent.newBuilder().setPredictionId("i" + id).setModelId("idle-model")
                        .setModelVersion("1").setEventTime(Instant.ofEpochMilli(now))
                        .setFeatures(Map.of("x", rnd.nextGaussian()))
                        .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).build()).build();
                    long window = Math.floorDiv(now, WINDOW_MS) * WINDOW_MS;
                    producer.send(new ProducerRecord<>(s.get("topic.predictions"), e.getPredictionId(), json.encode(e)), (m, ex) -> {
                        if (ex == null) {
                            acked.incrementAndGet();
                            sent.merge(window, 1L, Long::sum);
                        }
                    });
                }
                Thread.sleep(100);
            }
            producer.flush();
        }
        long total = acked.get();
        List<WindowReport> reports;
        try (TopicContents topic = new TopicContents(bootstrap, s.get("topic.window.reports"))) {
            // Wait until every window that got events is reported (the last one closes after the idle timeout).
            topic.readUntil(rs -> rs.stream().map(r -> PlainJson.read(r.value(), WindowReport.class))
                .filter(w -> w.getRevision() == 0).map(w -> w.getWindowStart().toEpochMilli()).toList()
                .containsAll(sent.keySet()), Duration.ofMinutes(3));
            reports = topic.readUntilQuiet(Duration.ofSeconds(5)).stream()
                .map(r -> PlainJson.read(r.value(), WindowReport.class)).filter(w -> w.getRevision() == 0).toList();
        }
        long inWindow = 0;
        long late = 0;
        int lost = 0;
        Map<Long, Long> reported = new HashMap<>();
        for (WindowReport w : reports) {
            reported.put(w.getWindowStart().toEpochMilli(), w.getEventCount());
            late += w.getLateEventCount();
        }
        for (Map.Entry<Long, Long> e : sent.entrySet()) {
            long got = reported.getOrDefault(e.getKey(), 0L);
            inWindow += Math.min(got, e.getValue());
            if (got < e.getValue()) {
                lost++;
            }
        }
        LOG.info("[faults] idle start after {} s: {} sent, {} counted in their windows, {} late", delay.toSeconds(), total,
            inWindow, late);
        return new Row(delay, total, inWindow, late, sent.size(), lost);
    }
}
