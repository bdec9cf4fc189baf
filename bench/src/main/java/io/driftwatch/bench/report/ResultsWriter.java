package io.driftwatch.bench.report;

import io.driftwatch.bench.jmh.JmhSuite;
import io.driftwatch.bench.latency.AlertLatencyBenchmark;
import io.driftwatch.bench.memory.MemoryBenchmark;
import io.driftwatch.bench.quality.DetectionQualityBenchmark;
import io.driftwatch.bench.throughput.CpuProfile;
import io.driftwatch.bench.throughput.JoinLayoutCheck;
import io.driftwatch.bench.throughput.ThroughputBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code bench/RESULTS.md} from what a run measured. */
public final class ResultsWriter {

    /** Everything one run measured; sections not run are null or empty. */
    public record Run(String command, boolean quick, Machine machine, Instant started, Instant finished,
                      Map<String, String> loadBySection, List<ThroughputBenchmark.Result> throughput,
                      List<JoinLayoutCheck.Result> joinCheck, AlertLatencyBenchmark.Result latency, List<MemoryBenchmark.Result> memory,
                      List<double[]> profileSizeByEvents, DetectionQualityBenchmark.Result quality,
                      JmhSuite.Length jmhLength, List<JmhSuite.Score> jmh) {
    }

    private static final double GOAL_THROUGHPUT = 100_000;
    private static final double GOAL_RATIO = 0.5;
    /** Issue #14: predictions and outcomes together, against the bare decode of both. */
    private static final double GOAL_RATIO_LABELS = 0.35;
    private static final double GOAL_P99_MS = 1000;
    private static final double GOAL_PROFILE_BYTES = 16 * 1024;
    private static final long GOAL_HEAP = 512L << 20;

    private ResultsWriter() {
    }

    public static String render(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Driftwatch benchmark results\n\n");
        md.append("Written by the benchmark harness (`bench/`, see [README.md](README.md)); do not edit by hand: run it again.\n\n");
        md.append("- Command: `").append(run.command()).append("`").append(run.quick() ? " (quick mode: smaller samples)" : "")
            .append('\n');
        md.append("- Run: ").append(run.started().truncatedTo(ChronoUnit.SECONDS)).append(" to ")
            .append(run.finished().truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)\n\n");
        machine(md, run);
        goals(md, run);
        throughput(md, run);
        latency(md, run);
        memory(md, run);
        quality(md, run);
        jmh(md, run);
        md.append(notes());
        return md.toString();
    }

    private static void machine(StringBuilder md, Run run) {
        Machine m = run.machine();
        md.append("## Machine\n\n");
        md.append(new Table("", "").row("CPU", m.cpuModel()).row("cores", m.cores()).row("memory", m.memory())
            .row("JDK", m.jdk()).row("OS", m.os())
            .row("harness heap", Stats.mebibytes(Runtime.getRuntime().maxMemory()) + " (-Xmx; the monitor runs inside it)")
            .row("broker", "Kafka 4.3.1 KRaft, one combined node in a child JVM (-Xmx1g), loopback, same machine"));
        md.append("\nLoad average (1 / 5 / 15 min) when each section started; the machine is shared, and a load above ")
            .append("about 0.5 before a section means something else was using the cores:\n\n");
        Table load = new Table("section", "load average");
        run.loadBySection().forEach(load::row);
        md.append(load).append('\n');
    }

