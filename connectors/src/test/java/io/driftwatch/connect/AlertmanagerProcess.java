package io.driftwatch.connect;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) as a child process on
 * 127.0.0.1: single node ({@code --cluster.listen-address=}), its own storage folder and a minimal
 * config. It can be killed and started again on the same port and storage.
 */
final class AlertmanagerProcess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            route:
              receiver: 'null'
              group_wait: 1s
            receivers:
              - name: 'null'
            """;

    private final Path binary;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;

    private AlertmanagerProcess(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    static final String MISSING = "Prometheus Alertmanager is not installed (Debian: apt-get install"
            + " prometheus-alertmanager; .ci/install-tools.sh does it), or DRIFTWATCH_ALERTMANAGER_BIN names no"
            + " executable";

    /**
     * The binary: {@code DRIFTWATCH_ALERTMANAGER_BIN} when set, else Debian's or a usual place.
     * Empty when there is none, except with {@code DRIFTWATCH_REQUIRE_TOOLS=1} (CI): then this fails.
     */
    static Optional<Path> binary() {
        String chosen = System.getenv("DRIFTWATCH_ALERTMANAGER_BIN");
        Stream<String> candidates = chosen != null && !chosen.isBlank() ? Stream.of(chosen)
                : Stream.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager", "/usr/bin/alertmanager");
        Optional<Path> found = candidates.map(Path::of).filter(Files::isExecutable).findFirst();
        if (found.isEmpty() && "1".equals(System.getenv("DRIFTWATCH_REQUIRE_TOOLS"))) {
            fail(MISSING + ". DRIFTWATCH_REQUIRE_TOOLS=1, so this is a failure, not a skip.");
        }
        return found;
    }

    static AlertmanagerProcess start(Path binary, Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
        AlertmanagerProcess alertmanager = new AlertmanagerProcess(binary, dir, port);
        alertmanager.start();
        return alertmanager;
    }

    /** Starts (again) on the same port and storage path, and waits until it is ready. */
    void start() throws Exception {
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("Alertmanager did not become ready on port " + port + "; its log:\n"
                        + Files.readString(dir.resolve("alertmanager.log")));
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(baseUri().resolve("/-/ready")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The active alerts ({@code GET /api/v2/alerts} leaves out resolved ones) whose alertname is {@code name}. */
    List<JsonNode> activeAlerts(String name) throws IOException, InterruptedException {
        String filter = URLEncoder.encode("alertname=\"" + name + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                baseUri().resolve("/api/v2/alerts?active=true&filter=" + filter)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(response.body()).forEach(alerts::add);
        return alerts;
    }

    /** Stops it; called from the tests' @AfterAll. */
    void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
