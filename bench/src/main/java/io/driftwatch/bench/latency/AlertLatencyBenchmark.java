package io.driftwatch.bench.latency;

import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.bench.kafka.MonitorInstance;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.ModelSpec;
import io.driftwatch.generator.ScenarioKind;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.json.PlainJson;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end alert latency, live: events are produced at wall-clock time (event time = send time) at
 * a steady rate, with short windows; every {@code driftEvery}-th window carries an input drift (the
 * generator's input-drift scenario: one feature's mean +1 sd, another's spread ×2, a new category in
 * 20% of events) and the windows between are stationary, so the default rules fire and resolve over
 * and over. A {@code read_committed} consumer of {@code alerts} notes when each FIRING alert becomes
 * visible. Per drifted window and model, the latency is the time from the window's close (window end
 * plus grace, the earliest moment a window can be judged) to the first FIRING alert of that window;
 * the time from the first drifted event is reported beside it.
 *
 * <p>The drifted windows begin once the monitor keeps up with the traffic: after the lead-in, and after its backlog
 * has stayed within one second and one commit interval of traffic for {@value #CAUGHT_UP_SECONDS} s running
 * ({@link MonitorBacklog}), or {@link #MAX_WARM_UP} after the lead-in at the latest. How long that took is reported
 * beside the latencies. The traffic ends with a whole drifted window, whose alert only the idle close can bring.
 */
public final class AlertLatencyBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(AlertLatencyBenchmark.class);
    /** Seconds running the monitor's backlog must stay within a second and a commit interval of traffic. */
    public static final int CAUGHT_UP_SECONDS = 5;
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(3);

    /**
     * @param workload    the models (traffic shared equally)
     * @param rate        events per second over all models
     * @param window      window size
     * @param grace       window grace
     * @param driftEvery  one window in this many is drifted
     * @param duration    how long events are sent
     * @param partitions  partitions of every topic
     * @param leadIn      stationary traffic before the first drifted window, while the JIT compiles the hot code
     */
    public record Setup(Workload workload, double rate, Duration window, Duration grace, int driftEvery,
                        Duration duration, int partitions, Duration leadIn) {
    }

    /**
     * What was measured.
     *
     * @param afterCloseMillis   per detected drifted window and model: alert visible − (window end + grace)
     * @param afterFirstMillis   the same alerts: alert visible − first drifted event's time
     * @param driftedWindows     drifted (window, model) pairs that were evaluated
     * @param emittedAfterCloseMillis   the same alerts: their emitted_at (wall clock in the merge stage) − close
     * @param visibleAfterEmittedMillis the same alerts: visible − emitted_at (the commit of the transaction)
     * @param falseAlertsByRule  FIRING alerts for windows that were not drifted, by rule
     * @param maxConsumerLag     largest backlog of the monitor's consumer group on the predictions topic, sampled every
     *                           second, from the first drifted window on
     * @param warmUp             from the start of the traffic to the first drifted window
     * @param caughtUp           whether the monitor had caught up when the drifted windows began (else the warm-up
     *                           ran out)
     * @param warmUpLag          largest backlog during the warm-up
     */
    public record Result(Setup setup, List<Double> afterCloseMillis, List<Double> afterFirstMillis,
                         List<Double> emittedAfterCloseMillis, List<Double> visibleAfterEmittedMillis, int driftedWindows,
                         Map<String, Integer> falseAlertsByRule, long eventsSent, long maxConsumerLag, Duration warmUp,
                         boolean caughtUp, long warmUpLag) {
        public int falseAlerts() {
            return falseAlertsByRule.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Path workDir;

    public AlertLatencyBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public Result run(Setup setup) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("latency"));
        String scope = "bench-latency-" + UUID.randomUUID();
        String registryUrl = "mock://" + scope;
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Map<String, String> settings = MonitorInstance.baseSettings(broker.bootstrapServers(), "bench-latency",
                dir.resolve("state"), registryUrl);
            settings.put("window.size", setup.window().toMillis() + "ms");
            settings.put("window.grace", setup.grace().toMillis() + "ms");
            settings.put("window.idle.timeout", "1s");
            settings.put("window.heartbeat.interval", "100ms");
            settings.put("baseline.capture", "off");
            settings.put("kafka.commit.interval.ms", commitIntervalMs());
            settings.put("labels.enabled", Boolean.toString(labelsEnabled()));
            LOG.info("Alert latency with kafka.commit.interval.ms={}, labels.enabled={}", commitIntervalMs(), labelsEnabled());
            MonitorInstance.createTopics(broker.bootstrapServers(), settings, setup.partitions());
            publishBaselines(setup, settings, broker.bootstrapServers());
            try (MonitorInstance monitor = MonitorInstance.start(settings)) {
                awaitBaselines(monitor, setup.workload().models());
                return measure(setup, broker.bootstrapServers(), registryUrl, settings.get("application.id"));
            }
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    /** A training-data baseline per model, 20,000 stationary events each, published before the monitor starts. */
    private static void publishBaselines(Setup setup, Map<String, String> settings, String bootstrap) throws Exception {
        DriftwatchConfig config = DriftwatchConfig.from(settings);
        try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
             KafkaProducer<String, ReferenceProfile> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                 new StringSerializer(), serdes.baselines().serializer())) {
            int m = 0;
            for (ModelSpec model : setup.workload().traffic().models()) {
                TrafficGenerator g = new TrafficGenerator(List.of(model), 7_000 + m++, Instant.EPOCH);
                WindowProfile profile = new WindowProfile(config.profile());
                for (int i = 0; i < 20_000; i++) {
                    profile.add(g.next(Instant.ofEpochMilli(i)).prediction());
                }
                ReferenceProfile reference = ReferenceProfileFactory.fromProfile(model.modelId(), "1", profile,
                    BaselineSource.TRAINING_DATA, "benchmark baseline", Instant.now(), Map.of());
                producer.send(new ProducerRecord<>(config.topics().baselines(), model.modelId() + "/1", reference)).get();
            }
        }
    }

    private static void awaitBaselines(MonitorInstance monitor, int models) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var store = monitor.app().streams().store(StoreQueryParameters.fromNameAndType("baselines",
                QueryableStoreTypes.<String, ReferenceProfile>keyValueStore()));
            if (store.approximateNumEntries() >= models) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The baselines did not reach the global store within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private Result measure(Setup setup, String bootstrap, String registryUrl, String applicationId) throws Exception {
        long windowMs = setup.window().toMillis();
        long graceMs = setup.grace().toMillis();
        // (model, window start) of drifted windows -> first drifted event's time
        Map<String, Long> firstDrifted = new ConcurrentHashMap<>();
        Map<String, Alert> firstAlert = new ConcurrentHashMap<>();
        Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        Map<String, Integer> falseAlerts = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> readAlerts(bootstrap, reading, firstDrifted, firstAlert, visibleAt, falseAlerts, failure),
            "alert-reader");
        reader.start();
        MonitorBacklog backlog = new MonitorBacklog(bootstrap, applicationId, "predictions");

        TrafficGenerator stationary = setup.workload().traffic().generator(11, Instant.now());
        TrafficGenerator drifted = setup.workload().traffic(ScenarioKind.INPUT_DRIFT, 1.0).generator(12, Instant.now());
        long sent = 0;
        long lastDriftWindow = Long.MIN_VALUE;
        long firstDriftWindow = Long.MAX_VALUE;
        long began;
        boolean caughtUp = false;
        int warmUpSamples = 0;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            serializer.configure(Map.of("schema.registry.url", registryUrl), false);
            began = System.currentTimeMillis();
            long end = Long.MAX_VALUE;
            // The backlog is read from committed offsets, which move once a commit interval: a monitor that keeps up
            // shows up to an interval of traffic.
            long keepingUp = Math.round(setup.rate() * (1000 + Long.parseLong(commitIntervalMs())) / 1000);
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= end) {
                    break;
                }
                // Stationary traffic first: every partition's watermark is running and the code is compiled.
                if (firstDriftWindow == Long.MAX_VALUE && now >= began + setup.leadIn().toMillis()) {
                    caughtUp = backlog.caughtUp(keepingUp, CAUGHT_UP_SECONDS);
                    if (caughtUp || now >= began + setup.leadIn().plus(MAX_WARM_UP).toMillis()) {
                        firstDriftWindow = Math.floorDiv(now, windowMs) + 1;
                        warmUpSamples = backlog.count();
                        // The traffic ends with a whole drifted window: one cut short would be judged on a handful of
                        // events, and the last window's alert needs the idle close, as when a model's traffic stops.
                        long lastWindow = firstDriftWindow + Math.floorDiv(setup.duration().toMillis(), windowMs) - 1;
                        while (lastWindow % setup.driftEvery() != 0) {
                            lastWindow++;
                        }
                        end = (lastWindow + 1) * windowMs;
                        LOG.info("Drifted windows from {} on, {} s after the traffic began{}",
                            Instant.ofEpochMilli(firstDriftWindow * windowMs), (now - began) / 1000,
                            caughtUp ? "" : ": the monitor had not caught up within " + MAX_WARM_UP.toMinutes() + " min");
                    }
                }
                long due = Math.round((now - began) * setup.rate() / 1000);
                for (; sent < due; sent++) {
                    long t = System.currentTimeMillis();
                    if (t >= end) {
                        break;
                    }
                    long window = Math.floorDiv(t, windowMs);
                    boolean drift = window >= firstDriftWindow && window % setup.driftEvery() == 0;
                    GeneratedEvent e = (drift ? drifted : stationary).next(Instant.ofEpochMilli(t));
                    PredictionEvent p = e.prediction();
                    if (drift) {
                        firstDrifted.putIfAbsent(p.getModelId() + "@" + window * windowMs, t);
                        lastDriftWindow = window;
                    }
                    producer.send(new ProducerRecord<>("predictions", null, t, p.getPredictionId(),
                        serializer.serialize("predictions", p)));
                }
                Thread.sleep(2);
            }
        }
        // Wait until every drifted window has its alert, or no alert came for 20 s after the last could have.
        long lastClose = (lastDriftWindow + 1) * windowMs + graceMs;
        while (failure.get() == null && System.currentTimeMillis() < lastClose + 120_000
            && !firstAlert.keySet().containsAll(firstDrifted.keySet())) {
            long lastSeen = visibleAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (System.currentTimeMillis() > Math.max(lastSeen, lastClose) + 20_000) {
                break;
            }
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();
        backlog.close();
        if (failure.get() != null) {
            throw new IllegalStateException("Reading alerts failed: " + failure.get(), failure.get());
        }
        List<Double> afterClose = new ArrayList<>();
        List<Double> afterFirst = new ArrayList<>();
        List<Double> emitted = new ArrayList<>();
        List<Double> committed = new ArrayList<>();
        Map<String, Long> delays = new java.util.HashMap<>();
        for (Map.Entry<String, Long> e : firstDrifted.entrySet()) {
            long windowStart = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('@') + 1));
            long close = windowStart + windowMs + graceMs;
            Alert alert = firstAlert.get(e.getKey());
            if (alert != null) {
                long visible = visibleAt.get(e.getKey());
                afterClose.add((double) (visible - close));
                delays.put(e.getKey(), visible - close);
                afterFirst.add((double) (visible - e.getValue()));
                emitted.add((double) (alert.getEmittedAt().toEpochMilli() - close));
                committed.add((double) (visible - alert.getEmittedAt().toEpochMilli()));
            }
        }
        LOG.info("alert latency: {} drifted windows, {} alerted, false alerts {}", firstDrifted.size(), afterClose.size(),
            falseAlerts);
        java.util.Set<String> unalerted = new java.util.TreeSet<>(firstDrifted.keySet());
        unalerted.removeAll(firstAlert.keySet());
        if (!unalerted.isEmpty()) {
            LOG.warn("drifted windows without an alert (model@window start): {}", unalerted);
        }
        delays.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(5)
            .forEach(d -> LOG.info("slow alert: {} visible {} ms after window end + grace", d.getKey(), d.getValue()));
        return new Result(setup, afterClose, afterFirst, emitted, committed, firstDrifted.size(), new java.util.TreeMap<>(falseAlerts),
            sent, backlog.largestFrom(warmUpSamples), Duration.ofMillis(firstDriftWindow * windowMs - began), caughtUp,
            backlog.largestFrom(0));
    }

    /**
     * The monitor's commit interval in this run: {@code -Dbench.latency.commit.interval.ms} (issue #14, lever 5:
     * what the interval costs in alert latency), else Driftwatch's default.
     */
    public static String commitIntervalMs() {
        String set = System.getProperty("bench.latency.commit.interval.ms");
        return set == null || set.isBlank() ? Integer.toString(io.driftwatch.app.StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS)
            : set.trim();
    }

    /**
     * Whether the monitor joins outcomes in this run: {@code -Dbench.latency.labels=false} measures the drift path
     * alone; by default the label join runs, as in Driftwatch's default configuration (the workload sends no outcomes).
     */
    public static boolean labelsEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty("bench.latency.labels", "true").trim());
    }

    private static void readAlerts(String bootstrap, AtomicBoolean reading, Map<String, Long> firstDrifted,
                                   Map<String, Alert> firstAlert, Map<String, Long> visibleAt, Map<String, Integer> falseAlerts,
                                   AtomicReference<Throwable> failure) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("alerts"));
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long visible = System.currentTimeMillis();
                    Alert alert = PlainJson.read(r.value(), Alert.class);
                    if (alert.getStatus() != AlertStatus.FIRING) {
                        continue;
                    }
                    String key = alert.getModelId() + "@" + alert.getWindowStart().toEpochMilli();
                    if (firstDrifted.containsKey(key)) {
                        if (firstAlert.putIfAbsent(key, alert) == null) {
                            visibleAt.put(key, visible);
                        }
                    } else {
                        falseAlerts.merge(alert.getRule(), 1, Integer::sum);
                    }
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }
}
