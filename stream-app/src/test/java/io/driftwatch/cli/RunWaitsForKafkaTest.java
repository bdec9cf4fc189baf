package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftwatch run} against a Kafka that does not answer (127.0.0.1:1, where nothing listens):
 * it opens its HTTP endpoints at once, stays alive, keeps trying, and /ready says why it is not ready.
 */
class RunWaitsForKafkaTest {

    @TempDir
    Path dir;

    @Test
    void healthAnswersAtOnceAndReadySaysWhyWhileKafkaIsAwaited() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Thread[] runner = new Thread[1];
        CompletableFuture<CliRun> run = new CompletableFuture<>();
        runner[0] = new Thread(() -> run.complete(CliRun.of("run", "-b", "127.0.0.1:1", "--set", "http.host=127.0.0.1",
            "--set", "http.port=" + port, "--set", "kafka.state.dir=" + dir.resolve("state"))), "driftwatch-run");
        runner[0].start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            // The first attempt gives up after 15 s; the machine may be slow: wait on the answer itself.
            JsonNode ready = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(503);
                    ready = new ObjectMapper().readTree(r.body());
                    if (ready.path("not_ready_reason").asText().startsWith("cannot reach Kafka")) {
                        break;
                    }
                } catch (java.io.IOException notListeningYet) {
                    // The command is still starting.
                }
                assertThat(run).as("run keeps waiting instead of exiting").isNotDone();
                Thread.sleep(250);
            }
            assertThat(ready).as("/ready answered").isNotNull();
            assertThat(ready.path("status").asText()).isEqualTo("NOT_READY");
            assertThat(ready.path("not_ready_reason").asText())
                .isEqualTo("cannot reach Kafka at 127.0.0.1:1 (no broker answered within 15 s); retrying");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("alive while waiting: %s", health.body()).isEqualTo(200);
            assertThat(run).isNotDone();
        } finally {
            runner[0].interrupt();
            runner[0].join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(runner[0].isAlive()).as("run stops when interrupted").isFalse();
        assertThat(run.get().exitCode()).isEqualTo(1);
        assertThat(run.get().err()).contains("Interrupted while waiting for Kafka at 127.0.0.1:1").doesNotContain("\tat ");
    }
}
