package io.driftwatch.cli;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.generator.DemoSchedule;
import io.driftwatch.generator.Progress;
import io.driftwatch.generator.RunOptions;
import io.driftwatch.generator.TrafficProducer;
import io.driftwatch.generator.TrafficRunner;
import io.driftwatch.schemas.registry.MockSchemaRegistry;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch demo}: everything in one process, no setup. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs a Kafka broker, the monitor and five models' traffic in this process, no setup.",
        "The broker is real (KRaft), the schema registry in memory; the generator plays five models: inputs",
        "that drift, latency that degrades, a concept that drifts only in the labels, a fairness gap, and a",
        "worse canary (with a shadow beside it) that Driftwatch rolls back. Alerts print as they fire and resolve."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private static final String REGISTRY_SCOPE = "driftwatch-demo";
    private static final String APPLICATION_ID = "driftwatch-demo";
    private static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(1);
    private static final Duration CATCH_UP_LOOK = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LAST_WINDOWS_DEADLINE = Duration.ofMinutes(1);
    private static final Duration LAST_WINDOWS_LOOK = Duration.ofMillis(500);

    @Option(names = "--duration", description = "Stop the traffic after this long, e.g. 10m, then wait (up to a minute) for"
        + " the monitor to read what was sent and (up to another) for its last windows' alerts, so that the story's end is"
        + " told (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--speed", defaultValue = "1", description = "Play the scenarios this many times faster (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of /metrics and the API; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address the HTTP endpoints listen on: this machine only by default; 0.0.0.0 in a container whose"
            + " port is published (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT",
        description = "Port of the demo's Kafka broker on localhost, for other clients such as kcat; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--window", defaultValue = "20s", description = "Window size (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--rate", defaultValue = "250", description = "Prediction events per second over the five models, shadow predictions not counted (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--data-dir", description = "Where the broker and the state live (default: a temporary directory, deleted at exit).")
    Path dataDir;

    // A fixed default, so that every run tells the same story: with a fresh seed, a run can also show an
    // off-story warning (a stationary feature's test below its p-value threshold by chance, which the
    // false-alarm target allows), and a newcomer could not tell it from a fault.
    @Option(names = "--seed", defaultValue = "42",
        description = "Random seed of the models' traffic: the same seed gives the same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--status-interval", defaultValue = "10s", description = "How often the status line prints (default: ${DEFAULT-VALUE}).")
    String statusInterval;

    @Override
    public Integer call() throws Exception {
        // Every option is checked before the broker starts: a typo costs a second, not a broker's start and stop.
        require(Double.isFinite(speed) && speed > 0, "--speed " + speed + " must be more than 0, e.g. 4 to play four times faster.");
        require(Double.isFinite(rate) && rate > 0, "--rate " + rate + " must be more than 0 events per second.");
        require(port >= 0 && port <= 65535, "--port " + port + " is not a port; use 1 to 65535, or 0 for any free port.");
        require(kafkaPort >= 0 && kafkaPort <= 65535, "--kafka-port " + kafkaPort
            + " is not a port; use 1 to 65535, or 0 for any free port.");
        require(kafkaPort == 0 || kafkaPort != port, "--kafka-port and --port are both " + port + "; give them different ports.");
        require(canListen(host, 0), "--host " + host + " is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for"
            + " every interface.");
        require(canListen(host, port), "--port " + port + " is in use by another process; choose another, or 0 for any free port.");
        require(canListen("127.0.0.1", kafkaPort), "--kafka-port " + kafkaPort
            + " is in use by another process; choose another, or 0 for any free port.");
        Duration windowSize = GenerateCommand.parse("--window", window);
        require(windowSize.compareTo(Duration.ofSeconds(1)) >= 0, "--window " + window + " must be at least 1s.");
        Duration runFor = duration == null ? null : GenerateCommand.parse("--duration", duration);
        require(runFor == null || !runFor.isZero(), "--duration must be positive, e.g. 10m.");
        Duration statusEvery = GenerateCommand.parse("--status-interval", statusInterval);
        require(!statusEvery.isZero(), "--status-interval must be positive, e.g. 10s.");
        require(dataDir == null || !Files.exists(dataDir) || Files.isDirectory(dataDir),
            "--data-dir " + dataDir + " is a file; give a directory (it is created if missing).");
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("driftwatch-demo");
        Files.writeString(dir.resolve(COMPARISONS_FILE), COMPARISONS);
        DemoConsole console = new DemoConsole(System.out);
        console.line("Starting a Kafka broker...");
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort)) {
            console.line("Kafka broker ready at " + kafka.bootstrapServers() + " (for kcat: -b " + kafka.bootstrapServers() + ")");
            DriftwatchConfig config = DriftwatchConfig.from(settings(kafka.bootstrapServers(), windowSize, dir));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                new TopicProvisioner(admin).createAll(config.topics(), 2, Optional.of((short) 1));
            }
            console.line("Starting the monitor...");
            DriftwatchApp app = DriftwatchApp.create(config, Clock.systemUTC());
            TrafficProducer producer = null;
            DemoAlertWatcher alerts = null;
            try {
                app.start();
                if (!app.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("The monitor did not start; see the log above.");
                }
                DemoSchedule schedule = DemoSchedule.withSpeed(speed);
                Map<String, String> registry = Map.of("schema.registry.url", "mock://" + REGISTRY_SCOPE);
                // Two models speak Avro through the registry, two plain JSON: the monitor reads both.
                Set<String> jsonModels = Set.of("delivery-eta", "loan-approval");
                producer = TrafficProducer.create(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "20"),
                    EventSerializers.predictions(registry, jsonModels), EventSerializers.outcomes(registry, jsonModels),
                    config.topics().predictions(), config.topics().outcomes());
                // At the end, outcomes not yet due are dropped: the demo does not wait for the slowest labels.
                RunOptions.Builder options = RunOptions.builder().rate(rate).outcomeFlush(RunOptions.OutcomeFlush.DROP);
                if (runFor != null) {
                    options.duration(runFor);
                }
                LastEventTimes sent = new LastEventTimes(producer);
                Instant trafficStart = Instant.now();
                TrafficRunner runner = new TrafficRunner(schedule.generator(seed, trafficStart), sent, options.build());
                console.intro(app.httpUrl(), kafka.bootstrapServers(), windowSize, schedule.changes());

                alerts = new DemoAlertWatcher(kafka.bootstrapServers(), config.topics().alerts(),
                    app.serdes().alerts().deserializer(), console, trafficStart);
                alerts.start();
                AtomicReference<Progress> progress = new AtomicReference<>();
                Thread traffic = new Thread(() -> {
                    runner.run(progress::set);
                    done.countDown();
                }, "demo-traffic");
                traffic.setDaemon(true);
                traffic.start();
                Thread hook = new Thread(() -> {
                    stopping.set(true);
                    runner.stop();
                    done.countDown();
                    try {
                        // Ctrl-C: let the main thread shut everything down before the JVM exits.
                        cleanedUp.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "demo-stop");
                Runtime.getRuntime().addShutdownHook(hook);

                long started = System.nanoTime();
                while (!done.await(statusEvery.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    Progress p = progress.get();
                    Counter windows = app.registry().find("driftwatch_windows_evaluated").counter();
                    console.status(Duration.ofNanos(System.nanoTime() - started), p == null ? 0 : p.currentRate(),
                        schedule.models().size(), windows == null ? 0 : (long) windows.count(),
                        latestWindowEnd(app.registry()).map(end -> Duration.between(trafficStart, end)), alerts.firing(),
                        shadow(app.registry()));
                }
                runner.stop();
                traffic.join(10_000);
                if (!stopping.get()) {
                    catchUp(kafka.bootstrapServers(), Set.of(config.topics().predictions(), config.topics().outcomes()),
                        console, statusEvery, stopping, sent, app, alerts);
                }
                console.line(stopping.get() ? "Stopping..." : "Demo finished; stopping...");
                if (!stopping.get()) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            } finally {
                if (alerts != null) {
                    alerts.close();
                }
                if (producer != null) {
                    producer.close();
                }
                app.close();
                MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
            }
        } finally {
            if (dataDir == null) {
                deleteRecursively(dir);
            }
            console.line("Stopped cleanly.");
            cleanedUp.countDown();
        }
        return 0;
    }

    private static final String COMPARISONS_FILE = "comparisons.yaml";

    /**
     * The fraud detector's canary and shadow, declared (a model with both a canary and a shadow in one
     * window is ambiguous to discovery). The canary's p99 margin is 10% and its alpha 1%, so that its
     * 10% of the traffic gives a decision within the demo's first minutes; docs/comparisons.md has the
     * production defaults.
     */
    private static final String COMPARISONS = """
        # Written by driftwatch demo (docs/comparisons.md).
        comparisons:
          - model: fraud-detector
            control: "1"
            candidate: "2"
            mode: canary
            metrics: {accuracy: 0.02, error_rate: 0.01, latency_p99: 0.1}
            min_samples: 100
            alpha: 0.01
          - model: fraud-detector
            control: "1"
            candidate: "3"
            mode: shadow
            metrics: {accuracy: 0.02, error_rate: 0.01, latency_p99: 0.1}
            min_samples: 100
            alpha: 0.01
        """;

    /** The end of the latest window any model version has reported; the gauges never go back to an older one. */
    private static Optional<Instant> latestWindowEnd(io.micrometer.core.instrument.MeterRegistry registry) {
        long through = DemoLastWindows.reportedThrough(DemoLastWindows.windowEnds(registry));
        return through == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(through));
    }

    /** The fraud detector's shadow so far (agreement NaN before its first compared window), from the comparison gauges. */
    private static DemoConsole.Shadow shadow(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge agreement = shadowGauge(registry, "agreement_ratio");
        if (agreement == null) {
            return DemoConsole.Shadow.UNKNOWN;
        }
        return new DemoConsole.Shadow(agreement.value(), count(shadowGauge(registry, "disagreements_labelled")),
            count(shadowGauge(registry, "control_right")), count(shadowGauge(registry, "candidate_right")));
    }

    private static io.micrometer.core.instrument.Gauge shadowGauge(io.micrometer.core.instrument.MeterRegistry registry,
                                                                   String name) {
        return registry.find("driftwatch_comparison_shadow_" + name).tag("model", "fraud-detector").tag("mode", "shadow")
            .gauge();
    }

    private static long count(io.micrometer.core.instrument.Gauge g) {
        return g == null || Double.isNaN(g.value()) ? 0 : (long) g.value();
    }

    /** Whether {@code host}:{@code port} can be listened on now (port 0: any free port of that address). */
    private static boolean canListen(String host, int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * Lets the monitor read what the traffic sent before the demo stops (up to a minute): on a busy machine it lags by
     * several windows, and the story's last alerts would otherwise not be told. Then waits, up to another minute, for
     * the last windows to close and their alerts to be printed ({@link LastWindowsWait}). Ctrl-C ends the waits.
     */
    private static void catchUp(String bootstrap, Set<String> inputs, DemoConsole console, Duration statusEvery,
                                AtomicBoolean stopping, LastEventTimes sent, DriftwatchApp app, DemoAlertWatcher alerts)
        throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            MonitorCatchUp.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
            MonitorCatchUp.Outcome outcome = MonitorCatchUp.await(
                () -> stopping.get() ? 0 : MonitorCatchUp.behind(admin, APPLICATION_ID, inputs),
                CATCH_UP_DEADLINE, statusEvery.compareTo(CATCH_UP_LOOK) < 0 ? statusEvery : CATCH_UP_LOOK, console::line,
                sleeper);
            if (outcome == MonitorCatchUp.Outcome.CAUGHT_UP && !stopping.get()) {
                LastWindowsWait.await(sent.newest(), new DemoLastWindows(app, admin, APPLICATION_ID, inputs, alerts),
                    LAST_WINDOWS_DEADLINE, LAST_WINDOWS_LOOK, stopping::get, console::line, sleeper);
            }
        }
    }

    private Map<String, String> settings(String bootstrap, Duration windowSize, Path dir) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("application.id", APPLICATION_ID);
        p.put("schema.registry.url", "mock://" + REGISTRY_SCOPE);
        p.put("window.size", windowSize.toMillis() + "ms");
        p.put("window.grace", "2s");
        p.put("window.idle.timeout", IDLE_TIMEOUT.toSeconds() + "s");
        p.put("window.heartbeat.interval", "500ms");
        // About 50 events per model and second: a 20 s window holds about 1,000.
        p.put("drift.min.sample.size", "200");
        p.put("baseline.capture", "first-window");
        p.put("baseline.capture.min.events", "300");
        p.put("labels.horizon", "1h");
        p.put("labels.revision.interval", "10s");
        p.put("labels.baseline.windows", "2");
        p.put("labels.baseline.min.labelled", "100");
        p.put("segments.attributes", "region,group");
        p.put("fairness.attributes", "group");
        p.put("http.host", host);
        p.put("http.port", Integer.toString(port));
        p.put("kafka.state.dir", dir.resolve("state").toString());
        p.put("comparisons.file", dir.resolve(COMPARISONS_FILE).toString());
        return p;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
