package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.connect.DeliveryException.Kind;
import io.driftwatch.connect.RecordingHttpServer.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpDeliveryTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private final RecordingHttpServer server = new RecordingHttpServer();
    private final List<Duration> waits = new ArrayList<>();
    private final HttpEndpoint endpoint = HttpEndpoint.shown(server.uri("/hook"));

    HttpDeliveryTest() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpDelivery delivery(int retries, String authValue) {
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(500),
                new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofMillis(350)), "Authorization", authValue);
        return new HttpDelivery(settings, waits::add);
    }

    @Test
    void postsJsonWithTheCredentialsHeader() throws Exception {
        delivery(0, "Bearer s3cret").post(endpoint, BODY, true, null);

        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(request.header("User-Agent")).startsWith("driftwatch-connectors/");
    }

    @Test
    void sendsNoCredentialsHeaderWhenNoneIsConfigured() throws Exception {
        delivery(0, null).post(endpoint, BODY, true, null);

        assertThat(server.requests().get(0).headers()).doesNotContainKey("authorization");
    }

    @Test
    void sendsTheIdempotencyKeyWithEveryAttemptAndNoneWhenThereIsNone() throws Exception {
        server.enqueue(Response.status(503));
        delivery(1, null).post(endpoint, BODY, true, new IdempotencyKey("alerts", 3, 42, java.time.Instant.ofEpochMilli(1_764_961_234_567L)));
        delivery(0, null).post(endpoint, BODY, true, null);

        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("\"alerts-3-42-1764961234567\"", "\"alerts-3-42-1764961234567\"", null);
    }

    @Test
    void retriesServerErrorsWithExponentialBackoffBoundedByTheMaximum() throws Exception {
        server.enqueue(Response.status(503), Response.status(502), Response.status(500), Response.status(429));

        delivery(5, null).post(endpoint, BODY, true, null);

        assertThat(server.requests()).hasSize(5);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
                Duration.ofMillis(350));
    }

    @Test
    void givesUpAsRetriableWhenRetriesAreSpent() {
        server.respondWith(request -> Response.status(503));

        assertThatThrownBy(() -> delivery(2, "Bearer s3cret").post(endpoint, BODY, true, null))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RETRIABLE);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("HTTP 503").doesNotContain("s3cret");
                });
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void doesNotRetryWhenToldNotTo() {
        server.respondWith(request -> Response.status(503));

        assertThatThrownBy(() -> delivery(5, null).post(endpoint, BODY, false, null)).isInstanceOf(DeliveryException.class);
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void badRequestIsRejectedAtOnceWithTheReceiversReason() {
        server.enqueue(new Response(400, "{\"error\":\"invalid label set\"}", Map.of(), Duration.ZERO));

        assertThatThrownBy(() -> delivery(5, null).post(endpoint, BODY, true, null))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
                    assertThat(e.getMessage()).contains("HTTP 400").contains("invalid label set");
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void authenticationAndRoutingErrorsAreMisconfiguration() {
        for (int status : new int[] {401, 403, 404, 301}) {
            server.enqueue(Response.status(status));
            assertThatThrownBy(() -> delivery(5, null).post(endpoint, BODY, true, null))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).as("HTTP %d", status).isEqualTo(Kind.MISCONFIGURED));
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void connectionRefusedIsRetriable() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }

        assertThatThrownBy(() -> delivery(1, null).post(HttpEndpoint.shown(closedPort), BODY, true, null))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RETRIABLE);
                    assertThat(e.status()).isEqualTo(-1);
                });
        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void aSlowReceiverTimesOutAndIsRetried() throws Exception {
        server.enqueue(new Response(200, "", Map.of(), Duration.ofMillis(1500)));

        delivery(1, null).post(endpoint, BODY, true, null);

        assertThat(server.requests()).hasSize(2);
        assertThat(waits).hasSize(1);
    }

    @Test
    void retryAfterLengthensTheWaitWithinTheMaximum() throws Exception {
        server.enqueue(new Response(429, "", Map.of("Retry-After", "30"), Duration.ZERO));

        delivery(1, null).post(endpoint, BODY, true, null);

        assertThat(waits).containsExactly(Duration.ofMillis(350));
    }

    @Test
    void secretEndpointsShowOnlySchemeAndHost() {
        server.respondWith(request -> Response.status(404));
        HttpEndpoint secret = HttpEndpoint.secret(server.uri("/services/T000/B000/XXXX"));

        assertThatThrownBy(() -> delivery(0, null).post(secret, BODY, true, null))
                .hasMessageContaining("http://127.0.0.1:")
                .hasMessageNotContaining("XXXX");
    }

    @Test
    void retryPolicyWorstCaseAddsAttemptsAndBackoffs() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(250));

        // 4 attempts of 1 s, then waits of 100, 200 and 250 ms.
        assertThat(policy.worstCase(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(4550));
    }
}
