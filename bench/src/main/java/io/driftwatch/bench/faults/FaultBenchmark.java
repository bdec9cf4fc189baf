package io.driftwatch.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The fault suite: kills and restarts of the monitor and the broker during a steady stream, traffic
 * that starts long after the monitor, and malformed input of every kind. It writes its own section of
 * bench/RESULTS.md (replacing the previous one, leaving the other sections as they are), so it can be
 * run alone: {@code bench/run.sh --only faults}.
 */
public final class FaultBenchmark {

    static final String HEADING = "## Faults";

    /** What one run found. */
    public record Result(KillRestartExperiment.Result kills, List<IdleStartExperiment.Row> idleStarts,
                         MalformedExperiment.Result malformed, Duration took, LoadDuringRun load) {}

    /**
     * The 1-minute load average sampled every 10 s while the suite ran: restart times grow with it,
     * so a reader must know whether the machine was busy.
     */
    public record LoadDuringRun(double mean, double max) {
        static LoadDuringRun of(List<Double> samples) {
            return new LoadDuringRun(samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }
    }

    private final Path work;

    public FaultBenchmark(Path work) {
        this.work = work;
    }

    public Result run(boolean quick) throws Exception {
        long start = System.nanoTime();
        List<Double> loads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> loads.add(io.driftwatch.bench.report.Machine.loadOneMinute()), 0, 10,
            java.util.concurrent.TimeUnit.SECONDS);
        try {
            return runExperiments(quick, start, loads);
        } finally {
            sampler.shutdownNow();
        }
    }

