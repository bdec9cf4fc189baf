package io.driftwatch.bench.throughput;

import io.driftwatch.alerting.RulesSource;
import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.bench.DirectoryTree;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.SegmentSpec;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.schemas.GroupFigures;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.SegmentReport;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.driftwatch.schemas.serde.AvroSerializer;
import io.driftwatch.topology.DriftwatchTopology;
import io.driftwatch.topology.TopologyDependencies;
import io.driftwatch.topology.TopologyStores;
import io.driftwatch.topology.labels.JoinLayoutDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The label join's results on the throughput benchmark's own traffic, in each layout: the same generator and seed as
 * a labelled throughput setup, every prediction and outcome keyed by its prediction id as the preloader keys them,
 * read in event-time order across the two topics (the order Kafka Streams picks between partitions that both have
 * data), through the application's whole topology in a {@link TopologyTestDriver}. Each layout must give the same
 * figures for every window: events, late events, predictions with a joined outcome, accuracy and each group's labelled
 * count, from the window's last revision; and the same totals of outcomes joined, repeated, unmatched and unscorable.
 * The throughput runs measure speed; this is what says that the faster layouts lose or add nothing on that traffic.
 */
public final class JoinLayoutCheck {

    /** What one window's last report says of its joined labels. */
    public record WindowFigures(long events, long lateEvents, long predicted, long labelled, Double accuracy,
                                Map<String, Long> labelledByGroup) {
    }

    /**
     * One layout's run.
     *
     * @param windows  figures by window ({@code model/version/window start})
     * @param counters the label join's outcome counters by name
     */
    public record Result(JoinLayout layout, SortedMap<String, WindowFigures> windows, SortedMap<String, Long> counters,
                         long predictions, long outcomes, Duration took) {

        public long labelled() {
            return windows.values().stream().mapToLong(WindowFigures::labelled).sum();
        }
    }

    private static final List<String> COUNTERS = List.of("driftwatch_outcomes_joined", "driftwatch_outcomes_duplicate",
        "driftwatch_outcomes_unmatched", "driftwatch_outcomes_unscorable");

    private JoinLayoutCheck() {
    }

