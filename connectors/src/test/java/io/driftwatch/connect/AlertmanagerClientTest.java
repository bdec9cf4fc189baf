package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.AlertmanagerClient.Refusal;
import io.driftwatch.connect.DeliveryException.Kind;
import io.driftwatch.connect.RecordingHttpServer.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerClientTest {

    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingHttpServer first = new RecordingHttpServer();
    private final RecordingHttpServer second = new RecordingHttpServer();
    private final List<Duration> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpDelivery http = new HttpDelivery(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(40)), "Authorization", null), pauses::add);

    AlertmanagerClientTest() throws IOException {
    }

    @AfterEach
    void stopServers() {
        first.close();
        second.close();
    }

    private AlertmanagerClient client(int batchMaxSize, RecordingHttpServer... servers) {
        List<HttpEndpoint> endpoints = java.util.Arrays.stream(servers)
                .map(s -> HttpEndpoint.shown(AlertmanagerSinkConfig.alertsUri(s.uri("").toString()))).toList();
        return new AlertmanagerClient(endpoints, http, json, batchMaxSize);
    }

    private static List<PostableAlert> alerts(int count) {
        return IntStream.range(0, count).mapToObj(i -> new PostableAlert(
                Map.of("alertname", "rule-" + i, "severity", "warning"), Map.of("summary", "alert " + i),
                NOW.minusSeconds(60), NOW.plusSeconds(240), i == 0 ? "http://driftwatch/x" : null)).toList();
    }

    @Test
    void postsAlertsInBatchesAsAlertmanagersPostableAlerts() throws Exception {
        List<Refusal> refusals = client(2, first).send(alerts(3), Function.identity(), true);

        assertThat(refusals).isEmpty();
        List<RecordingHttpServer.Request> requests = first.requests();
        assertThat(requests).extracting(RecordingHttpServer.Request::path).containsOnly("/api/v2/alerts");
        JsonNode batch = json.readTree(requests.get(0).body());
        assertThat(batch.size()).isEqualTo(2);
        assertThat(json.readTree(requests.get(1).body()).size()).isEqualTo(1);
        JsonNode alert = batch.get(0);
        assertThat(alert.at("/labels/alertname").asText()).isEqualTo("rule-0");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("alert 0");
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-22T05:59:00Z");
        assertThat(alert.get("endsAt").asText()).isEqualTo("2026-11-22T06:04:00Z");
        assertThat(alert.get("generatorURL").asText()).isEqualTo("http://driftwatch/x");
        assertThat(batch.get(1).has("generatorURL")).isFalse();
    }

    @Test
    void everyMemberOfTheClusterGetsEveryBatch() throws Exception {
        client(10, first, second).send(alerts(2), Function.identity(), true);

        assertThat(first.requests()).hasSize(1);
        assertThat(second.requests()).hasSize(1);
        assertThat(second.requests().get(0).body()).isEqualTo(first.requests().get(0).body());
    }

    @Test
    void oneMemberSufficesAndADeadMemberIsTriedOncePerSend() throws Exception {
        first.respondWith(request -> Response.status(503));

        List<Refusal> refusals = client(1, first, second).send(alerts(3), Function.identity(), true);

        assertThat(refusals).isEmpty();
        assertThat(second.requests()).hasSize(3);
        // Not retried while the other member takes the alerts (as Prometheus does), then skipped for the other two.
        assertThat(first.requests()).hasSize(1);
        assertThat(pauses).as("no retry waited for").isEmpty();
    }

    @Test
    void membersThatAreDownAreRetriedTogetherSoTwoCostOneRetryCycle() throws Exception {
        first.respondWith(request -> Response.status(503));
        second.respondWith(request -> second.requests().size() <= 2 ? Response.status(502) : null);

        List<Refusal> refusals = client(10, first, second).send(alerts(2), Function.identity(), true);

        assertThat(refusals).isEmpty();
        // Round 0 and the first retry reach both; the second retry is taken by the member that came back.
        assertThat(first.requests()).hasSize(3);
        assertThat(second.requests()).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void aRetryWaitsForTheLongestRetryAfterWithinThePolicysMaximum() {
        first.respondWith(request -> new Response(429, "slow down", Map.of("Retry-After", "1"), Duration.ZERO));
        second.respondWith(request -> Response.status(503));

        assertThatThrownBy(() -> client(10, first, second).send(alerts(1), Function.identity(), true))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRIABLE));
        assertThat(pauses).containsExactly(Duration.ofMillis(40), Duration.ofMillis(40));
        assertThat(first.requests()).hasSize(3);
        assertThat(second.requests()).hasSize(3);
    }

    @Test
    void failsRetriableWhenNoMemberTookTheBatch() {
        first.respondWith(request -> Response.status(503));
        second.respondWith(request -> Response.status(502));

        assertThatThrownBy(() -> client(10, first, second).send(alerts(2), Function.identity(), true))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRIABLE));
    }

    @Test
    void misconfigurationWinsOverUnavailability() {
        first.respondWith(request -> Response.status(401));
        second.respondWith(request -> Response.status(503));

        assertThatThrownBy(() -> client(10, first, second).send(alerts(1), Function.identity(), true))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MISCONFIGURED));
    }

    @Test
    void aBatchOneMemberRefusedIsSplitEvenWhileTheOtherMemberIsDown() throws Exception {
        // Members validate alike: a refusal is final, waiting for the dead member would not change it.
        first.respondWith(request -> request.body().contains("rule-1")
                ? new Response(400, "invalid label set", Map.of(), Duration.ZERO) : null);
        second.respondWith(request -> Response.status(503));

        List<Refusal> refusals = client(10, first, second).send(alerts(3), Function.identity(), true);

        assertThat(refusals).extracting(Refusal::index).containsExactly(1);
        assertThat(refusals.get(0).reason().status()).isEqualTo(400);
        // The batch of three, then each alert alone; the dead member was tried once, for the batch.
        assertThat(first.requests()).hasSize(4);
        assertThat(second.requests()).hasSize(1);
    }

    @Test
    void aRefusedBatchIsSplitToFindTheRefusedAlerts() throws Exception {
        // Like Alertmanager: the whole POST fails when one alert in it is invalid.
        first.respondWith(request -> request.body().contains("rule-1") || request.body().contains("rule-3")
                ? new Response(400, "invalid label set", Map.of(), Duration.ZERO) : null);

        List<Refusal> refusals = client(10, first).send(alerts(5), Function.identity(), true);

        assertThat(refusals).extracting(Refusal::index).containsExactly(1, 3);
        assertThat(refusals.get(0).reason().getMessage()).contains("invalid label set");
        // The batch of five, then each alert alone.
        assertThat(first.requests()).hasSize(6);
    }
}
