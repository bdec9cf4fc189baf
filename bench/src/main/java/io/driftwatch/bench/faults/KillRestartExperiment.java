package io.driftwatch.bench.faults;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.bench.report.Stats;
import io.driftwatch.cli.DriftwatchCli;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    record Result(Setup setup, long predictions, long outcomes, long failedSends, int windows, int exactWindows,
                  int missingWindows, int duplicateReports, long lateEvents, boolean auditVerified, int auditRecords,
                  int alertTransitions, int repeatedTransitions, int backwardTransitions,
                  List<Duration> killRestarts, List<Duration> termRestarts, int restartsThatNeverProcessed,
                  Duration brokerOutage) {}

    private final Path work;

    KillRestartExperiment(Path work) {
        this.work = work;
    }

    Result run(Setup setup) throws Exception {
        Path dir = work.resolve("kill-restart");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Map<String, String> settings = new HashMap<>();
            settings.put("bootstrap.servers", broker.bootstrapServers());
            settings.put("application.id", "fault-kill-restart");
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
            settings.put("kafka.state.dir", dir.resolve("state").toString());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(admin).createAll(DriftwatchConfig.from(settings).topics(), 4, Optional.of((short) 1));
            }
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
            Map<String, Long> sent = stream.sentPerWindow();
            long total = sent.values().stream().mapToLong(Long::longValue).sum();
            List<WindowReport> reports;
            try (TopicContents topic = new TopicContents(broker.bootstrapServers(), "window-reports")) {
                topic.readUntil(rs -> reported(rs) >= total, Duration.ofMinutes(5));
                reports = topic.readUntilQuiet(Duration.ofSeconds(10)).stream()
                    .map(r -> PlainJson.read(r.value(), WindowReport.class)).toList();
            }
            List<Alert> alerts;
            try (TopicContents topic = new TopicContents(broker.bootstrapServers(), "alerts")) {
                alerts = topic.readUntilQuiet(Duration.ofSeconds(5)).stream().map(r -> PlainJson.read(r.value(), Alert.class)).toList();
            }
            int auditRecords;
            try (TopicContents topic = new TopicContents(broker.bootstrapServers(), "audit")) {
                auditRecords = topic.readUntilQuiet(Duration.ofSeconds(5)).size();
            }
            boolean audit = DriftwatchCli.execute("audit", "verify", "--bootstrap-server", broker.bootstrapServers()) == 0;
            monitor.close();
            return summarize(setup, stream, sent, reports, alerts, audit, auditRecords, killRestarts, termRestarts,
                neverProcessed, outage);
        }
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

    private static Result summarize(Setup setup, SteadyStream stream, Map<String, Long> sent, List<WindowReport> reports,
                                    List<Alert> alerts, boolean audit, int auditRecords, List<Duration> killRestarts,
                                    List<Duration> termRestarts, int neverProcessed, Duration outage) {
        Map<String, Long> firstReports = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        long late = 0;
        for (WindowReport w : reports) {
            String window = w.getModelId() + "@" + w.getWindowStart().toEpochMilli();
            copies.merge(window + "#" + w.getRevision(), 1, Integer::sum);
            late += w.getLateEventCount();
            if (w.getRevision() == 0) {
                firstReports.put(window, w.getEventCount());
            }
        }
        int exact = 0;
        int missing = 0;
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            Long got = firstReports.get(e.getKey());
            if (got == null) {
                missing++;
            } else if (got.equals(e.getValue())) {
                exact++;
            }
        }
        int duplicates = (int) copies.values().stream().filter(n -> n > 1).count();
        int repeated = 0;
        int backward = 0;
        Map<String, Alert> last = new HashMap<>();
        for (Alert a : alerts) {
            Alert before = last.put(a.getFingerprint(), a);
            if (before == null) {
                if (a.getStatus() == AlertStatus.RESOLVED) {
                    repeated++;
                }
                continue;
            }
            if (before.getStatus() == a.getStatus()) {
                repeated++;
            }
            if (a.getWindowEnd().isBefore(before.getWindowEnd())) {
                backward++;
            }
        }
        return new Result(setup, stream.predictions(), stream.outcomes(), stream.failedSends(), sent.size(), exact, missing,
            duplicates, late, audit, auditRecords, alerts.size(), repeated, backward, killRestarts, termRestarts,
            neverProcessed, outage);
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
