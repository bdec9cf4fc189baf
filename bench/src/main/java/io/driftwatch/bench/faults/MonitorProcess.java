package io.driftwatch.bench.faults;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.bench.kafka.ChildJvm;
import io.driftwatch.config.DriftwatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code driftwatch run --config FILE} in a child JVM, as an operator runs it, so that it can be
 * killed with SIGKILL or stopped with SIGTERM. Each start is timed until the new process processes
 * again: until its {@code /metrics} counts an accepted event (the stream keeps flowing, so a process
 * that runs its tasks accepts events within milliseconds).
 */
final class MonitorProcess implements AutoCloseable {

    private static final Pattern ACCEPTED = Pattern.compile("^driftwatch_events_accepted_total\\{[^}]*} ([0-9.eE+]+)$",
        Pattern.MULTILINE);

    private final Path config;
    private final Path log;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildJvm process;
    private long startedNanos;

    private MonitorProcess(Path config, Path log, int httpPort) {
        this.config = config;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Writes {@code settings} (plus a fixed HTTP port) to a properties file under {@code dir}; nothing runs yet. */
    static MonitorProcess configure(Path dir, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Map<String, String> all = new TreeMap<>(settings);
        all.put("http.host", "127.0.0.1");
        all.put("http.port", Integer.toString(port));
        StringBuilder text = new StringBuilder();
        all.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = dir.resolve("driftwatch.properties");
        Files.writeString(file, text);
        return new MonitorProcess(file, dir.resolve("monitor.log"), port);
    }

    /**
     * Creates the topics {@code settings} name, with {@code partitions} partitions each, on the broker its
     * {@code bootstrap.servers} names, before the monitor starts (as an operator runs {@code driftwatch topics create}).
     */
    static void createTopics(Map<String, String> settings, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.get("bootstrap.servers")))) {
            new TopicProvisioner(admin).createAll(DriftwatchConfig.from(settings).topics(), partitions, Optional.of((short) 1));
        }
    }

    void start() throws IOException {
        startedNanos = System.nanoTime();
        process = ChildJvm.start(log, List.of("-Xmx512m", "-XX:+UseG1GC"), "io.driftwatch.cli.DriftwatchCli",
            "run", "--config", config.toString());
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGSTOP: the process stands still until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        process.pause();
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        process.resume();
    }

    /** SIGTERM; waits for the process to exit (it closes Kafka Streams, leaving its group). */
    boolean terminate() throws InterruptedException {
        return process.terminate(Duration.ofSeconds(60));
    }

    /**
     * Waits until this start of the process has accepted an event, and returns how long that took from
     * the start; empty if it did not within {@code timeout}.
     */
    java.util.Optional<Duration> awaitProcessing(Duration timeout) throws InterruptedException {
        long deadline = startedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The monitor exited; its log ends with:\n" + process.logTail());
            }
            if (acceptedEvents() > 0) {
                return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - startedNanos));
            }
            Thread.sleep(100);
        }
        return java.util.Optional.empty();
    }

    /** Waits until {@code /ready} answers 200 (Kafka Streams RUNNING); false after {@code timeout}. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The monitor exited; its log ends with:\n" + process.logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Events the running process has accepted so far (0 when it does not answer yet). */
    double acceptedEvents() throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            Matcher m = ACCEPTED.matcher(r.body());
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        } catch (IOException e) {
            return 0;
        }
    }

    String logTail() {
        return process == null ? "" : process.logTail();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
