package io.driftwatch.bench.faults;

import io.driftwatch.bench.kafka.BrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances of the monitor with one application id (and a standby replica of each task) during a
 * steady stream, while one or the other is killed and restarted at once, killed and kept down past the
 * session timeout (the survivor takes its tasks, from its standbys, and hands them back when it returns),
 * stopped with SIGTERM (it leaves the group, the survivor takes over at once), killed with the survivor
 * killed too during the takeover, or frozen with SIGSTOP (see {@link Fault}). Unlike
 * {@link KillRestartExperiment}, tasks move between live processes here: a window's partial profiles,
 * its merge, its labels and its alerts may each be handled by another instance than the one before.
 * The same figures are checked afterwards.
 */
final class FailoverExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverExperiment.class);

    enum Fault {
        /** SIGKILL, restarted within 5 s: static membership gives it its tasks back. */
        KILLED_AND_RESTARTED("SIGKILL, back within 5 s"),
        /** SIGKILL, down past the session timeout: the survivor takes its tasks, then hands them back. */
        KILLED_AND_LOST("SIGKILL, down past the session timeout"),
        /** SIGTERM: it leaves the group, the survivor takes its tasks at once; back after 10–20 s. */
        STOPPED("SIGTERM, back after 10–20 s"),
        /**
         * SIGKILL, and the survivor killed too just after the session timeout, while it takes the first one's
         * tasks over; both back within 3 s. Fencing of the tasks that were moving is what this tries.
         */
        BOTH_KILLED_DURING_TAKEOVER("SIGKILL, then the other one too while it takes over; both back within 3 s"),
        /**
         * SIGSTOP for 15–25 s, then SIGCONT: a long pause, past the transaction timeout (its open transactions
         * are aborted and its producers fenced) but within the session timeout (it keeps its tasks).
         */
        PAUSED("SIGSTOP for 15–25 s (past the transaction timeout), then SIGCONT"),
        /**
         * SIGSTOP past the session timeout, then SIGCONT: a zombie, whose tasks the survivor has taken over
         * when it wakes up and tries to go on with them.
         */
        PAUSED_PAST_SESSION_TIMEOUT("SIGSTOP past the session timeout (its tasks move), then SIGCONT");

        final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /**
     * @param rounds          how many times each fault hits each instance (the order is random)
     * @param between         mean time between faults
     * @param lostFor         how long a lost or paused instance stays down (more than the 45 s session timeout)
     */
    record Setup(int rounds, Duration between, Duration lostFor, double eventsPerSecond) {}

    /**
     * One fault: which instance (the first killed, when both are), what, and how long until the restarted
     * instance (the slower one, when both were) was running again.
     */
    record Step(int instance, Fault fault, Optional<Duration> runningAgain) {}

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

    record Result(Setup setup, long predictions, long outcomes, long failedSends, DeliveredOutputs.Tally delivered,
                  List<Step> steps) {}

    private final Path work;

    FailoverExperiment(Path work) {
        this.work = work;
    }

    Result run(Setup setup) throws Exception {
        Path dir = work.resolve("failover");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            List<MonitorProcess> monitors = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Map<String, String> settings = KillRestartExperiment.monitorSettings(broker.bootstrapServers(),
                    "fault-failover", dir.resolve("state-" + i));
                settings.put("kafka.num.standby.replicas", "1");
                settings.putAll(extraSettings());
                if (i == 0) {
                    MonitorProcess.createTopics(settings, 4);
                }
                monitors.add(MonitorProcess.configure(dir.resolve("monitor-" + i), settings));
            }
            try {
                return run(setup, broker, monitors);
            } finally {
                for (MonitorProcess m : monitors) {
                    m.close();
                }
            }
        }
    }

    /**
     * The settings {@code -Dbench.faults.failover.settings=key=value,...} adds to both instances', e.g.
     * {@code kafka.group.protocol=streams} to try the failover with Kafka's streams rebalance protocol.
     */
    static Map<String, String> extraSettings() {
        Map<String, String> extra = new TreeMap<>();
        String given = System.getProperty("bench.faults.failover.settings", "");
        for (String pair : given.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bench.faults.failover.settings: '" + pair + "' is not key=value");
                }
                extra.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return extra;
    }

    private static Result run(Setup setup, BrokerProcess broker, List<MonitorProcess> monitors) throws Exception {
        List<Step> steps = new ArrayList<>();
        SteadyStream stream = new SteadyStream(broker.bootstrapServers(), setup.eventsPerSecond(), Duration.ofSeconds(5));
        try {
            for (MonitorProcess m : monitors) {
                m.start();
            }
            for (MonitorProcess m : monitors) {
                if (!m.awaitReady(Duration.ofMinutes(3))) {
                    throw new IllegalStateException("An instance did not start:\n" + m.logTail());
                }
            }
            Random rnd = new Random(7);
            List<Step> planned = new ArrayList<>();
            for (int r = 0; r < setup.rounds(); r++) {
                for (Fault fault : Fault.values()) {
                    for (int i = 0; i < monitors.size(); i++) {
                        planned.add(new Step(i, fault, Optional.empty()));
                    }
                }
            }
            Collections.shuffle(planned, rnd);
            for (Step plan : planned) {
                Thread.sleep((long) (setup.between().toMillis() * (0.5 + rnd.nextDouble())));
                int target = plan.instance();
                Fault fault = plan.fault();
                MonitorProcess m = monitors.get(target);
                MonitorProcess other = monitors.get(1 - target);
                LOG.info("[faults] instance {}: {}", target, fault.description);
                switch (fault) {
                    case KILLED_AND_RESTARTED -> {
                        m.kill();
                        Thread.sleep(rnd.nextInt(5000));
                    }
                    case KILLED_AND_LOST -> {
                        m.kill();
                        Thread.sleep(setup.lostFor().toMillis());
                    }
                    case STOPPED -> {
                        m.terminate();
                        Thread.sleep(10_000 + rnd.nextInt(10_000));
                    }
                    case BOTH_KILLED_DURING_TAKEOVER -> {
                        m.kill();
                        Thread.sleep(SESSION_TIMEOUT.toMillis() + 1000 + rnd.nextInt(4000));
                        other.kill();
                        Thread.sleep(rnd.nextInt(3000));
                        other.start();
                    }
                    case PAUSED -> {
                        m.pause();
                        Thread.sleep(15_000 + rnd.nextInt(10_000));
                    }
                    case PAUSED_PAST_SESSION_TIMEOUT -> {
                        m.pause();
                        Thread.sleep(setup.lostFor().toMillis());
                    }
                }
                long started = System.nanoTime();
                if (fault == Fault.PAUSED || fault == Fault.PAUSED_PAST_SESSION_TIMEOUT) {
                    m.resume();
                } else {
                    m.start();
                }
                boolean ready = m.awaitReady(Duration.ofMinutes(3))
                    && (fault != Fault.BOTH_KILLED_DURING_TAKEOVER || other.awaitReady(Duration.ofMinutes(3)));
                Optional<Duration> running = ready ? Optional.of(Duration.ofNanos(System.nanoTime() - started)) : Optional.empty();
                LOG.info("[faults] instance {} running again: {}", target, running.map(d -> d.toMillis() + " ms").orElse("no"));
                steps.add(new Step(target, fault, running));
            }
            Thread.sleep(10_000);
        } finally {
            stream.close();
        }
        DeliveredOutputs.Tally delivered = DeliveredOutputs.read(broker.bootstrapServers(), stream.sentPerWindow());
        return new Result(setup, stream.predictions(), stream.outcomes(), stream.failedSends(), delivered, steps);
    }
}
