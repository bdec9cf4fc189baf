package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.RecordingHttpServer.Response;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTaskTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingHttpServer receiver = new RecordingHttpServer();
    private final RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    private WebhookSinkTask task;
    private long offset;

    WebhookSinkTaskTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        receiver.close();
    }

    private void start(String format) {
        Map<String, String> props = new HashMap<>(Map.of(
                WebhookSinkConfig.URL, receiver.uri("/hooks/T000/secret-part").toString(),
                WebhookSinkConfig.FORMAT, format,
                HttpConfig.AUTH_HEADER_NAME, "X-Api-Key",
                HttpConfig.AUTH_HEADER_VALUE, "key-123",
                HttpConfig.RETRIES_MAX, "1",
                HttpConfig.RETRY_BACKOFF_INITIAL_MS, "0",
                HttpConfig.RETRY_BACKOFF_MAX_MS, "100"));
        task = new WebhookSinkTask();
        task.initialize(context);
        WebhookSinkConfig config = new WebhookSinkConfig(props);
        task.start(config, new HttpDelivery(config.http(), duration -> { }));
    }

    private SinkRecord record(Object value) {
        return new SinkRecord("alerts", 0, null, null, null, value, offset++);
    }

    /** The Idempotency-Key of the firing alert at {@code offset}: its place, and when it was emitted. */
    private static String key(long offset) {
        return "\"alerts-0-" + offset + "-" + SampleAlerts.WINDOW_END.plusSeconds(2).toEpochMilli() + "\"";
    }

    private SinkRecord firing(String fingerprint) {
        return record(SampleAlerts.json(SampleAlerts.firing(fingerprint, "rule-" + fingerprint)));
    }

    @Test
    void postsEachAlertAsJsonWithTheCredentialsHeader() throws Exception {
        start("json");

        task.put(List.of(firing("a"), firing("b")));

        List<RecordingHttpServer.Request> requests = receiver.requests("/hooks/T000/secret-part");
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> assertThat(r.header("X-Api-Key")).isEqualTo("key-123"));
        assertThat(requests).extracting(r -> r.header("Idempotency-Key")).containsExactly(key(0), key(1));
        JsonNode first = json.readTree(requests.get(0).body());
        assertThat(first.get("fingerprint").asText()).isEqualTo("a");
        assertThat(first.get("status").asText()).isEqualTo("FIRING");
        assertThat(json.readTree(requests.get(1).body()).get("fingerprint").asText()).isEqualTo("b");
    }

    @Test
    void aBatchThatReachedTheWebhookIsCommittedAtOnceAndAnEmptyOneIsNot() throws Exception {
        start("json");

        task.put(List.of());
        assertThat(context.commitsRequested).as("nothing posted").isZero();
        task.put(List.of(firing("a")));
        assertThat(context.commitsRequested).as("a restarted task must not post it again").isEqualTo(1);
    }

    @Test
    void postsSlackMessagesInSlackFormat() throws Exception {
        start("SLACK");

        task.put(List.of(firing("a")));

        JsonNode message = json.readTree(receiver.requests().get(0).body());
        assertThat(message.get("text").asText()).startsWith("[FIRING] CRITICAL:");
        assertThat(message.get("blocks").isArray()).isTrue();
    }

    @Test
    void aRedeliveredBatchSkipsWhatWasAlreadyDelivered() throws Exception {
        start("json");
        List<SinkRecord> batch = List.of(firing("a"), firing("b"), firing("c"));
        receiver.respondWith(request -> request.body().contains("\"fingerprint\":\"b\"") ? Response.status(503) : null);

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageNotContaining("secret-part");
        assertThat(context.timeoutMs).isEqualTo(100);

        receiver.respondWith(request -> null);
        task.put(batch);

        List<String> fingerprints = receiver.requests().stream()
                .map(r -> readFingerprint(r.body())).toList();
        // a once, b twice failing (1 retry) then delivered, c once.
        assertThat(fingerprints).containsExactly("a", "b", "b", "b", "c");
        assertThat(receiver.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly(
                key(0), key(1), key(1), key(1), key(2));
    }

    @Test
    void aTransitionSentAgainByARestartedTaskCarriesTheSameIdempotencyKey() throws Exception {
        // The task dies after its POST and before Connect commits the offset: its successor gets the record again.
        start("json");
        SinkRecord record = firing("a");
        task.put(List.of(record));
        task.stop();
        start("json");
        task.put(List.of(record, firing("b")));

        List<RecordingHttpServer.Request> requests = receiver.requests();
        assertThat(requests).extracting(r -> readFingerprint(r.body())).containsExactly("a", "a", "b");
        assertThat(requests.get(1).header("Idempotency-Key")).isEqualTo(requests.get(0).header("Idempotency-Key"));
        assertThat(requests.get(2).header("Idempotency-Key")).isNotEqualTo(requests.get(0).header("Idempotency-Key"));
    }

    @Test
    void aRedeliveredBatchReportsItsBadRecordsOnlyOnce() {
        start("json");
        receiver.enqueue(Response.status(400), Response.status(503), Response.status(503));
        List<SinkRecord> batch = List.of(record("{\"hello\":\"world\"}"), firing("refused"), firing("b"));

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        task.put(batch);

        assertThat(context.reports).hasSize(2);
        assertThat(receiver.requests()).hasSize(4);
    }

    @Test
    void aRefusedAlertIsErrantAndTheRestGoesOn() {
        start("json");
        receiver.respondWith(request -> request.body().contains("\"fingerprint\":\"a\"") ? Response.status(422) : null);
        SinkRecord refused = firing("a");

        task.put(List.of(refused, firing("b")));

        assertThat(context.reports).extracting(RecordingSinkTaskContext.Report::record).containsExactly(refused);
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void aWrongUrlFailsTheTaskWithoutShowingTheUrl() {
        start("json");
        receiver.respondWith(request -> Response.status(404));

        assertThatThrownBy(() -> task.put(List.of(firing("a"))))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining(WebhookSinkConfig.URL)
                .hasMessageNotContaining("secret-part");
    }

    @Test
    void tombstonesAreSkipped() {
        start("json");

        task.put(List.of(record(null)));

        assertThat(receiver.requests()).isEmpty();
    }

    private String readFingerprint(String body) {
        try {
            return json.readTree(body).get("fingerprint").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
