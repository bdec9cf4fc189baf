package io.driftwatch.bench.faults;

import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.bench.report.Stats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady stream (predictions and outcomes of four models) while the monitor is killed with
 * SIGKILL again and again at random moments, stopped with SIGTERM a few times, and the broker is
 * killed once and kept down for a while. Afterwards: events sent against events reported per window,
 * duplicate and missing reports, late events, the audit chain, alert transitions that repeat or go
 * back in window time, and how long each restart took until the monitor processed again.
 */
final class KillRestartExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(KillRestartExperiment.class);

    /**
     * @param kills           SIGKILLs of the monitor
     * @param terminations    SIGTERM restarts of the monitor
     * @param brokerDown      how long the broker stays down after its kill
     * @param between         mean time between faults
     */
    record Setup(int kills, int terminations, Duration brokerDown, Duration between, double eventsPerSecond) {}

    record Result(Setup setup, long predictions, long outcomes, long failedSends, DeliveredOutputs.Tally delivered,
                  List<Duration> killRestarts, List<Duration> termRestarts, int restartsThatNeverProcessed,
                  Duration brokerOutage) {}

    private final Path work;

    KillRestartExperiment(Path work) {
        this.work = work;
    }

    Result run(Setup setup) throws Exception {
        Path dir = work.resolve("kill-restart");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Map<String, String> settings = monitorSettings(broker.bootstrapServers(), "fault-kill-restart", dir.resolve("state"));
            MonitorProcess.createTopics(settings, 4);
            MonitorProcess monitor = MonitorProcess.configure(dir.resolve("monitor"), settings);
            List<Duration> killRestarts = new ArrayList<>();
            List<Duration> termRestarts = new ArrayList<>();
            int neverProcessed = 0;
            Duration outage = Duration.ZERO;
            SteadyStream stream = new SteadyStream(broker.bootstrapServers(), setup.eventsPerSecond(), Duration.ofSeconds(5));
            try {
                monitor.start();
                if (monitor.awaitProcessing(Duration.ofMinutes(3)).isEmpty()) {
                    throw new IllegalStateException("The monitor did not start processing:\n" + monitor.logTail());
                }
                Random rnd = new Random(5);
                int faults = setup.kills() + setup.terminations();
                for (int f = 0; f < faults; f++) {
                    Thread.sleep((long) (setup.between().toMillis() * (0.5 + rnd.nextDouble())));
                    boolean term = f >= setup.kills();
                    if (term) {
                        monitor.terminate();
                    } else {
                        monitor.kill();
                        Thread.sleep(rnd.nextInt(5000));
                    }
                    LOG.info("[faults] {} {} of the monitor", term ? "SIGTERM" : "SIGKILL", f + 1);
                    monitor.start();
                    if (f == setup.kills() / 2) {
                        // The broker dies while the restarted monitor comes up, and stays down.
                        Thread.sleep(2000);
                        broker.kill();
                        LOG.info("[faults] broker killed; down for {} s", setup.brokerDown().toSeconds());
                        long down = System.nanoTime();
                        Thread.sleep(setup.brokerDown().toMillis());
                        broker.restart();
                        outage = Duration.ofNanos(System.nanoTime() - down);
                        LOG.info("[faults] broker back after {} s", outage.toSeconds());
                        monitor.awaitProcessing(Duration.ofMinutes(5));
                        continue;
                    }
                    Optional<Duration> took = monitor.awaitProcessing(Duration.ofMinutes(3));
                    if (took.isEmpty()) {
                        neverProcessed++;
                    } else {
                        (term ? termRestarts : killRestarts).add(took.get());
                        LOG.info("[faults] processing again {} ms after the restart", took.get().toMillis());
                    }
                }
                Thread.sleep(10_000);
            } finally {
                stream.close();
            }
            DeliveredOutputs.Tally delivered = DeliveredOutputs.read(broker.bootstrapServers(), stream.sentPerWindow());
            monitor.close();
            return new Result(setup, stream.predictions(), stream.outcomes(), stream.failedSends(), delivered, killRestarts,
                termRestarts, neverProcessed, outage);
        }
    }

    /**
     * The monitor's settings in the fault experiments: 5 s windows that close quickly, labels joined within
     * a minute, a baseline from the first window, so that reports, revisions and alerts all happen while
     * the faults do.
     */
    static Map<String, String> monitorSettings(String bootstrap, String applicationId, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("application.id", applicationId);
        settings.put("input.format", "json");
        settings.put("window.size", "5s");
        settings.put("window.grace", "1s");
        settings.put("window.idle.timeout", "2s");
        settings.put("window.heartbeat.interval", "200ms");
        settings.put("drift.min.sample.size", "50");
        settings.put("baseline.capture", "first-window");
        settings.put("baseline.capture.min.events", "100");
        settings.put("labels.horizon", "1m");
        settings.put("labels.revision.interval", "2s");
        settings.put("kafka.state.dir", stateDir.toString());
        return settings;
    }

    /** The restart times as "p50 / max (n)". */
    static String describe(List<Duration> times) {
        if (times.isEmpty()) {
            return "–";
        }
        List<Double> seconds = times.stream().map(d -> d.toMillis() / 1000.0).toList();
        return String.format(java.util.Locale.ROOT, "%.1f s / %.1f s (%d)", Stats.percentile(seconds, 0.5),
            seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0), seconds.size());
    }
}
