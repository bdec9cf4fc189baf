package io.driftwatch.bench.throughput;

import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.bench.kafka.CommittedOffsets;
import io.driftwatch.bench.kafka.MonitorInstance;
import io.driftwatch.bench.load.Preloader;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sustained throughput of the monitor against a real broker in a child JVM, exactly-once on: the
 * input topics are filled first, then the monitor starts and the harness follows the committed
 * offsets of its consumer group until every event is committed. The same run measures the bare
 * decode rate on the same topics and broker (the physical-limit proxy), the rate of a Kafka Streams
 * application that only decodes (and, with labels, keeps the least join state) with the monitor's
 * settings ({@link StreamsFloor}: the limit of anything built on Kafka Streams), the CPU used by this JVM
 * (the monitor) and by the broker, and where the monitor's CPU goes (JFR samples). Without labels it also
 * measures that floor adding each prediction to its window's sketches in memory (the least a drift monitor does).
 */
public final class ThroughputBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputBenchmark.class);

    /**
     * One throughput run.
     *
     * @param name          short name for the report
     * @param workload      models and features
     * @param events        prediction events preloaded
     * @param labels        whether outcomes are preloaded too and the label join runs
     * @param partitions    partitions of every topic
     * @param streamThreads Kafka Streams threads (and bare-decode consumers)
     * @param windowSize    the monitor's window
     * @param nominalRate   events per second of event time (sets how many windows the events span)
     * @param overrides     further application settings (empty: the application's defaults)
     * @param warmupEvents  events processed first by another instance on other topics, so that the JIT compiler
     *                      has compiled the hot code before the measured run (a long-running service's state)
     */
    public record Setup(String name, Workload workload, long events, boolean labels, int partitions, int streamThreads,
                        Duration windowSize, double nominalRate, Map<String, String> overrides, long warmupEvents) {
    }

    /** One committed-offset sample. */
    public record Sample(double seconds, long predictions, long outcomes) {
    }

    /**
     * What a run measured.
     *
     * @param steadyRate    predictions committed per second between 5% and 95% of the input
     * @param outcomeRate   outcomes committed per second between 5% and 95% of the outcomes (0 without labels):
     *                      their own interval, because Kafka Streams picks the record with the smallest timestamp
     *                      next and an outcome's timestamp is later than its prediction's, so outcomes are mostly
     *                      processed after the predictions
     * @param combinedRate  predictions and outcomes committed per second between 5% and 95% of all of them
     * @param eventsInSteadyInterval predictions and outcomes committed per second over the predictions' steady
     *                      interval, the one the CPU figures are measured over
     * @param overallRate   predictions per second from the start of the application to the last commit
     * @param appCpuCores   CPU used by this JVM (the monitor) over the steady interval, in cores
     * @param brokerCpuCores CPU used by the broker over the steady interval, in cores
     * @param gcShare       share of the steady interval this JVM spent in GC pauses
     * @param threadCores   cores used by each group of this JVM's threads over the steady interval
     * @param threadTime    Kafka Streams' own account of its threads' time at the end of the steady interval
     * @param bytesSentPerPrediction what the monitor's producers sent the broker over the steady interval (changelogs,
     *                      repartition topics, outputs; compressed), per prediction processed
     */
    public record Result(Setup setup, Preloader.Loaded loaded, BareDecode.Result bare, BareDecode.Result bareOutcomes,
                         StreamsFloor.Result floor, StreamsFloor.Result sketchFloor, double steadyRate,
                         double outcomeRate, double combinedRate, double eventsInSteadyInterval, double overallRate,
                         Duration startup, Duration total,
                         double appCpuCores, double brokerCpuCores, double gcShare, Map<String, Double> threadCores,
                         Map<String, Double> threadTime, double bytesSentPerPrediction,
                         CpuProfile.Breakdown profile, List<Sample> samples) {

        /**
         * Events the bare consumers decode per second: predictions, or with labels predictions and outcomes
         * together (both topics' records over the time the two reads took).
         */
        public double bareRate() {
            if (bareOutcomes == null) {
                return bare.perSecond();
            }
            return (bare.records() + bareOutcomes.records()) / ((bare.took().toNanos() + bareOutcomes.took().toNanos()) / 1e9);
        }

        /** Events the monitor commits per second: predictions, or with labels predictions and outcomes together. */
        public double monitorRate() {
            return setup.labels() ? combinedRate : steadyRate;
        }

        /** The same for the Kafka Streams floor. */
        public double floorRate() {
            return setup.labels() ? floor.combinedRate() : floor.predictionRate();
        }

        public double ratioToBareDecode() {
            return monitorRate() / bareRate();
        }

        public double ratioToFloor() {
            return monitorRate() / floorRate();
        }

        public double floorToBareDecode() {
            return floorRate() / bareRate();
        }

        /** The floor that also adds each prediction to its window's sketches, to bare decode; NaN with labels. */
        public double sketchFloorToBareDecode() {
            return sketchFloor == null ? Double.NaN : sketchFloor.predictionRate() / bareRate();
        }
    }

    /** The seed of the measured runs' traffic (the warm-up's is another). */
    public static final long TRAFFIC_SEED = 42;

    private final Path workDir;

    public ThroughputBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public Result run(Setup setup) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("throughput-" + setup.name()));
        String scope = "bench-throughput-" + UUID.randomUUID();
        String registryUrl = "mock://" + scope;
        // Flight Recorder starts first: starting it later would deoptimise compiled code in the measured run.
        Recording recording = CpuProfile.start();
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            if (setup.warmupEvents() > 0) {
                warmUp(setup, broker, dir, registryUrl);
            }
            Map<String, String> settings = settings(setup, broker, "bench-" + setup.name(), dir.resolve("state"), registryUrl);
            MonitorInstance.createTopics(broker.bootstrapServers(), settings, setup.partitions());

            // Event time ends a minute ago, so every window can close while the run lasts.
            Duration span = Duration.ofMillis(Math.round(setup.events() / setup.nominalRate() * 1000));
            Instant start = Instant.now().minus(span).minus(Duration.ofMinutes(1));
            TrafficGenerator generator = setup.workload().traffic().generator(TRAFFIC_SEED, start);
            LOG.info("[{}] preloading {} events ({})", setup.name(), setup.events(), setup.workload());
            Preloader.Loaded loaded = new Preloader(broker.bootstrapServers(), registryUrl)
                .load(generator, setup.events(), start, setup.nominalRate(), setup.labels(), "predictions", "outcomes");
            LOG.info("[{}] preloaded {} predictions, {} outcomes in {} s ({} bytes per prediction)", setup.name(),
                loaded.predictions(), loaded.outcomes(), loaded.took().toSeconds(), Math.round(loaded.meanPredictionBytes()));

            // The limit is the best the bare consumers do: read twice (the first read right after the preload also
            // meets the broker's flushes), the faster read counts.
            CompilerQueue.awaitDrained(Duration.ofSeconds(90));
            BareDecode.Result bare = faster(
                BareDecode.run(broker.bootstrapServers(), "predictions", registryUrl, setup.streamThreads(), broker::cpuTime),
                BareDecode.run(broker.bootstrapServers(), "predictions", registryUrl, setup.streamThreads(), broker::cpuTime));
            BareDecode.Result bareOutcomes = !setup.labels() ? null : faster(
                BareDecode.runOutcomes(broker.bootstrapServers(), "outcomes", registryUrl, setup.streamThreads(), broker::cpuTime),
                BareDecode.runOutcomes(broker.bootstrapServers(), "outcomes", registryUrl, setup.streamThreads(), broker::cpuTime));
            LOG.info("[{}] bare decode: {} predictions/s{}", setup.name(), Math.round(bare.perSecond()),
                bareOutcomes == null ? "" : ", " + Math.round(bareOutcomes.perSecond()) + " outcomes/s");
            CompilerQueue.awaitDrained(Duration.ofSeconds(90));
            StreamsFloor.Result floor = StreamsFloor.run(settings, "floor-" + setup.name(), loaded.predictions(),
                setup.labels() ? loaded.outcomes() : 0, StreamsFloor.Sketches.NONE, broker.bootstrapServers());
            LOG.info("[{}] Kafka Streams floor: {} predictions/s, {} events/s, {} cores", setup.name(),
                Math.round(floor.predictionRate()), Math.round(floor.combinedRate()), String.format("%.2f", floor.appCpuCores()));
            StreamsFloor.Result sketchFloor = null;
            if (!setup.labels()) {
                CompilerQueue.awaitDrained(Duration.ofSeconds(90));
                sketchFloor = StreamsFloor.run(settings, "floor-sketches-" + setup.name(), loaded.predictions(), 0,
                    StreamsFloor.Sketches.IN_MEMORY, broker.bootstrapServers());
                LOG.info("[{}] Kafka Streams floor with sketches: {} predictions/s, {} cores", setup.name(),
                    Math.round(sketchFloor.predictionRate()), String.format("%.2f", sketchFloor.appCpuCores()));
                if (Boolean.getBoolean("bench.floor.changelogged")) {
                    // Opt-in (logged, not in the results' tables): what keeping the sketches over a crash costs, and sending
                    // each finished window on as the first stage does.
                    for (StreamsFloor.Sketches sketches : List.of(StreamsFloor.Sketches.CHANGELOGGED, StreamsFloor.Sketches.SENT_ON)) {
                        CompilerQueue.awaitDrained(Duration.ofSeconds(90));
                        String name = sketches.name().toLowerCase(Locale.ROOT).replace('_', '-');
                        StreamsFloor.Result optIn = StreamsFloor.run(settings, "floor-" + name + "-" + setup.name(),
                            loaded.predictions(), 0, sketches, broker.bootstrapServers());
                        LOG.info("[{}] Kafka Streams floor, sketches {}: {} predictions/s, {} cores", setup.name(), name,
                            Math.round(optIn.predictionRate()), String.format("%.2f", optIn.appCpuCores()));
                    }
                }
            }

            CompilerQueue.awaitDrained(Duration.ofSeconds(90));
            return measureMonitor(setup, settings, broker, dir, loaded, bare, bareOutcomes, floor, sketchFloor, recording);
        } finally {
            if (recording != null && recording.getState() == jdk.jfr.RecordingState.RUNNING) {
                recording.close();
            }
            MockSchemaRegistry.dropScope(scope);
        }
    }

    private static BareDecode.Result faster(BareDecode.Result a, BareDecode.Result b) {
        LOG.info("bare decode, two reads: {} and {} records/s", Math.round(a.perSecond()), Math.round(b.perSecond()));
        // Where the two reads differ: in how much CPU a record took (the decoder), or in how busy the cores were (waiting).
        for (BareDecode.Result r : List.of(a, b)) {
            LOG.info("bare read: {} records/s, this JVM {} cores, broker {} cores, {} µs of both per record; consumers done after {}",
                Math.round(r.perSecond()), String.format("%.2f", r.appCores()), String.format("%.2f", r.brokerCores()),
                String.format("%.2f", r.cpuMicrosPerRecord()), r.consumerTimes());
        }
        return a.perSecond() >= b.perSecond() ? a : b;
    }

    private static Map<String, String> settings(Setup setup, BrokerProcess broker, String applicationId, Path stateDir,
                                                String registryUrl) {
        Map<String, String> settings = MonitorInstance.baseSettings(broker.bootstrapServers(), applicationId, stateDir,
            registryUrl);
        settings.put("window.size", setup.windowSize().toMillis() + "ms");
        settings.put("window.grace", "1s");
        settings.put("labels.enabled", Boolean.toString(setup.labels()));
        settings.put("kafka.num.stream.threads", Integer.toString(setup.streamThreads()));
        settings.putAll(setup.overrides());
        return settings;
    }

    /** The same pipeline on topics of its own, run to the end before the measured run starts. */
    private static void warmUp(Setup setup, BrokerProcess broker, Path dir, String registryUrl) throws Exception {
        Map<String, String> settings = settings(setup, broker, "warmup-" + setup.name(), dir.resolve("warmup-state"),
            registryUrl);
        for (String topic : List.of("predictions", "outcomes", "baselines", "alerts", "audit", "window.reports", "dead.letter")) {
            settings.put("topic." + topic, "warmup-" + topic.replace('.', '-'));
        }
        MonitorInstance.createTopics(broker.bootstrapServers(), settings, setup.partitions());
        // Event time at a tenth of the measured run's pace, so that the warm-up closes ten times as many windows: about
        // 2,000 of the ten models' windows for 2,000,000 events, as a monitor sees in half an hour of live traffic. At the
        // measured pace it closed 200, and the code that runs per window (partials on the model bus, reports, rules,
        // audit) was still being compiled while the monitor was measured (bench/RESULTS.md, section 1, "A warm-up
        // that closes windows").
        double rate = Double.parseDouble(System.getProperty("bench.throughput.warmup.event.rate",
            String.valueOf(setup.nominalRate() / 10)));
        Duration span = Duration.ofMillis(Math.round(setup.warmupEvents() / rate * 1000));
        Instant start = Instant.now().minus(span).minus(Duration.ofMinutes(1));
        Preloader.Loaded loaded = new Preloader(broker.bootstrapServers(), registryUrl).load(
            setup.workload().traffic().generator(41, start), setup.warmupEvents(), start, rate, setup.labels(),
            settings.get("topic.predictions"), settings.get("topic.outcomes"));
        long began = System.nanoTime();
        try (MonitorInstance monitor = MonitorInstance.start(settings);
             CommittedOffsets offsets = new CommittedOffsets(broker.bootstrapServers(), settings.get("application.id"))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (offsets.committed(settings.get("topic.predictions")) < loaded.predictions()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The warm-up run did not finish within 10 minutes");
                }
                Thread.sleep(250);
            }
        }
        LOG.info("[{}] warm-up: {} events in {} s", setup.name(), loaded.predictions(), (System.nanoTime() - began) / 1_000_000_000);
        // The bare consumers decode with Avro's own reader, which the monitor does not use: without a warm-up of their
        // own, the first setup of a run measured its limit with that reader still interpreted (331,471 then 490,704
        // events/s on 6,000,000 events, against 606,000-626,000 when an earlier setup had warmed it), and every ratio
        // to bare decode of that setup came out higher than it was.
        BareDecode.Result bare = BareDecode.run(broker.bootstrapServers(), settings.get("topic.predictions"), registryUrl,
            setup.streamThreads(), broker::cpuTime);
        if (setup.labels()) {
            BareDecode.runOutcomes(broker.bootstrapServers(), settings.get("topic.outcomes"), registryUrl, setup.streamThreads(),
                broker::cpuTime);
        }
        LOG.info("[{}] bare decode warm-up: {} events/s", setup.name(), Math.round(bare.perSecond()));
    }

    private Result measureMonitor(Setup setup, Map<String, String> settings, BrokerProcess broker, Path dir,
                                  Preloader.Loaded loaded, BareDecode.Result bare, BareDecode.Result bareOutcomes,
                                  StreamsFloor.Result floor, StreamsFloor.Result sketchFloor, Recording recording)
        throws Exception {
        List<Sample> samples = new ArrayList<>();
        long expected = loaded.predictions();
        long expectedOutcomes = loaded.outcomes();
        long began = System.nanoTime();
        Instant from = null;
        Instant to = null;
        ProcessCpu cpuAt5 = null;
        ProcessCpu cpuAt95 = null;
        ThreadCpu threadsAt5 = null;
        ThreadCpu threadsAt95 = null;
        Map<String, Double> threadTime = Map.of();
        long sentAt5 = 0;
        long sentAt95 = 0;
        Duration brokerAt5 = null;
        Duration brokerAt95 = null;
        Sample at5 = null;
        Sample at95 = null;
        Sample outcomesAt5 = null;
        Sample outcomesAt95 = null;
        Sample allAt5 = null;
        Sample allAt95 = null;
        Duration startup;
        try (MonitorInstance monitor = MonitorInstance.start(settings);
             CommittedOffsets offsets = new CommittedOffsets(broker.bootstrapServers(), settings.get("application.id"))) {
            startup = Duration.ofNanos(System.nanoTime() - began);
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(180, expected / 2_000)).toNanos();
            while (true) {
                long p = offsets.committed("predictions");
                long o = setup.labels() ? offsets.committed("outcomes") : 0;
                Sample s = new Sample((System.nanoTime() - began) / 1e9, p, o);
                samples.add(s);
                if (at5 == null && p >= 0.05 * expected) {
                    at5 = s;
                    from = Instant.now();
                    cpuAt5 = ProcessCpu.now();
                    threadsAt5 = ThreadCpu.now();
                    brokerAt5 = broker.cpuTime();
                    sentAt5 = ProducedBytes.sent(monitor.app().streams());
                }
                if (at95 == null && p >= 0.95 * expected) {
                    at95 = s;
                    to = Instant.now();
                    cpuAt95 = ProcessCpu.now();
                    threadsAt95 = ThreadCpu.now();
                    brokerAt95 = broker.cpuTime();
                    threadTime = StreamThreadTime.read(monitor.app().streams());
                    sentAt95 = ProducedBytes.sent(monitor.app().streams());
                }
                if (allAt5 == null && p + o >= 0.05 * (expected + expectedOutcomes)) {
                    allAt5 = s;
                }
                if (allAt95 == null && p + o >= 0.95 * (expected + expectedOutcomes)) {
                    allAt95 = s;
                }
                if (outcomesAt5 == null && expectedOutcomes > 0 && o >= 0.05 * expectedOutcomes) {
                    outcomesAt5 = s;
                }
                if (outcomesAt95 == null && expectedOutcomes > 0 && o >= 0.95 * expectedOutcomes) {
                    outcomesAt95 = s;
                }
                if (p >= expected && o >= expectedOutcomes) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The monitor committed " + p + " of " + expected + " predictions and "
                        + o + " of " + expectedOutcomes + " outcomes before the deadline");
                }
                Thread.sleep(250);
            }
        }
        CpuProfile.Breakdown profile = CpuProfile.stop(recording, dir.resolve("monitor.jfr"), from, to);
        Sample last = samples.get(samples.size() - 1);
        double interval = at95.seconds() - at5.seconds();
        double steady = (at95.predictions() - at5.predictions()) / interval;
        // Events of both topics between 5% and 95% of all of them, whichever topic they came from and in what order.
        double combined = (allAt95.predictions() + allAt95.outcomes() - allAt5.predictions() - allAt5.outcomes())
            / (allAt95.seconds() - allAt5.seconds());
        double outcomeRate = outcomesAt5 == null || outcomesAt95 == null || outcomesAt95.seconds() <= outcomesAt5.seconds() ? 0
            : (outcomesAt95.outcomes() - outcomesAt5.outcomes()) / (outcomesAt95.seconds() - outcomesAt5.seconds());
        ProcessCpu used = cpuAt95.since(cpuAt5);
        double appCores = used.cpu().toNanos() / 1e9 / interval;
        double brokerCores = brokerAt95.minus(brokerAt5).toNanos() / 1e9 / interval;
        double gcShare = used.gc().toNanos() / 1e9 / interval;
        Duration total = Duration.ofMillis(Math.round(last.seconds() * 1000));
        LOG.info("[{}] monitor: {} predictions/s steady, {} outcomes/s, app {} cores, broker {} cores",
            setup.name(), Math.round(steady), Math.round(outcomeRate),
            String.format("%.2f", appCores), String.format("%.2f", brokerCores));
        // The CPU figures are over the predictions' steady interval: per event, they are divided by what it processed.
        double eventsInSteady = (at95.predictions() + at95.outcomes() - at5.predictions() - at5.outcomes()) / interval;
        return new Result(setup, loaded, bare, bareOutcomes, floor, sketchFloor, steady, outcomeRate, combined, eventsInSteady,
            expected / last.seconds(),
            startup, total,
            appCores, brokerCores, gcShare, threadsAt95.coresSince(threadsAt5, interval), threadTime,
            (double) (sentAt95 - sentAt5) / (at95.predictions() - at5.predictions()), profile, samples);
    }
}
