package io.driftwatch.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fault suite: kills and restarts of the monitor and the broker during a steady stream, traffic
 * that starts long after the monitor, and malformed input of every kind. It writes its own section of
 * bench/RESULTS.md (replacing the previous one, leaving the other sections as they are), so it can be
 * run alone: {@code bench/run.sh --only faults}.
 */
public final class FaultBenchmark {

    static final String HEADING = "## Faults";

    private static final List<String> EXPERIMENTS = List.of("malformed", "idle", "kills", "failover");

    /** What one run found. */
    public record Result(KillRestartExperiment.Result kills, FailoverExperiment.Result failover,
                         List<IdleStartExperiment.Row> idleStarts, MalformedExperiment.Result malformed, Duration took,
                         LoadDuringRun load) {}

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

    /**
     * Runs the experiments {@code -Dbench.faults} names (comma-separated: {@code malformed}, {@code idle},
     * {@code kills}, {@code failover}; all by default); the section then has only their tables.
     */
    private Result runExperiments(boolean quick, long start, List<Double> loads) throws Exception {
        Set<String> chosen = Set.of(System.getProperty("bench.faults", String.join(",", EXPERIMENTS)).split(","));
        if (!EXPERIMENTS.containsAll(chosen)) {
            throw new IllegalArgumentException("bench.faults names " + chosen + "; the experiments are " + EXPERIMENTS);
        }
        MalformedExperiment.Result malformed = chosen.contains("malformed") ? new MalformedExperiment(work).run(10_000) : null;
        List<IdleStartExperiment.Row> idle = !chosen.contains("idle") ? null : new IdleStartExperiment(work).run(quick
            ? List.of(Duration.ZERO, Duration.ofSeconds(35), Duration.ofSeconds(60))
            : List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(35),
                Duration.ofSeconds(45), Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(120)));
        KillRestartExperiment.Result kills = !chosen.contains("kills") ? null : new KillRestartExperiment(work).run(quick
            ? new KillRestartExperiment.Setup(4, 1, Duration.ofSeconds(30), Duration.ofSeconds(20), 150)
            : new KillRestartExperiment.Setup(10, 3, Duration.ofSeconds(60), Duration.ofSeconds(25), 150));
        FailoverExperiment.Result failover = !chosen.contains("failover") ? null : new FailoverExperiment(work).run(quick
            ? new FailoverExperiment.Setup(1, Duration.ofSeconds(10), Duration.ofSeconds(60), 150)
            : new FailoverExperiment.Setup(1, Duration.ofSeconds(25), Duration.ofSeconds(60), 150));
        return new Result(kills, failover, idle, malformed, Duration.ofNanos(System.nanoTime() - start), LoadDuringRun.of(loads));
    }

    /** The section as Markdown. */
    public static String render(Result r, String command, String load) {
        StringBuilder s = new StringBuilder();
        s.append(HEADING).append("\n\n");
        s.append("Command: `").append(command).append("`, finished ").append(Instant.now()).append(", took ")
            .append(r.took().toMinutes()).append(" min; load average at the start: ").append(load)
            .append(String.format(Locale.ROOT, "; during the run (1-minute, every 10 s): mean %.1f, max %.1f on %d cores.",
                r.load().mean(), r.load().max(), Runtime.getRuntime().availableProcessors()))
            .append(" Restart times grow with the load; correctness figures must not.\n");
        if (r.kills() != null) {
            renderKills(s, r.kills());
        }
        if (r.failover() != null) {
            renderFailover(s, r.failover());
        }
        if (r.idleStarts() != null) {
            renderIdleStarts(s, r.idleStarts());
        }
        if (r.malformed() != null) {
            renderMalformed(s, r.malformed());
        }
        return s.toString();
    }

    private static void renderKills(StringBuilder s, KillRestartExperiment.Result k) {
        s.append("\n### Kills and restarts during a steady stream\n\n");
        s.append(String.format(Locale.ROOT, "Four models (one with a canary version taking 20%% of its traffic), %.0f predictions/s"
            + " (JSON, event time = now) and outcomes for 70%% of them 2–4 s later, 4 partitions, 5 s windows, 1 s grace,"
            + " 2 s idle timeout, exactly-once. The monitor (`driftwatch run`"
            + " in its own JVM) was killed with SIGKILL %d times at random moments (down 0–5 s each) and stopped with SIGTERM"
            + " %d times; the broker was killed once and came back after %d s. Restart time: from the new process's start"
            + " until its `/metrics` counts an accepted event.%n%n", k.setup().eventsPerSecond(), k.setup().kills(),
            k.setup().terminations(), k.brokerOutage().toSeconds()));
        s.append("| measure | value | goal |\n| --- | --- | --- |\n");
        sent(s, k.predictions(), k.outcomes(), k.failedSends());
        delivered(s, k.delivered());
        row(s, "restart after SIGKILL until processing, p50 / max (restarts)", KillRestartExperiment.describe(k.killRestarts()), "≤ 20 s");
        row(s, "restart after SIGTERM until processing, p50 / max (restarts)", KillRestartExperiment.describe(k.termRestarts()), "≤ 10 s");
        row(s, "restarts that did not process within 3 min", Integer.toString(k.restartsThatNeverProcessed()), "0");
    }

    private static void renderIdleStarts(StringBuilder s, List<IdleStartExperiment.Row> idleStarts) {
        s.append("\n### Traffic that starts long after the monitor\n\n");
        s.append("One monitor per delay, all started together (10 s windows, 3 s grace, the default 30 s idle timeout, no"
            + " labels); after its delay each gets 30 s of events at 100/s. Counted: events that their own window's report"
            + " counts.\n\n");
        s.append("| delay after ready | events sent | counted in their window | counted late | windows | windows short of events |\n");
        s.append("| --- | --- | --- | --- | --- | --- |\n");
        for (IdleStartExperiment.Row i : idleStarts) {
            s.append("| ").append(i.delay().toSeconds()).append(" s | ").append(i.sent()).append(" | ").append(i.reportedInWindow())
                .append(" | ").append(i.late()).append(" | ").append(i.windows()).append(" | ").append(i.windowsLost()).append(" |\n");
        }
    }

    private static void renderMalformed(StringBuilder s, MalformedExperiment.Result m) {
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
    }

    private static void renderFailover(StringBuilder s, FailoverExperiment.Result f) {
        s.append("\n### Two instances: failover while the stream flows\n\n");
        s.append(String.format(Locale.ROOT, "The same stream (%.0f predictions/s, outcomes for 70%%, 4 partitions, 5 s windows) and"
            + " settings, with two instances of the monitor (one application id, each its own JVM and state directory,"
            + " `kafka.num.standby.replicas=1`, the default 45 s session timeout). %d faults in a random order, each kind"
            + " hitting each instance: killed with SIGKILL and restarted within 5 s (static membership gives its tasks back),"
            + " killed and kept down %d s (the survivor takes its tasks after the session timeout, from its standbys, and hands"
            + " them back when it returns), stopped with SIGTERM and restarted 10–20 s later (it leaves the group; the survivor"
            + " takes over at once), killed, and the survivor killed too 1–5 s after the session timeout, while it takes"
            + " the tasks over (both back within 3 s), or paused with SIGSTOP and woken with SIGCONT: after 15–25 s (a long"
            + " pause: its open transactions aborted by the 10 s transaction timeout, its tasks still its own) or after %3$d s"
            + " (a zombie: its tasks moved to the survivor while it slept, and it wakes up holding them)."
            + " Running again: from the restarted process's start (or the SIGCONT) until its `/ready` answers (Kafka Streams"
            + " RUNNING; both, when both were killed; a paused process may answer at once, before it learns it was fenced).%n%n",
            f.setup().eventsPerSecond(), f.steps().size(), f.setup().lostFor().toSeconds()));
        s.append("| measure | value | goal |\n| --- | --- | --- |\n");
        sent(s, f.predictions(), f.outcomes(), f.failedSends());
        delivered(s, f.delivered());
        for (FailoverExperiment.Fault fault : FailoverExperiment.Fault.values()) {
            List<Duration> times = f.steps().stream().filter(st -> st.fault() == fault)
                .flatMap(st -> st.runningAgain().stream()).toList();
            long never = f.steps().stream().filter(st -> st.fault() == fault && st.runningAgain().isEmpty()).count();
            row(s, fault.description + ": running again, p50 / max (faults); not within 3 min",
                KillRestartExperiment.describe(times) + "; " + never, "0 not within 3 min");
        }
    }

    private static void sent(StringBuilder s, long predictions, long outcomes, long failed) {
        row(s, "predictions / outcomes acknowledged", predictions + " / " + outcomes, "");
        row(s, "sends that failed", Long.toString(failed), "0");
    }

    private static void delivered(StringBuilder s, DeliveredOutputs.Tally d) {
        row(s, "windows with events", Integer.toString(d.windows()), "");
        row(s, "windows reported with exactly the events sent", d.exactWindows() + " of " + d.windows(), "all");
        row(s, "windows never reported", Integer.toString(d.missingWindows()), "0");
        row(s, "reports repeated (same window and revision)", Integer.toString(d.duplicateReports()), "0");
        row(s, "events counted late", Long.toString(d.lateEvents()), "0");
        row(s, "audit chain", (d.auditVerified() ? "verified" : "BROKEN") + ", " + d.auditRecords() + " records", "verified");
        row(s, "alert transitions", Integer.toString(d.alertTransitions()), "");
        row(s, "transitions repeating the previous status of their fingerprint", Integer.toString(d.repeatedTransitions()), "0");
        row(s, "transitions for a window older than their fingerprint's previous one", Integer.toString(d.backwardTransitions()), "0");
        row(s, "FIRING alerts per model (m0 never changes; m1's feature shifts and m2's accuracy drops every minute)",
            d.firingByModel().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")), "m0: 0");
        DeliveredOutputs.Comparison c = d.comparison();
        row(s, "canary windows (both versions served) whose comparison counts exactly the events sent",
            c.exactWindows() + " of " + c.windows(), "all");
        row(s, "canary decision (version 2 is 20 points less accurate)", c.decision(), "ROLL_BACK");
        row(s, "comparison reports after the decision with another one", Integer.toString(c.reversed()), "0");
        row(s, "FIRING alerts of the decision", Integer.toString(c.decisionAlerts()), "1");
    }

    private static void row(StringBuilder s, String measure, String value, String goal) {
        s.append("| ").append(measure).append(" | ").append(value).append(" | ").append(goal).append(" |\n");
    }

    /** Replaces this section of the results file in place, or appends it, keeping every other section. */
    public static void mergeInto(Path results, String section) throws IOException {
        io.driftwatch.bench.report.ResultsSection.mergeInto(results, HEADING, section);
    }
}