    private Result runExperiments(boolean quick, long start, List<Double> loads) throws Exception {
        MalformedExperiment.Result malformed = new MalformedExperiment(work).run(10_000);
        List<IdleStartExperiment.Row> idle = new IdleStartExperiment(work).run(quick
            ? List.of(Duration.ZERO, Duration.ofSeconds(35), Duration.ofSeconds(60))
            : List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(35),
                Duration.ofSeconds(45), Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(120)));
        KillRestartExperiment.Result kills = new KillRestartExperiment(work).run(quick
            ? new KillRestartExperiment.Setup(4, 1, Duration.ofSeconds(30), Duration.ofSeconds(20), 150)
            : new KillRestartExperiment.Setup(10, 3, Duration.ofSeconds(60), Duration.ofSeconds(25), 150));
        return new Result(kills, idle, malformed, Duration.ofNanos(System.nanoTime() - start), LoadDuringRun.of(loads));
    }

    /** The section as Markdown. */
    public static String render(Result r, String command, String load) {
        StringBuilder s = new StringBuilder();
        s.append(HEADING).append("\n\n");
        s.append("Command: `").append(command).append("`, finished ").append(Instant.now()).append(", took ")
            .append(r.took().toMinutes()).append(" min; load average at the start: ").append(load)
            .append(String.format(Locale.ROOT, "; during the run (1-minute, every 10 s): mean %.1f, max %.1f on %d cores.",
                r.load().mean(), r.load().max(), Runtime.getRuntime().availableProcessors()))
            .append(" Restart times grow with the load; correctness figures must not.\n\n");
        KillRestartExperiment.Result k = r.kills();
        s.append("### Kills and restarts during a steady stream\n\n");
        s.append(String.format(Locale.ROOT, "Four models, %.0f predictions/s (JSON, event time = now) and outcomes for 70%% of them"
            + " 2–4 s later, 4 partitions, 5 s windows, 1 s grace, 2 s idle timeout, exactly-once. The monitor (`driftwatch run`"
            + " in its own JVM) was killed with SIGKILL %d times at random moments (down 0–5 s each) and stopped with SIGTERM"
            + " %d times; the broker was killed once and came back after %d s. Restart time: from the new process's start"
            + " until its `/metrics` counts an accepted event.%n%n", k.setup().eventsPerSecond(), k.setup().kills(),
            k.setup().terminations(), k.brokerOutage().toSeconds()));
        s.append("| measure | value | goal |\n| --- | --- | --- |\n");
        row(s, "predictions / outcomes acknowledged", k.predictions() + " / " + k.outcomes(), "");
        row(s, "sends that failed", Long.toString(k.failedSends()), "0");
        row(s, "windows with events", Integer.toString(k.windows()), "");
        row(s, "windows reported with exactly the events sent", k.exactWindows() + " of " + k.windows(), "all");
        row(s, "windows never reported", Integer.toString(k.missingWindows()), "0");
        row(s, "reports repeated (same window and revision)", Integer.toString(k.duplicateReports()), "0");
        row(s, "events counted late", Long.toString(k.lateEvents()), "0");
        row(s, "audit chain", (k.auditVerified() ? "verified" : "BROKEN") + ", " + k.auditRecords() + " records", "verified");
        row(s, "alert transitions", Integer.toString(k.alertTransitions()), "");
        row(s, "transitions repeating the previous status of their fingerprint", Integer.toString(k.repeatedTransitions()), "0");
        row(s, "transitions for a window older than their fingerprint's previous one", Integer.toString(k.backwardTransitions()), "0");
        row(s, "restart after SIGKILL until processing, p50 / max (restarts)", KillRestartExperiment.describe(k.killRestarts()), "≤ 20 s");
        row(s, "restart after SIGTERM until processing, p50 / max (restarts)", KillRestartExperiment.describe(k.termRestarts()), "≤ 10 s");
        row(s, "restarts that did not process within 3 min", Integer.toString(k.restartsThatNeverProcessed()), "0");
        s.append("\n### Traffic that starts long after the monitor\n\n");
        s.append("One monitor per delay, all started together (10 s windows, 3 s grace, the default 30 s idle timeout, no"
            + " labels); after its delay each gets 30 s of events at 100/s. Counted: events that their own window's report"
            + " counts.\n\n");
        s.append("| delay after ready | events sent | counted in their window | counted late | windows | windows short of events |\n");
        s.append("| --- | --- | --- | --- | --- | --- |\n");
        for (IdleStartExperiment.Row i : r.idleStarts()) {
            s.append("| ").append(i.delay().toSeconds()).append(" s | ").append(i.sent()).append(" | ").append(i.reportedInWindow())
                .append(" | ").append(i.late()).append(" | ").append(i.windows()).append(" | ").append(i.windowsLost()).append(" |\n");
        }
        MalformedExperiment.Result m = r.malformed();
        s.append("\n### Malformed input of every kind\n\n");
        s.append("Mixed input (`input.format=auto`) with a registry, one valid event after every tenth bad record. Goal: every"
            + " bad record dead-lettered with the reason docs/producers.md gives, every valid event accepted.\n\n");
        s.append("| kind | documented reason | sent | dead-lettered | with that reason |\n| --- | --- | --- | --- | --- |\n");
        int sent = 0;
        int dead = 0;
        int right = 0;
        for (MalformedExperiment.Row row : m.rows()) {
            s.append("| ").append(row.kind()).append(" | `").append(row.reason()).append("` | ").append(row.sent()).append(" | ")
                .append(row.deadLettered()).append(" | ").append(row.withReason()).append(" |\n");
            sent += row.sent();
            dead += row.deadLettered();
            right += row.withReason();
        }
        s.append("| **all** | | ").append(sent).append(" | ").append(dead).append(" | ").append(right).append(" |\n\n");
        s.append(String.format(Locale.ROOT, "Valid events sent among them: %d; accepted by the monitor: %.0f.%n", m.valid(),
            m.accepted()));
        return s.toString();
    }

    private static void row(StringBuilder s, String measure, String value, String goal) {
        s.append("| ").append(measure).append(" | ").append(value).append(" | ").append(goal).append(" |\n");
    }

    /** Replaces this section of the results file in place, or appends it, keeping every other section. */
    public static void mergeInto(Path results, String section) throws IOException {
        io.driftwatch.bench.report.ResultsSection.mergeInto(results, HEADING, section);
    }
}
