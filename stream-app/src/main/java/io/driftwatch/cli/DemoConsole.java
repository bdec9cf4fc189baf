package io.driftwatch.cli;

import io.driftwatch.generator.ScheduledChange;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the demo prints: a short introduction, the schedule, a status line, and each alert as it fires and resolves. */
final class DemoConsole {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    DemoConsole(PrintStream out) {
        this.out = out;
    }

    void intro(String httpUrl, String bootstrapServers, Duration window, List<ScheduledChange> schedule) {
        out.println();
        out.println("Driftwatch demo: a Kafka broker, the monitor and five models' traffic, all in this process.");
        out.printf("Windows of %s; each model's first window becomes its baseline.%n", human(window));
        out.println("What will happen (minutes:seconds from now):");
        for (ScheduledChange c : schedule) {
            out.printf("  %5s  %-16s %s%n", ScheduledChange.format(c.at()), c.modelId(), c.description());
        }
        out.println("Watch it:");
        out.printf("  %s/api/models          latest window report of each model%n", httpUrl);
        out.printf("  %s/api/alerts          alerts firing now%n", httpUrl);
        out.printf("  %s/api/models/fraud-detector/comparisons   the canary's and the shadow's verdicts%n", httpUrl);
        out.printf("  %s/metrics             Prometheus metrics%n", httpUrl);
        out.printf("  kcat -b %s -t alerts -C -e        the alerts topic, with any Kafka client%n", bootstrapServers);
        out.println("Press Ctrl-C to stop.");
        out.println();
    }

    /**
     * The fraud detector's shadow so far: agreement (NaN before it is known), and among disagreeing requests
     * whose outcome came, how often the live version and the shadow were right.
     */
    record Shadow(double agreement, long labelledDisagreements, long liveRight, long shadowRight) {
        static final Shadow UNKNOWN = new Shadow(Double.NaN, 0, 0, 0);

        String describe() {
            if (Double.isNaN(agreement)) {
                return "";
            }
            String agrees = String.format(Locale.ROOT, "  fraud-detector shadow agrees %.1f%%", 100 * agreement);
            if (labelledDisagreements == 0) {
                return agrees;
            }
            return agrees + String.format(Locale.ROOT, "; of %d labelled disagreements the live version was right in %d,"
                + " the shadow in %d", labelledDisagreements, liveRight, shadowRight);
        }
    }

    /**
     * The status line. {@code evaluatedThrough} is the end of the latest window the monitor has reported, in the
     * schedule's time: a window's length and grace behind {@code elapsed} when the monitor keeps up, more when the
     * machine is too busy for it (alerts then come late, on the windows their lines name).
     */
    void status(Duration elapsed, double eventsPerSecond, int models, long windows, Optional<Duration> evaluatedThrough,
                long activeAlerts, Shadow shadow) {
        String through = evaluatedThrough.map(d -> " up to " + sinceStart(d)).orElse("");
        out.printf("%s  [%s]  %,.0f events/s  %d models  %d windows evaluated%s  %d alerts firing%s%n", now(),
            ScheduledChange.format(elapsed), eventsPerSecond, models, windows, through, activeAlerts, shadow.describe());
    }

    /**
     * One transition, with its window in the minutes:seconds of the schedule, so that a reader can tell a late
     * alert on an early window (a busy machine) from an alert on a late window (a change that took long to show).
     */
    void alert(Alert a, Instant trafficStart) {
        boolean firing = a.getStatus() == AlertStatus.FIRING;
        out.printf("%s  %s %-8s %s  [window %s to %s]%n", now(), firing ? "FIRING  " : "RESOLVED",
            a.getSeverity().name().toLowerCase(Locale.ROOT), a.getSummary(),
            sinceStart(a.getWindowStart(), trafficStart), sinceStart(a.getWindowEnd(), trafficStart));
    }

    void line(String text) {
        out.println(now() + "  " + text);
    }

    /** Whole seconds, as the schedule's; a window aligned to the clock may start before the traffic. */
    static String sinceStart(Instant at, Instant trafficStart) {
        return sinceStart(Duration.between(trafficStart, at));
    }

    private static String sinceStart(Duration fromStart) {
        long seconds = fromStart.toMillis() / 1000;
        return (seconds < 0 ? "-" : "") + ScheduledChange.format(Duration.ofSeconds(Math.abs(seconds)));
    }

    private static String now() {
        return LocalTime.now(ZoneId.systemDefault()).format(TIME);
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
