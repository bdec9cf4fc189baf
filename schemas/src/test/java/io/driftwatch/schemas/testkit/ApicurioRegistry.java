package io.driftwatch.schemas.testkit;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (3.x, Apache-2.0) as a child process on 127.0.0.1: the server that
 * Maven Central ships ready-built ({@code io.apicurio:apicurio-registry-app}, classifier
 * {@code all}, a Quarkus application), unpacked by the build into the folder the system property
 * {@value #HOME_PROPERTY} names, run with a Java 21+ runtime ({@link Java21Runtime}). Storage is
 * its default in-memory H2 database, so every start is an empty registry. The tests talk to its
 * Confluent-compatible API, {@link #ccompatUrl()}.
 *
 * <p>It takes 5–10 s to start, so a test class starts one in {@code @BeforeAll} and closes it in
 * {@code @AfterAll}. Both ports are free ports picked at start. Without the unpacked server or a
 * Java 21+ runtime the calling tests are skipped, unless {@code DRIFTWATCH_REQUIRE_TOOLS=1} (CI),
 * which makes that a failure.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** System property naming the folder that holds {@code quarkus-run.jar}; the poms set it. */
    public static final String HOME_PROPERTY = "driftwatch.apicurio.home";
    static final String REQUIRE_TOOLS_ENV = "DRIFTWATCH_REQUIRE_TOOLS";
    /** Readiness takes 5–10 s on an idle machine; CI's two cores are shared with the rest of the build. */
    private static final Duration READY_DEADLINE = Duration.ofSeconds(180);
    private static final int START_ATTEMPTS = 3;
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** A sample of the request counter; label values are quoted and hold braces ({@code path="/schemas/ids/{id}"}). */
    private static final Pattern METRIC_LINE = Pattern.compile("^rest_requests_seconds_count\\{((?:[^\"}]|\"[^\"]*\")*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final Thread killOnExit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApicurioRegistry(Process process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        // A test JVM that ends without @AfterAll (a crash, a timeout) must not leave a registry running.
        this.killOnExit = new Thread(this::killTree, "apicurio-registry-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a registry with its working files and log in {@code workDir} and waits until it is
     * ready ({@code /health/ready} on its management port answers 200).
     */
    public static ApicurioRegistry start(Path workDir) throws IOException, InterruptedException {
        Path runJar = serverHome(System.getProperty(HOME_PROPERTY)).resolve("quarkus-run.jar");
        Optional<Path> java = Java21Runtime.find();
        if (java.isEmpty()) {
            unavailable("Apicurio Registry needs Java " + Java21Runtime.MINIMUM + "+, but " + Java21Runtime.howToProvide());
        }
        Files.createDirectories(workDir);
        String failures = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int httpPort = freePort();
            int managementPort = freePort();
            Path log = workDir.resolve("apicurio-" + attempt + ".log");
            // C1 only, as the ITs' JVMs: a registry serving a test's few schemas never needs C2, whose compilations
            // made its start slower (ready in 13-16 s against 12 s here, 3-5 s more CPU).
            Process process = new ProcessBuilder(java.get().toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", runJar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: a chatty server cannot block on a full pipe nobody reads.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            long started = System.nanoTime();
            ApicurioRegistry registry = new ApicurioRegistry(process, log, httpPort, managementPort);
            if (registry.awaitReady()) {
                LOG.info("Apicurio Registry ready at {} in {} ms (log: {})", registry.ccompatUrl(),
                    (System.nanoTime() - started) / 1_000_000, log);
                return registry;
            }
            String tail = registry.logTail();
            registry.close();
            failures += "\n--- attempt " + attempt + " (ports " + httpPort + ", " + managementPort + "), " + log + ":\n" + tail;
            // Another process may have taken a port between our probe and the server's bind: try new ones.
            if (!tail.contains("already in use") && !tail.contains("Address already")) {
                break;
            }
        }
        throw new AssertionError("Apicurio Registry (" + runJar + ", " + java.get() + ") did not become ready within "
            + READY_DEADLINE.toSeconds() + " s:" + failures);
    }

    /** The base URL of the Confluent Schema Registry API, what {@code schema.registry.url} takes. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + httpPort + CCOMPAT_PATH;
    }

    /** Sets a subject's compatibility level ({@code PUT /config/{subject}}), e.g. {@code BACKWARD}. */
    public void setCompatibility(String subject, String level) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("compatibility", level).toString();
        JsonNode answer = call(HttpRequest.newBuilder(ccompat("/config/" + encode(subject)))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (!level.equals(answer.path("compatibility").asText(answer.path("compatibilityLevel").asText()))) {
            throw new AssertionError("PUT /config/" + subject + " answered " + answer);
        }
    }

    /** The status and JSON body of one answer of the registry. */
    public record Answer(int status, JsonNode body) {}

    /**
     * Posts {@code schema} to {@code POST /subjects/{subject}/versions} directly, not through the
     * client under test, and returns the registry's answer as it is, refusals included.
     */
    public Answer register(String subject, Schema schema) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ccompat("/subjects/" + encode(subject) + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** The version numbers registered under {@code subject} ({@code GET /subjects/{subject}/versions}). */
    public List<Integer> versions(String subject) throws IOException, InterruptedException {
        List<Integer> versions = new ArrayList<>();
        call(HttpRequest.newBuilder(ccompat("/subjects/" + encode(subject) + "/versions")).GET().build())
            .forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    /**
     * How many requests the server has answered for {@code method} and the API path template
     * {@code pathTemplate} (relative to {@link #ccompatUrl()}, e.g. {@code /schemas/ids/{id}}),
     * whatever their status: the server's own count, from its Prometheus metrics. It is recorded
     * before the answer is sent, so a client that has its answer can read its request here.
     */
    public long requestCount(String method, String pathTemplate) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + managementPort + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return requestCount(response.body(), method, CCOMPAT_PATH + pathTemplate);
    }

    /** The request count of {@code method} and {@code path} in Prometheus text, summed over status groups. */
    static long requestCount(String metrics, String method, String path) {
        double count = 0;
        for (String line : metrics.split("\n")) {
            Matcher m = METRIC_LINE.matcher(line.trim());
            if (m.matches() && method.equals(label(m.group(1), "method")) && path.equals(label(m.group(1), "path"))) {
                count += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(count);
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server and whatever it started: SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        killTree();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting and runs the hook itself.
        }
    }

    private void killTree() {
        // Collected first: once the parent is gone its children are re-parented and out of reach.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** True once ready; false when the process died or the deadline passed first. */
    private boolean awaitReady() throws InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYetListening) {
                // The management port opens a few seconds into start-up.
            }
            Thread.sleep(100);
        }
        return false;
    }

    private JsonNode call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                + response.body());
        }
        return JSON.readTree(response.body());
    }

    private URI ccompat(String path) {
        return URI.create(ccompatUrl() + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String label(String labels, String name) {
        Matcher m = LABEL.matcher(labels);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    /** The folder holding {@code quarkus-run.jar}, from {@value #HOME_PROPERTY}; skips (or fails) without one. */
    static Path serverHome(String home) {
        if (home == null || home.isBlank()) {
            unavailable("the system property " + HOME_PROPERTY + " is not set; run the test through Maven"
                + " (./mvnw verify), which unpacks Apicurio Registry into target/ and sets it");
        }
        Path path = Path.of(home);
        if (!Files.isRegularFile(path.resolve("quarkus-run.jar"))) {
            unavailable(path.resolve("quarkus-run.jar") + " is missing: Maven unpacks io.apicurio:apicurio-registry-app"
                + " (classifier all, tar.gz) there in the pre-integration-test phase; run ./mvnw verify");
        }
        return path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Skips the calling tests, or fails them when DRIFTWATCH_REQUIRE_TOOLS=1. */
    private static void unavailable(String message) {
        if ("1".equals(System.getenv(REQUIRE_TOOLS_ENV))) {
            Assertions.fail(message + ". " + REQUIRE_TOOLS_ENV + "=1, so this is a failure, not a skip.");
        }
        Assumptions.abort(message);
    }
}
