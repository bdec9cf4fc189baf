package io.driftwatch.bench;

import io.driftwatch.bench.faults.FaultBenchmark;
import io.driftwatch.bench.jmh.JmhSuite;
import io.driftwatch.bench.latency.AlertLatencyBenchmark;
import io.driftwatch.bench.load.Workload;
import io.driftwatch.bench.memory.MemoryBenchmark;
import io.driftwatch.bench.memory.ProfileSizes;
import io.driftwatch.bench.quality.DetectionQualityBenchmark;
import io.driftwatch.bench.report.Machine;
import io.driftwatch.bench.report.ResultsWriter;
import io.driftwatch.bench.throughput.JoinLayoutCheck;
import io.driftwatch.bench.throughput.ThroughputBenchmark;
import io.driftwatch.config.DriftwatchConfig.JoinLayout;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.AvroClassTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark command: runs the sections asked for (all by default) and writes the results file.
 *
 * <pre>
 * bench/run.sh [--quick] [--jmh-long] [--only throughput,latency,memory,quality,jmh,faults,comparisons] [--out FILE] [--keep]
 * </pre>
 */
public final class BenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
    private static final List<String> SECTIONS = List.of("quality", "jmh", "memory", "throughput", "latency", "faults", "comparisons");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (UsageError e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }

    /** A command-line mistake: said in one line with the usage, not as a stack trace. */
    private static final class UsageError extends IllegalArgumentException {
        UsageError(String message) {
            super(message);
        }
    }

    private static void run(String[] args) throws Exception {
        boolean quick = false;
        boolean jmhLong = false;
        boolean keep = false;
        Path out = Path.of("bench", "RESULTS.md");
        Set<String> only = new LinkedHashSet<>(SECTIONS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "all" -> only = new LinkedHashSet<>(SECTIONS);
                case "--quick" -> quick = true;
                case "--jmh-long" -> jmhLong = true;
                case "--keep" -> keep = true;
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(value(args, ++i, "--only").split(",")));
                    if (!SECTIONS.containsAll(only)) {
                        throw usage("--only takes a comma-separated list of " + SECTIONS + ", got " + only);
                    }
                }
                case "-h", "--help" -> {
                    System.out.println(usageText());
                    return;
                }
                default -> throw usage("unknown argument '" + args[i] + "'");
            }
        }
        String command = System.getenv().getOrDefault("BENCH_COMMAND", "java -jar bench/target/bench.jar " + String.join(" ", args));
        AvroClassTrust.trustSchemaClasses();
        Path work = Files.createTempDirectory("driftwatch-bench-");
        Instant started = Instant.now();
        Map<String, String> load = new LinkedHashMap<>();
        List<ThroughputBenchmark.Result> throughput = new ArrayList<>();
        List<JoinLayoutCheck.Result> joinCheck = new ArrayList<>();
        AlertLatencyBenchmark.Result latency = null;
        List<MemoryBenchmark.Result> memory = new ArrayList<>();
        List<double[]> profileSizes = new ArrayList<>();
        DetectionQualityBenchmark.Result quality = null;
        JmhSuite.Length jmhLength = jmhLong ? JmhSuite.Length.longRun() : JmhSuite.Length.shortRun();
        List<JmhSuite.Score> jmh = new ArrayList<>();
        FaultBenchmark.Result faults = null;
        io.driftwatch.bench.comparisons.ComparisonBenchmark.Result comparisons = null;
        try {
            for (String section : SECTIONS) {
                if (!only.contains(section)) {
                    continue;
                }
                if (!section.equals("quality") && !section.equals("comparisons")) {
                    waitForQuiet(quick ? Duration.ofMinutes(1) : Duration.ofMinutes(5));
                }
                load.put(section, Machine.loadAverage());
                LOG.info("=== {} ===", section);
                switch (section) {
                    case "quality" -> quality = quick
                        ? new DetectionQualityBenchmark(200, 20, 3, 5).run()
                        : new DetectionQualityBenchmark(1000, Integer.getInteger("bench.quality.runs", 100), 3,
                            Integer.getInteger("bench.quality.horizon", 5)).run();
                    case "jmh" -> jmh = JmhSuite.run(jmhLength, null);
                    case "memory" -> {
                        profileSizes = profileSizesByEvents(quick ? 100_000 : 1_000_000);
                        int perModelWindow = quick ? 1000 : 2000;
                        for (Workload w : List.of(new Workload(10, 8, 2, 0), new Workload(30, 20, 5, 0), new Workload(100, 40, 10, 0))) {
                            memory.add(new MemoryBenchmark(work).run(w, perModelWindow, 4));
                        }
                    }
                    case "throughput" -> {
                        ThroughputBenchmark bench = new ThroughputBenchmark(work);
                        // -Dbench.throughput.events=N: a longer measured interval (the JIT compiler's share shrinks).
                        long events = Long.getLong("bench.throughput.events", quick ? 600_000 : 2_000_000);
                        Duration quiet = quick ? Duration.ofMinutes(1) : Duration.ofMinutes(5);
                        for (ThroughputBenchmark.Setup setup : List.of(
                            // The goal's configuration: as many partitions as stream threads as cores.
                            throughputSetup("drift-only", events, false, 2, Map.of()),
                            throughputSetup("with-labels", events / 2, true, 2, Map.of()),
                            // The join as it ran before issue #14: every event re-keyed through label-join.
                            throughputSetup("with-labels-repartitioned", events / 2, true, 2,
                                Map.of("labels.join.layout", "repartition")),
                            // Producers that all key by prediction id may refuse any other key: no label-join
                            // topic, and the joining task reads two partitions, not three.
                            throughputSetup("with-labels-strict", events / 2, true, 2,
                                Map.of("labels.join.layout", "co-partitioned-strict")),
                            // More partitions than threads: more partial profiles to keep and commit.
                            throughputSetup("drift-only-4-partitions", events, false, 4, Map.of()),
                            // The commit interval trades latency for throughput.
                            throughputSetup("drift-only-1s-commits", events, false, 2, Map.of("kafka.commit.interval.ms", "1000")),
                            // Event time at the pace of a live stream at the drift-only goal's rate (about 200,000/s
                            // here), where the others replay a backlog 13-18 times faster than it was made: a window
                            // of each model closes every 10 s of wall-clock time, not every 0.5-0.8 s. Three times
                            // the events, so that three windows close while it is measured.
                            throughputSetup("drift-only-live-pace", 3 * events, false, 2, LIVE_PACE, Map.of()),
                            // The same trade with labels (issue #14, lever 5); only when named in -Dbench.setups.
                            throughputSetup("with-labels-1s-commits", events / 2, true, 2, Map.of("kafka.commit.interval.ms", "1000")),
                            throughputSetup("with-labels-5s-commits", events / 2, true, 2, Map.of("kafka.commit.interval.ms", "5000")))) {
                            boolean named = !System.getProperty("bench.setups", "").isBlank();
                            boolean commitVariant = setup.name().endsWith("-commits");
                            boolean onlyWhenNamed = commitVariant && setup.name().startsWith("with-labels-");
                            boolean fullOnly = commitVariant || setup.name().endsWith("-live-pace")
                                || setup.name().endsWith("-strict");
                            if (named ? !SETUPS.test(setup.name()) : onlyWhenNamed || quick && fullOnly) {
                                continue;
                            }
                            waitForQuiet(quiet);
                            load.put("throughput, " + setup.name(), Machine.loadAverage());
                            throughput.add(bench.run(setup));
                        }
                        ThroughputBenchmark.Setup labelled = throughput.stream().map(ThroughputBenchmark.Result::setup)
                            .filter(ThroughputBenchmark.Setup::labels).findFirst().orElse(null);
                        if (labelled != null) {
                            // Speed is only worth having if the faster layouts join exactly as the repartitioned one.
                            long predictions = Long.getLong("bench.joincheck.predictions", quick ? 20_000 : 100_000);
                            LOG.info("=== the join's results in each layout ({} predictions) ===", predictions);
                            joinCheck.addAll(JoinLayoutCheck.run(labelled.workload(), predictions,
                                ThroughputBenchmark.TRAFFIC_SEED, labelled.nominalRate(), Duration.ofSeconds(1),
                                List.of(JoinLayout.REPARTITION, JoinLayout.CO_PARTITIONED, JoinLayout.CO_PARTITIONED_STRICT)));
                        }
                    }
                    case "faults" -> faults = new FaultBenchmark(work).run(quick);
                    case "comparisons" -> comparisons = new io.driftwatch.bench.comparisons.ComparisonBenchmark()
                        .run(io.driftwatch.bench.comparisons.ComparisonBenchmark.Setup.standard(quick));
                    case "latency" -> latency = new AlertLatencyBenchmark(work).run(new AlertLatencyBenchmark.Setup(
                        new Workload(4, 20, 5, 0), 8000, Duration.ofSeconds(1), Duration.ofMillis(250), 3,
                        quick ? Duration.ofSeconds(60) : Duration.ofSeconds(300), 2, Duration.ofSeconds(quick ? 20 : 40)));
                    default -> throw new IllegalStateException(section);
                }
            }
        } finally {
            if (!keep) {
                DirectoryTree.delete(work);
            } else {
                LOG.info("Kept the work directory {}", work);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (!only.equals(Set.of("faults")) && !only.equals(Set.of("comparisons")) && !only.equals(Set.of("faults", "comparisons"))) {
            String results = ResultsWriter.render(new ResultsWriter.Run(command, quick, Machine.describe(), started, Instant.now(),
                load, throughput, joinCheck, latency, memory, profileSizes, quality, jmhLength, jmh));
            Files.writeString(out, results);
        }
        if (faults != null) {
            // The fault section replaces its predecessor in place, so it can be measured alone.
            FaultBenchmark.mergeInto(out, FaultBenchmark.render(faults, command, load.get("faults")));
        }
        if (comparisons != null) {
            // Like the fault section, replaced in place so it can be measured alone.
            io.driftwatch.bench.comparisons.ComparisonBenchmark.mergeInto(out,
                io.driftwatch.bench.comparisons.ComparisonBenchmark.render(comparisons, command, load.get("comparisons")));
        }
        LOG.info("Wrote {}", out.toAbsolutePath());
        // Kafka clients and the JMH runner may leave non-daemon threads behind.
        System.exit(0);
    }

    /** Events per second of event time in the live-pace setup: the drift-only goal's rate on this machine. */
    private static final long LIVE_PACE = 200_000;

    /** -Dbench.setups=a,b runs only these throughput setups (to measure one lever without the rest). */
    private static final java.util.function.Predicate<String> SETUPS = name -> {
        String only = System.getProperty("bench.setups", "");
        return only.isBlank() || List.of(only.split(",")).contains(name);
    };

    /**
     * A throughput run of the standard workload (10 models, 20 + 5 features) with two stream threads, 10 s windows,
     * preceded by as many warm-up events on other topics (the JIT compiler needs about that long on two cores).
     * Event time advances by {@code -Dbench.throughput.event.rate} events per second (10,000 unless set).
     */
    private static ThroughputBenchmark.Setup throughputSetup(String name, long events, boolean labels, int partitions,
                                                             Map<String, String> overrides) {
        return throughputSetup(name, events, labels, partitions, Long.getLong("bench.throughput.event.rate", 10_000), overrides);
    }

    /** The same with event time advancing by {@code eventRate} events per second. */
    private static ThroughputBenchmark.Setup throughputSetup(String name, long events, boolean labels, int partitions,
                                                             long eventRate, Map<String, String> overrides) {
        return new ThroughputBenchmark.Setup(name, Workload.standard(), events, labels, partitions, 2, Duration.ofSeconds(10),
            eventRate, withExtraSettings(overrides), events);
    }

    /** -Dbench.throughput.settings=key=value,key=value: monitor settings added to every setup, to try a lever. */
    private static Map<String, String> withExtraSettings(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(overrides);
        for (String pair : System.getProperty("bench.throughput.settings", "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("-Dbench.throughput.settings: '" + pair + "' is not key=value");
            }
            settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return java.util.Collections.unmodifiableMap(settings);
    }

    /**
     * Bytes per feature of one 25-feature model's window profile, and the heap it takes decoded per byte, for windows of
     * 100 events up to {@code max}.
     */
    private static List<double[]> profileSizesByEvents(int max) {
        List<double[]> rows = new ArrayList<>();
        Workload one = new Workload(1, 20, 5, 0);
        for (int n = 100; n <= max; n *= 10) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            TrafficGenerator g = one.traffic().generator(9, start);
            // All n events inside one 10 s window.
            double nanosApart = 9e9 / n;
            WindowProfile profile = new WindowProfile(ProfileSettings.defaults());
            for (int i = 0; i < n; i++) {
                profile.add(g.next(start.plusNanos(Math.round(i * nanosApart))).prediction());
            }
            rows.add(new double[] {n, ProfileSizes.bytesPerFeature(profile), ProfileSizes.decodedHeapPerByte(profile)});
        }
        return rows;
    }

    /** Waits until the 1-minute load average is below 0.7 (other work on the machine would skew the figures). */
    private static void waitForQuiet(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        double load = Machine.loadOneMinute();
        if (load < 0.7 || Double.isNaN(load)) {
            return;
        }
        LOG.info("Load average {} : waiting up to {} s for the machine to be quiet", load, atMost.toSeconds());
        while (System.nanoTime() < deadline) {
            Thread.sleep(5000);
            if (Machine.loadOneMinute() < 0.7) {
                return;
            }
        }
        LOG.warn("The machine is still busy (load {}); measuring anyway, the results file records the load", Machine.loadAverage());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage(option + " needs a value");
        }
        return args[i];
    }

    private static UsageError usage(String problem) {
        return new UsageError(problem + "\n" + usageText());
    }

    private static String usageText() {
        return "usage: bench/run.sh [all] [--quick] [--jmh-long] [--only " + String.join(",", SECTIONS)
            + "] [--out FILE] [--keep]\n"
            + "Runs the benchmarks (all sections by default) and writes bench/RESULTS.md; see bench/README.md.\n"
            + "  --quick      smaller samples everywhere, about 25 minutes instead of 45\n"
            + "  --jmh-long   3 JMH forks of 5 x 2 s warm-up and 10 x 2 s measurement\n"
            + "  --only LIST  only these sections, comma-separated\n"
            + "  --out FILE   write the results to FILE\n"
            + "  --keep       keep the work directory (broker logs and data, state, flight recordings)";
    }
}