    /**
     * Runs {@code predictions} predictions of the workload, and their outcomes, through each layout.
     *
     * @param seed       the generator's seed (the throughput setups use 42)
     * @param rate       event-time rate, events per second
     * @param windowSize the setups' window size
     */
    public static List<Result> run(Workload workload, long predictions, long seed, double rate, Duration windowSize,
                                   List<JoinLayout> layouts) {
        // Each layout has a driver, a registry scope and a state directory of its own, and the driver spends its time
        // committing after every record on one thread: the layouts run side by side on the cores there are.
        int threads = Math.max(1, Math.min(layouts.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (JoinLayout layout : layouts) {
                runs.add(pool.submit(() -> runOne(workload, predictions, seed, rate, windowSize, layout)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> r : runs) {
                results.add(r.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the layouts ran", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where {@code other} differs from {@code reference}, one line per window or counter; empty when identical. */
    public static List<String> differences(Result reference, Result other) {
        List<String> out = new ArrayList<>();
        TreeMap<String, WindowFigures> all = new TreeMap<>(reference.windows());
        other.windows().forEach(all::putIfAbsent);
        for (String window : all.keySet()) {
            WindowFigures a = reference.windows().get(window);
            WindowFigures b = other.windows().get(window);
            if (!Objects.equals(a, b)) {
                out.add(window + ": " + name(reference.layout()) + " " + a + ", " + name(other.layout()) + " " + b);
            }
        }
        for (String counter : COUNTERS) {
            if (!Objects.equals(reference.counters().get(counter), other.counters().get(counter))) {
                out.add(counter + ": " + reference.counters().get(counter) + " and " + other.counters().get(counter));
            }
        }
        return out;
    }

    /** The layout as {@code labels.join.layout} spells it. */
    public static String name(JoinLayout layout) {
        return layout.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Result runOne(Workload workload, long count, long seed, double rate, Duration windowSize,
                                 JoinLayout layout) {
        long began = System.nanoTime();
        String registryUrl = "mock://join-check-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", "unused:9092");
        settings.put("application.id", "join-check");
        settings.put("schema.registry.url", registryUrl);
        settings.put("input.format", "avro");
        settings.put("window.size", windowSize.toMillis() + "ms");
        settings.put("window.grace", "1s");
        settings.put("labels.enabled", "true");
        settings.put("labels.join.layout", name(layout));
        // Not a setting of the throughput setups, and no part of the join: figures per group, so that a prediction
        // joined to another prediction's outcome shows even where the window's totals happen to agree.
        settings.put("segments.attributes", SegmentSpec.REGION + "," + SegmentSpec.GROUP);
        DriftwatchConfig config = DriftwatchConfig.from(settings);
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        // The wall clock stands a day after the traffic, as in a replayed backlog: no event is ahead of it.
        Clock clock = Clock.fixed(start.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Path stateDir = temporaryDirectory();
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "join-check");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Map<String, WindowReport> latest = new HashMap<>();
        long outcomes = 0;
        try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, clock);
             AvroSerializer<PredictionEvent> predictionSerializer = new AvroSerializer<>();
             AvroSerializer<OutcomeEvent> outcomeSerializer = new AvroSerializer<>();
             TopologyTestDriver driver = new TopologyTestDriver(DriftwatchTopology.build(config,
                 TopologyDependencies.of(serdes, metrics, RulesSource.defaults(), clock, 1000)
                     .withLabelJoin(JoinLayoutDecision.decide(layout, config.topics().predictions(), 1,
                         config.topics().outcomes(), 1)), TopologyStores.defaults(), false), streams, clock.instant())) {
            predictionSerializer.configure(Map.of("schema.registry.url", registryUrl), false);
            outcomeSerializer.configure(Map.of("schema.registry.url", registryUrl), false);
            TestInputTopic<byte[], byte[]> predictionTopic = driver.createInputTopic(config.topics().predictions(),
                new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<byte[], byte[]> outcomeTopic = driver.createInputTopic(config.topics().outcomes(),
                new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, WindowReport> reports = driver.createOutputTopic(config.topics().windowReports(),
                new StringDeserializer(), serdes.windowReports().deserializer());
            TrafficGenerator generator = workload.traffic().generator(seed, start);
            PriorityQueue<OutcomeEvent> due = new PriorityQueue<>((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
            double nanosApart = 1e9 / rate;
            long piped = 0;
            for (long i = 0; i < count; i++) {
                Instant at = start.plusNanos(Math.round(i * nanosApart));
                GeneratedEvent e = generator.next(at);
                while (!due.isEmpty() && !due.peek().getEventTime().isAfter(at)) {
                    OutcomeEvent o = due.poll();
                    outcomeTopic.pipeInput(key(o.getPredictionId()), outcomeSerializer.serialize(config.topics().outcomes(), o),
                        o.getEventTime());
                    afterRecord(++piped, driver, config, reports, latest);
                }
                PredictionEvent p = e.prediction();
                predictionTopic.pipeInput(key(p.getPredictionId()), predictionSerializer.serialize(config.topics().predictions(), p),
                    at);
                afterRecord(++piped, driver, config, reports, latest);
                if (e.outcome() != null) {
                    due.add(e.outcome());
                    outcomes++;
                }
            }
            while (!due.isEmpty()) {
                OutcomeEvent o = due.poll();
                outcomeTopic.pipeInput(key(o.getPredictionId()), outcomeSerializer.serialize(config.topics().outcomes(), o),
                    o.getEventTime());
                afterRecord(++piped, driver, config, reports, latest);
            }
            // Close every window and let every revision come due: the idle timeout and the revision interval run on the
            // wall clock, which the driver advances.
            for (int i = 0; i < 20; i++) {
                driver.advanceWallClockTime(config.windows().idleTimeout().plus(config.labels().revisionInterval()));
                collect(reports, latest);
                discardOtherOutputs(driver, config.topics().windowReports());
            }
        } finally {
            MockSchemaRegistry.dropScope(registryUrl.substring("mock://".length()));
            DirectoryTree.delete(stateDir);
        }
        SortedMap<String, WindowFigures> windows = new TreeMap<>();
        latest.forEach((window, report) -> windows.put(window, figures(report)));
        SortedMap<String, Long> counters = new TreeMap<>();
        for (String name : COUNTERS) {
            counters.put(name, Math.round(metrics.find(name).counters().stream().mapToDouble(Counter::count).sum()));
        }
        return new Result(layout, windows, counters, count, outcomes, Duration.ofNanos(System.nanoTime() - began));
    }

    /**
     * Every hundred records, keeps the reports and drops the other outputs (a record's commit writes its model's whole
     * profile to the changelog, some 200 KB); every thousand, a heartbeat, which hands what the join buffered on to the
     * merge stage as the wall clock does in a running application.
     */
    private static void afterRecord(long piped, TopologyTestDriver driver, DriftwatchConfig config,
                                    TestOutputTopic<String, WindowReport> reports, Map<String, WindowReport> latest) {
        if (piped % 100 == 0) {
            collect(reports, latest);
            discardOtherOutputs(driver, config.topics().windowReports());
        }
        if (piped % 1_000 == 0) {
            driver.advanceWallClockTime(config.windows().heartbeatInterval());
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("driftwatch-join-check-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] key(String predictionId) {
        return predictionId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The driver keeps every record written to any topic, changelogs included, until it is read; and it commits, so
     * writes the changelogs, after every record.
     */
    private static void discardOtherOutputs(TopologyTestDriver driver, String reportsTopic) {
        for (String topic : driver.producedTopicNames()) {
            if (!topic.equals(reportsTopic)) {
                driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            }
        }
    }

    /** Keeps each window's latest revision. */
    private static void collect(TestOutputTopic<String, WindowReport> reports, Map<String, WindowReport> latest) {
        for (WindowReport r : reports.readValuesToList()) {
            latest.merge(r.getModelId() + "/" + r.getModelVersion() + "/" + r.getWindowStart(), r,
                (before, now) -> now.getRevision() >= before.getRevision() ? now : before);
        }
    }

    private static WindowFigures figures(WindowReport r) {
        QualityReport q = r.getQuality();
        Map<String, Long> byGroup = new TreeMap<>();
        if (r.getSegments() != null) {
            for (SegmentReport s : r.getSegments()) {
                for (GroupFigures g : s.getGroups()) {
                    byGroup.put(s.getAttribute() + "=" + g.getValue(), g.getLabelledCount());
                }
            }
        }
        return new WindowFigures(r.getEventCount(), r.getLateEventCount(), q == null ? 0 : q.getPredictedCount(),
            q == null ? 0 : q.getLabelledCount(), q == null ? null : q.getMetrics().get("accuracy"), byGroup);
    }
}