    private static void goals(StringBuilder md, Run run) {
        md.append("## Goals\n\n");
        Table t = new Table("goal", "target", "measured", "met");
        ThroughputBenchmark.Result drift = throughput(run, false);
        ThroughputBenchmark.Result labels = throughput(run, true);
        if (drift != null) {
            t.row("prediction events/s, 20 numeric + 5 categorical features, exactly-once, broker on this machine (drift only)",
                "≥ 100,000", Stats.integer(drift.steadyRate()), met(drift.steadyRate() >= GOAL_THROUGHPUT));
            t.row("the same as a share of the bare-decode rate", "≥ 50%", Stats.percent(drift.ratioToBareDecode()),
                met(drift.ratioToBareDecode() >= GOAL_RATIO));
            ThroughputBenchmark.Result live = run.throughput().stream()
                .filter(r -> r.setup().name().endsWith("-live-pace")).findFirst().orElse(null);
            if (live != null) {
                t.row(String.format(Locale.ROOT, "the same share with event time at a live stream's pace (%,.0f events/s, "
                        + "a window closing every 10 s of wall-clock time instead of every 0.5–1 s: `%s`)",
                        live.setup().nominalRate(), live.setup().name()),
                    "≥ 50%", Stats.percent(live.ratioToBareDecode()) + " (" + Stats.integer(live.steadyRate()) + "/s)",
                    met(live.ratioToBareDecode() >= GOAL_RATIO));
            }
            if (drift.sketchFloor() != null) {
                t.row("the least a drift monitor does (decode, add to the window's sketches) as a share of bare decode: "
                    + "the limit of the goal above", "≥ 50% for the goal to be reachable", Stats.percent(drift.sketchFloorToBareDecode()),
                    reachable(drift));
            }
            // The bare read moves from run to run and setup to setup; where a setup's own floor is below half,
            // that setup's miss is the machine's, whatever the monitor does.
            if (live != null && live.sketchFloor() != null) {
                t.row("the same limit at a live stream's pace (`" + live.setup().name() + "`)", "≥ 50% for the goal to be reachable",
                    Stats.percent(live.sketchFloorToBareDecode()), reachable(live));
            }
        }
        if (labels != null) {
            t.row("the same with labels (outcomes joined, the application's default)", "≥ 100,000",
                Stats.integer(labels.steadyRate()) + " predictions/s + " + Stats.integer(labels.outcomeRate()) + " outcomes/s",
                met(labels.steadyRate() >= GOAL_THROUGHPUT));
            t.row("predictions + outcomes as a share of the bare-decode rate of both", "≥ 35%",
                Stats.percent(labels.ratioToBareDecode()), met(labels.ratioToBareDecode() >= GOAL_RATIO_LABELS));
        }
        if (!run.joinCheck().isEmpty()) {
            JoinLayoutCheck.Result reference = run.joinCheck().get(0);
            long differing = run.joinCheck().stream().skip(1).mapToLong(r -> JoinLayoutCheck.differences(reference, r).size()).sum();
            t.row("the label join's results in every layout, on the bench's traffic (issue #14; section 1, \"The join's results in each layout\")",
                "the same figures in every window", differing == 0 ? "the same in all " + Stats.integer(reference.windows().size())
                    + " windows" : Stats.integer(differing) + " windows or counters differ", met(differing == 0));
        }
        if (run.latency() != null) {
            double p99 = Stats.percentile(run.latency().afterCloseMillis(), 0.99);
            t.row("alert p99 after the window closes (window end + grace)", "≤ 1 s", Stats.integer(p99) + " ms",
                met(p99 <= GOAL_P99_MS));
        }
        double largest = largestProfile(run);
        if (!Double.isNaN(largest)) {
            t.row("bytes per feature-window profile (largest measured)", "≤ 16 KB", Stats.integer(largest) + " B",
                met(largest <= GOAL_PROFILE_BYTES));
        }
        MemoryBenchmark.Result biggest = run.memory().isEmpty() ? null : run.memory().get(run.memory().size() - 1);
        if (biggest != null) {
            t.row("heap for " + biggest.workload().models() + " models × " + biggest.workload().features() + " features",
                "≤ 512 MB", Stats.mebibytes(biggest.liveHeapPeakBytes()) + " live after GC, whole harness JVM",
                met(biggest.liveHeapPeakBytes() <= GOAL_HEAP));
        }
        md.append(t).append('\n');
    }

    private static ThroughputBenchmark.Result throughput(Run run, boolean labels) {
        return run.throughput().stream().filter(r -> r.setup().labels() == labels).findFirst().orElse(null);
    }

    private static double largestProfile(Run run) {
        double largest = Double.NaN;
        for (MemoryBenchmark.Result r : run.memory()) {
            largest = Double.isNaN(largest) ? r.profiles().maxBytesPerFeature() : Math.max(largest, r.profiles().maxBytesPerFeature());
        }
        for (double[] row : run.profileSizeByEvents()) {
            largest = Double.isNaN(largest) ? row[1] : Math.max(largest, row[1]);
        }
        return largest;
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String reachable(ThroughputBenchmark.Result result) {
        return result.sketchFloorToBareDecode() >= GOAL_RATIO ? "reachable" : "out of reach";
    }

    private static void joinCheck(StringBuilder md, Run run) {
        if (run.joinCheck().isEmpty()) {
            return;
        }
        JoinLayoutCheck.Result reference = run.joinCheck().get(0);
        md.append("### The join's results in each layout\n\n");
        md.append(String.format(Locale.ROOT, "The labelled setups' traffic (the same generator and seed, %s predictions and "
            + "their outcomes, keyed by prediction id, at the same event-time rate, in windows of 1 s so that there are many) "
            + "through the whole topology in a `TopologyTestDriver`, once per layout, each topic read in event-time order "
            + "(`JoinLayoutCheck`). Per window, from its last revision: events, late events, predictions with a joined "
            + "outcome, accuracy, each region's and group's labelled count; and the label join's counters. A faster layout must change "
            + "none of them. The driver runs one partition and commits after every record (so it is slow, and measures no "
            + "speed; the layouts run side by side, one driver per core); the layouts across partitions of a real broker "
            + "are `CoPartitionedJoinIT`'s.\n\n",
            Stats.integer(reference.predictions())));
        Table t = new Table("layout", "windows", "predictions", "outcomes", "labelled", "joined", "repeated", "unmatched",
            "unscorable", "windows or counters unlike `" + JoinLayoutCheck.name(reference.layout()) + "`", "took");
        for (JoinLayoutCheck.Result r : run.joinCheck()) {
            List<String> differences = JoinLayoutCheck.differences(reference, r);
            t.row("`" + JoinLayoutCheck.name(r.layout()) + "`", Stats.integer(r.windows().size()), Stats.integer(r.predictions()),
                Stats.integer(r.outcomes()), Stats.integer(r.labelled()),
                Stats.integer(r.counters().get("driftwatch_outcomes_joined")),
                Stats.integer(r.counters().get("driftwatch_outcomes_duplicate")),
                Stats.integer(r.counters().get("driftwatch_outcomes_unmatched")),
                Stats.integer(r.counters().get("driftwatch_outcomes_unscorable")),
                r == reference ? "–" : differences.isEmpty() ? "none" : Stats.integer(differences.size()) + ": "
                    + String.join("; ", differences.subList(0, Math.min(3, differences.size()))),
                Stats.fixed(r.took().toMillis() / 1000.0, 1) + " s");
        }
        md.append(t).append('\n');
    }

    private static void throughput(StringBuilder md, Run run) {
        if (run.throughput().isEmpty()) {
            return;
        }
        md.append("## 1. Throughput against the physical limit\n\n");
        md.append("The input topics are filled first (so production does not limit), then the monitor starts in the harness JVM ")
            .append("with its default settings (exactly-once v2, 500 ms commit interval) and the harness reads its consumer group's ")
            .append("committed offsets every 250 ms until every event is committed. The steady rate is measured between 5% and 95% ")
            .append("of the input; with labels, outcomes are counted over their own 5%–95% interval, because Kafka Streams takes the ")
            .append("record with the smallest timestamp next and an outcome is stamped after its prediction, so most outcomes are ")
            .append("joined after the predictions. The physical-limit proxy, measured on the same topic and broker just before (twice, after a read of the warm-up events that compiles its decoder; the faster read counts), is a bare consumer ")
            .append("per stream thread that only fetches (`read_committed`, 1000 records per poll) and decodes each record from the ")
            .append("registry wire format into a `PredictionEvent` with Avro's own reader, as any consumer of the topic would ")
            .append("(with labels, the outcomes topic too, into `OutcomeEvent`s; the ")
            .append("rate is then both topics' records over the time the two reads took). Between that limit and the monitor, the ")
            .append("*Kafka Streams floor* is a Kafka Streams application with the monitor's settings that decodes every record ")
            .append("with the monitor's decoder and ")
            .append("does nothing else, except that with labels it keeps each prediction's id and 32 bytes in a changelogged ")
            .append("RocksDB store until its outcome deletes them (the least any exactly-once join keeps): no monitor built on ")
            .append("Kafka Streams can be faster on this machine. Without labels the same floor runs a second time adding each ")
            .append("prediction to its model version's window profile in memory, written nowhere (*floor with sketches*): the ")
            .append("least a drift monitor does per event, since every drift statistic comes from those sketches. ")
            .append("With labels, \"events\" are predictions and outcomes together, ")
            .append("counted between 5% and 95% of all of them. CPU is the process CPU time of this JVM (the monitor) and of ")
            .append("the broker JVM over the steady interval, in cores.\n\n");
        Table t = new Table("setup", "events", "bytes/event", "bare decode events/s", "Kafka Streams floor events/s",
            "floor / bare", "floor with sketches / bare", "monitor predictions /s", "outcomes /s", "monitor events/s", "ratio to bare", "ratio to floor",
            "monitor CPU", "broker CPU", "GC", "start-up", "total");
        for (ThroughputBenchmark.Result r : run.throughput()) {
            ThroughputBenchmark.Setup s = r.setup();
            t.row(describe(s), Stats.integer(r.loaded().predictions()) + (s.labels() ? " + " + Stats.integer(r.loaded().outcomes()) + " outcomes" : ""),
                Stats.integer(r.loaded().meanPredictionBytes()), Stats.integer(r.bareRate()), Stats.integer(r.floorRate()),
                Stats.percent(r.floorToBareDecode()),
                r.sketchFloor() == null ? "–" : Stats.integer(r.sketchFloor().predictionRate()) + " (" + Stats.percent(r.sketchFloorToBareDecode()) + ")",
                Stats.integer(r.steadyRate()),
                s.labels() ? Stats.integer(r.outcomeRate()) : "–", Stats.integer(r.monitorRate()),
                Stats.percent(r.ratioToBareDecode()), Stats.percent(r.ratioToFloor()),
                Stats.fixed(r.appCpuCores(), 2) + " cores", Stats.fixed(r.brokerCpuCores(), 2) + " cores", Stats.percent(r.gcShare()),
                Stats.fixed(r.startup().toMillis() / 1000.0, 1) + " s", Stats.fixed(r.total().toMillis() / 1000.0, 1) + " s");
        }
        md.append(t).append('\n');
        joinCheck(md, run);
        for (ThroughputBenchmark.Result r : run.throughput()) {
            double perEventApp = r.appCpuCores() / r.steadyRate() * 1e6;
            double perEventBroker = r.brokerCpuCores() / r.steadyRate() * 1e6;
            md.append("### Where the CPU goes: ").append(describe(r.setup())).append("\n\n");
            md.append(String.format(Locale.ROOT, "Per prediction event: %.1f µs of monitor CPU and %.1f µs of broker CPU "
                + "(%.2f + %.2f of %d cores in use). While the bare consumers read the same events the broker used %.1f µs "
                + "per event (%.2f cores): the rest of its work for the monitor is the changelog, repartition and output "
                + "writes and the transactions: the monitor's producers sent it %s bytes per prediction (compressed, "
                + "outcomes' writes included), against the %s bytes of a prediction event. ", perEventApp, perEventBroker,
                r.appCpuCores(), r.brokerCpuCores(), run.machine().cores(), r.bare().brokerCores() / r.bare().perSecond() * 1e6,
                r.bare().brokerCores(), Stats.integer(r.bytesSentPerPrediction()), Stats.integer(r.loaded().meanPredictionBytes())));
            md.append(String.format(Locale.ROOT, "The Kafka Streams floor used %.2f cores of this JVM: %.1f µs per event, against the "
                + "monitor's %.1f µs per event (%s). ", r.floor().appCpuCores(), r.floor().appCpuCores() / r.floorRate() * 1e6,
                r.appCpuCores() / r.eventsInSteadyInterval() * 1e6, r.setup().labels() ? "predictions and outcomes" : "predictions"));
            if (r.sketchFloor() != null) {
                md.append(String.format(Locale.ROOT, "With sketches it used %.2f cores: %.1f µs per event. ",
                    r.sketchFloor().appCpuCores(), r.sketchFloor().appCpuCores() / r.sketchFloor().predictionRate() * 1e6));
            }
            md.append("CPU of the monitor JVM's threads over the steady interval (the rest of the JVM's CPU is garbage ")
                .append("collection and the JIT compiler; a stream thread well below one core is waiting, not computing):\n\n");
            Table cores = new Table("threads", "cores");
            r.threadCores().forEach((k, v) -> cores.row(k, Stats.fixed(v, 2)));
            md.append(cores).append('\n');
            md.append("Kafka Streams' own account of its stream threads' time (thread-level metrics, mean over the threads, ")
                .append("at the end of the steady interval): shares of wall-clock time and commit figures, and their main ")
                .append("consumers' fetches (a thread that has processed what it fetched waits in poll for the next fetch):\n\n");
            Table time = new Table("metric", "value");
            r.threadTime().forEach((k, v) -> time.row(k, k.endsWith("ratio") ? Stats.percent(v)
                : k.contains("latency") ? Stats.fixed(v, 1) + " ms" : k.endsWith("size-avg") ? Stats.integer(v) + " bytes"
                : Stats.fixed(v, 1)));
            md.append(time).append('\n');
            CpuProfile.Breakdown p = r.profile();
            md.append("Java Flight Recorder execution samples of the monitor JVM (").append(Stats.integer(p.samples()))
                .append(" samples of threads running Java code; threads in native code, such as RocksDB, the lz4 compressor's ")
                .append("JNI calls and socket I/O, are not in them), charged to the pipeline stage of the nearest frame to the ")
                .append("top of the stack that belongs to one:\n\n");
            Table stages = new Table("stage", "share of samples");
            p.byStage().forEach((k, v) -> stages.row(k, Stats.percent((double) v / p.samples())));
            md.append(stages).append("\nThreads:\n\n");
            Table threads = new Table("thread", "share of samples");
            p.byThread().forEach((k, v) -> threads.row(k, Stats.percent((double) v / p.samples())));
            md.append(threads).append("\nMethods most often on top of the stack:\n\n");
            Table methods = new Table("method", "share of samples");
            p.topMethods().entrySet().stream().limit(15).forEach(e -> methods.row("`" + e.getKey() + "`",
                Stats.percent((double) e.getValue() / p.samples())));
            md.append(methods).append('\n');
        }
    }

    private static String describe(ThroughputBenchmark.Setup s) {
        return s.workload() + ", " + (s.labels() ? "labels joined" : "drift only (labels.enabled=false)") + ", "
            + s.partitions() + " partitions, " + s.streamThreads() + " stream threads, " + s.windowSize().toSeconds() + " s windows"
            + String.format(Locale.ROOT, ", event time at %,.0f events/s", s.nominalRate())
            + (s.overrides().isEmpty() ? "" : ", " + s.overrides());
    }

    private static void latency(StringBuilder md, Run run) {
        AlertLatencyBenchmark.Result r = run.latency();
        if (r == null) {
            return;
        }
        AlertLatencyBenchmark.Setup s = r.setup();
        md.append("## 2. Alert latency\n\n");
        md.append(String.format(Locale.ROOT, "Live for %d s after a stationary lead-in of at least %d s: %s, %,.0f events/s at wall-clock "
                + "time (event time = send time), %d partitions, %d ms windows with %d ms grace, default settings otherwise "
                + "(exactly-once, " + AlertLatencyBenchmark.commitIntervalMs() + " ms commits, default rules,"
                + (AlertLatencyBenchmark.labelsEnabled() ? " labels enabled" : " labels off: `-Dbench.latency.labels=false`")
                + ") and a 20,000-event training-data baseline per "
                + "model. Every %d. window is drifted (input-drift scenario: a feature's mean +1 sd, another's spread ×2, a new "
                + "category in 20%% of events), the others stationary, so alerts fire and resolve again and again. A "
                + "`read_committed` consumer of `alerts` notes when each FIRING alert becomes visible; per drifted window and "
                + "model the first one counts. The drifted windows begin once the monitor keeps up with the traffic (its "
                + "backlog within one second and one commit interval of traffic for " + AlertLatencyBenchmark.CAUGHT_UP_SECONDS
                + " s running, since it is read from "
                + "committed offsets): a monitor started beside a fresh broker on two "
                + "cores first spends half a minute or more compiling, and an alert then would measure that warm-up.\n\n",
            s.duration().toSeconds(), s.leadIn().toSeconds(), s.workload(), s.rate(), s.partitions(), s.window().toMillis(),
            s.grace().toMillis(), s.driftEvery()));
        Table t = new Table("measure", "samples", "p50", "p99", "max");
        t.row("alert visible − (window end + grace)", r.afterCloseMillis().size(),
            Stats.integer(Stats.percentile(r.afterCloseMillis(), 0.5)) + " ms",
            Stats.integer(Stats.percentile(r.afterCloseMillis(), 0.99)) + " ms",
            Stats.integer(Stats.percentile(r.afterCloseMillis(), 1.0)) + " ms");
        t.row("alert visible − first drifted event", r.afterFirstMillis().size(),
            Stats.integer(Stats.percentile(r.afterFirstMillis(), 0.5)) + " ms",
            Stats.integer(Stats.percentile(r.afterFirstMillis(), 0.99)) + " ms",
            Stats.integer(Stats.percentile(r.afterFirstMillis(), 1.0)) + " ms");
        t.row("of which: alert emitted (merge stage clock) − (window end + grace)", r.emittedAfterCloseMillis().size(),
            Stats.integer(Stats.percentile(r.emittedAfterCloseMillis(), 0.5)) + " ms",
            Stats.integer(Stats.percentile(r.emittedAfterCloseMillis(), 0.99)) + " ms",
            Stats.integer(Stats.percentile(r.emittedAfterCloseMillis(), 1.0)) + " ms");
        t.row("of which: visible − emitted (transaction commit)", r.visibleAfterEmittedMillis().size(),
            Stats.integer(Stats.percentile(r.visibleAfterEmittedMillis(), 0.5)) + " ms",
            Stats.integer(Stats.percentile(r.visibleAfterEmittedMillis(), 0.99)) + " ms",
            Stats.integer(Stats.percentile(r.visibleAfterEmittedMillis(), 1.0)) + " ms");
        md.append(t);
        md.append(String.format(Locale.ROOT, "%nDrifted (window, model) pairs: %d, alerted: %d (%s). FIRING alerts for "
                + "stationary windows: %d%s. Events sent: %,d. Largest backlog of the monitor on `predictions` from the first "
                + "drifted window on (sampled every second): %,d events.%n%n", r.driftedWindows(), r.afterCloseMillis().size(),
            Stats.percent((double) r.afterCloseMillis().size() / Math.max(1, r.driftedWindows())), r.falseAlerts(),
            r.falseAlertsByRule().isEmpty() ? "" : " " + r.falseAlertsByRule(), r.eventsSent(), r.maxConsumerLag()));
        md.append(String.format(Locale.ROOT, "Warm-up: the drifted windows began %d s after the traffic%s; the backlog "
                + "reached %,d events (%.0f s of traffic) before that.%n%n", r.warmUp().toSeconds(),
            r.caughtUp() ? ", the monitor having caught up" : ", **the monitor had not caught up** (the warm-up ran out)",
            r.warmUpLag(), r.warmUpLag() / s.rate()));
    }

    private static void memory(StringBuilder md, Run run) {
        if (run.memory().isEmpty() && run.profileSizeByEvents().isEmpty()) {
            return;
        }
        md.append("## 3. Memory\n\n");
        if (!run.memory().isEmpty()) {
            md.append("Each size: the monitor processes preloaded traffic (equal shares, so every model's profile is as full ")
                .append("as the busiest's; labels off, so the state is the window profiles and what the merge stage keeps; ")
                .append("10 s windows, 2.5 windows of events, 4 partitions, 1 stream thread). A sampler forces a full GC every ")
                .append("second and keeps the largest heap in use after it, and the largest size of the state directory ")
                .append("(RocksDB). Bytes per feature-window profile: `WindowProfileCodec` bytes of each whole window of each ")
                .append("model (as the merge stage holds it) divided by its features.\n\n");
            Table t = new Table("models × features", "events", "events per model-window", "live heap peak (harness JVM)",
                "harness before start", "state on disk (peak)", "profiles", "bytes/feature-window mean", "max");
            for (MemoryBenchmark.Result r : run.memory()) {
                t.row(r.workload().models() + " × " + r.workload().features() + " (" + r.workload().numeric() + " num + "
                        + r.workload().categorical() + " cat)", Stats.integer(r.events()), Stats.integer(r.eventsPerModelWindow()),
                    Stats.mebibytes(r.liveHeapPeakBytes()), Stats.mebibytes(r.heapBaselineBytes()),
                    Stats.mebibytes(r.stateDirPeakBytes()), r.profiles().profiles(),
                    Stats.integer(r.profiles().meanBytesPerFeature()), Stats.integer(r.profiles().maxBytesPerFeature()));
            }
            md.append(t).append('\n');
        }
        if (!run.profileSizeByEvents().isEmpty()) {
            md.append("Bytes per feature of one window profile (20 numeric + 5 categorical features) by events in the window: ")
                .append("the KLL sketches (k = " + io.driftwatch.profile.ProfileSettings.DEFAULT_KLL_K + ", the default) grow with the logarithm of the count and level off. ")
                .append("Heap per encoded byte: the heap the profile takes when decoded (copies held across a full GC) divided by ")
                .append("its encoded size, which is what `window.memory.max.bytes` counts; a KLL sketch on the heap keeps room ")
                .append("for its whole first level, so small windows take several times their encoding.\n\n");
            Table t = new Table("events in window", "bytes per feature", "heap per encoded byte");
            for (double[] row : run.profileSizeByEvents()) {
                t.row(Stats.integer(row[0]), Stats.integer(row[1]), String.format(Locale.ROOT, "%.2f", row[2]));
            }
            md.append(t).append('\n');
        }
    }

    private static void quality(StringBuilder md, Run run) {
        DetectionQualityBenchmark.Result q = run.quality();
        if (q == null) {
            return;
        }
        md.append("## 4. Detection quality\n\n");
        md.append("Offline (no Kafka): one binary model of the generator with 20 numeric and 5 categorical features (normal, ")
            .append("log-normal and bounded-integer numbers; Zipf-distributed strings with 5–17 values and booleans; 1% missing), ")
            .append("windows of a fixed number of events against a reference sample. **Driftwatch** decides with its default rules ")
            .append("(`RulesFile.defaults()`, `RuleEngine`) on reports from `WindowReportBuilder` with the rules' false-alarm target ")
            .append("(at most one false alert per 1000 windows of a model version across the drift, accuracy, error-rate and ")
            .append("fairness rules: each fires only above its threshold and significant at a Šidák share of 1/1000, ")
            .append("docs/alerting.md \"Decisions\"), plus the quality section and ")
            .append("concept-drift detectors fed with the window's labelled events (70% coverage). An alert is a FIRING transition ")
            .append("of a drift or quality rule. **Exact tests** decide the way Evidently's data-drift preset does by default, on ")
            .append("the raw values with commons-math: reference ≤ 1000 values: KS p ≤ 0.05 (numeric), chi-square or z-test ")
            .append("p < 0.05 (categorical); larger: normalised Wasserstein ≥ 0.1, Jensen–Shannon ≥ 0.1; per column, no ")
            .append("correction. Two decisions from them: *any column* drifted, and *dataset drift* (at least half the columns). ")
            .append("**NannyML-style** (`quality.NannyMlStyleDecider`): the reference period is 10 chunks of the window's size ")
            .append("(NannyML's default chunker makes 10), each column's Jensen–Shannon distance to the whole reference (numeric ")
            .append("columns on Doane's equal-width bins) and the realized accuracy are computed per reference chunk, and a window ")
            .append("alerts when any of them leaves mean ± 3σ of the reference chunks' values (`StandardDeviationThreshold`, ")
            .append("no correction across columns). The model's segments and fairness are set as in the demo ")
            .append("(`segments.attributes=region,group`, `fairness.attributes=group`), so `disparate-impact` is judged too.\n\n");
        if (!q.calibration().isEmpty()) {
            md.append("Changes sized on 100,000 generated events of the model:\n\n");
            q.calibration().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
            md.append('\n');
        }
        md.append("### False alerts on stationary streams\n\n");
        Table t = new Table("regime", "windows", "Driftwatch: windows with a drift/quality alert",
            "Driftwatch: any rule", "FIRING by rule", "exact tests: any column", "exact tests: dataset drift",
            "exact tests: drifted columns per window", "target drift", "NannyML-style ±3σ: any alert");
        for (DetectionQualityBenchmark.Stationary s : q.stationary()) {
            stationaryRow(t, s.regime().name(), s);
        }
        md.append(t).append('\n');
        if (!q.demoStationary().isEmpty()) {
            md.append("### Stationary traffic of the demo's models\n\n");
            md.append("Each demo model (`DemoSchedule`) without its scenario, a reference of 1,000 events (the demo captures ")
                .append("its first window, about 1,000 events at the default rate) and windows of 1,000 events (a 20 s window ")
                .append("of the demo). `delivery-eta` is a regression model: its labels are not joined by this harness, so ")
                .append("the quality rules are not exercised for it.\n\n");
            Table demo = new Table("model", "windows", "Driftwatch: windows with a drift/quality alert",
                "Driftwatch: any rule", "FIRING by rule", "exact tests: any column", "exact tests: dataset drift",
                "exact tests: drifted columns per window", "target drift", "NannyML-style ±3σ: any alert");
            int windows = 0;
            int any = 0;
            for (DetectionQualityBenchmark.Stationary s : q.demoStationary()) {
                stationaryRow(demo, s.regime().name(), s);
                windows += s.windows();
                any += s.windowsWithAlert();
            }
            md.append(demo).append('\n');
            md.append(String.format(Locale.ROOT, "Over the %d models: %d model-windows, %d with a FIRING alert of any rule "
                + "(%.2f per 1000).%n%n", q.demoStationary().size(), windows, any, windows == 0 ? 0 : 1000.0 * any / windows));
        }
        md.append(String.format(Locale.ROOT, "### Detection of known changes%n%nPer change and regime, %d runs, each with a fresh "
            + "reference and seed (fewer where the runs column says so), %d stationary windows and then the change; detected = an "
            + "alert (Driftwatch: a drift or quality rule, an operations rule for the error-rate and latency changes, the "
            + "fairness rule for the fairness gap; NannyML-style: any band left) or a drift verdict "
            + "(exact tests) within %d windows of the change; delay in windows, 0 = the first changed window.%n%n",
            q.detections().isEmpty() ? 0 : q.detections().get(0).runs(), q.preWindows(), q.horizon()));
        Table d = new Table("regime", "change", "Driftwatch detected", "median delay", "first rule",
            "Driftwatch alerts per detected run (mean, max)", "episodes per detected run (mean, max)",
            q.recovery() > 0 ? "resolved after the change ended (median windows, runs still firing after " + q.recovery()
                + ", FIRING meanwhile)" : "resolved after the change ended",
            "exact: any column", "median delay", "exact: dataset drift", "exact: target drift", "NannyML-style ±3σ",
            "median delay", "runs");
        for (DetectionQualityBenchmark.Detection x : q.detections()) {
            d.row(x.regime().name(), x.change(), rate(x.driftwatchDelays(), x.runs()), delay(x.driftwatchDelays()),
                x.driftwatchFirstRules().isEmpty() ? "–" : x.driftwatchFirstRules(), alertsPerRun(x.driftwatchAlerts()),
                alertsPerRun(x.driftwatchEpisodes()), resolution(x),
                rate(x.anyColumnDelays(), x.runs()),
                delay(x.anyColumnDelays()), rate(x.datasetDelays(), x.runs()), rate(x.targetDelays(), x.runs()),
                rate(x.nannyMlDelays(), x.runs()), delay(x.nannyMlDelays()), x.runs());
        }
        md.append(d).append('\n');
    }

    private static void stationaryRow(Table t, String name, DetectionQualityBenchmark.Stationary s) {
        t.row(name, s.windows(), Stats.percent((double) s.windowsWithDriftAlert() / s.windows()),
            Stats.percent((double) s.windowsWithAlert() / s.windows()), s.firingByRule().isEmpty() ? "none" : s.firingByRule(),
            Stats.percent((double) s.anyColumn() / s.windows()), Stats.percent((double) s.datasetDrift() / s.windows()),
            Stats.fixed((double) s.driftedColumns() / s.windows(), 2) + " of " + s.columns(),
            Stats.percent((double) s.targetDrift() / s.windows()), Stats.percent((double) s.nannyMl() / s.windows()));
    }

    private static String alertsPerRun(List<Integer> alerts) {
        if (alerts.isEmpty()) {
            return "–";
        }
        java.util.IntSummaryStatistics perRun = alerts.stream().mapToInt(Integer::intValue).summaryStatistics();
        return Stats.fixed(perRun.getAverage(), 2) + ", " + perRun.getMax();
    }

    /** How the change's alerts ended once it did: the median windows among runs that resolved, and those that did not. */
    private static String resolution(DetectionQualityBenchmark.Detection x) {
        if (x.resolvedAfter().isEmpty()) {
            return "–";
        }
        List<Integer> resolved = x.resolvedAfter().stream().filter(w -> w >= 0).toList();
        return (resolved.isEmpty() ? "–" : Stats.fixed(Stats.percentile(resolved, 0.5), 0)) + ", "
            + (x.resolvedAfter().size() - resolved.size()) + ", " + x.recoveryFirings();
    }

    private static String rate(List<Integer> delays, int runs) {
        return Stats.percent((double) delays.size() / runs);
    }

    private static String delay(List<Integer> delays) {
        return delays.isEmpty() ? "–" : Stats.fixed(Stats.percentile(delays, 0.5), 0);
    }

    private static void jmh(StringBuilder md, Run run) {
        if (run.jmh().isEmpty()) {
            return;
        }
        md.append("## 5. Micro-benchmarks (JMH)\n\n");
        md.append("JMH 1.37, average time per operation, ").append(run.jmhLength()).append(" (")
            .append(run.jmhLength().forks() == 1 ? "the short default: a full run of every benchmark takes a few minutes on "
                + "two cores; `--jmh-long` for tighter error bars" : "the long run").append("). Error: 99.9% confidence half-width ")
            .append("from the iterations, which on a shared two-core machine mostly measures interference.\n\n");
        Table t = new Table("benchmark", "ns/op", "± error", "ops/s");
        for (JmhSuite.Score s : run.jmh()) {
            t.row("`" + s.benchmark() + "`", Stats.fixed(s.nanos(), s.nanos() < 100 ? 1 : 0), Stats.fixed(s.error(), s.error() < 100 ? 1 : 0),
                Stats.integer(1e9 / s.nanos()));
        }
        md.append(t).append('\n');
    }

    private static String notes() {
        try (InputStream in = ResultsWriter.class.getResourceAsStream("/io/driftwatch/bench/findings.md")) {
            if (in == null) {
                return "";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
