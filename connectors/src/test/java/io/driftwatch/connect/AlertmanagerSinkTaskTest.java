package io.driftwatch.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connect.RecordingHttpServer.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTaskTest {

    private static final Instant START = Instant.parse("2026-11-22T06:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final TopicPartition PARTITION = new TopicPartition("alerts", 0);

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingHttpServer alertmanager = new RecordingHttpServer();
    private final MutableClock clock = new MutableClock(START);
    private RecordingSinkTaskContext context = new RecordingSinkTaskContext(true);
    private AlertmanagerSinkTask task;
    private HttpDelivery.Sleeper sleeper = duration -> { };
    private long offset;

    AlertmanagerSinkTaskTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        alertmanager.close();
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                AlertmanagerSinkConfig.URLS, alertmanager.uri("").toString(),
                AlertmanagerSinkConfig.REPOST_INTERVAL_MS, String.valueOf(INTERVAL.toMillis()),
                AlertmanagerSinkConfig.STATE_REBUILD, "false",
                HttpConfig.RETRIES_MAX, "1",
                HttpConfig.RETRY_BACKOFF_INITIAL_MS, "0",
                HttpConfig.RETRY_BACKOFF_MAX_MS, "250"));
        props.putAll(overrides);
        task = new AlertmanagerSinkTask(clock);
        task.initialize(context);
        AlertmanagerSinkConfig config = new AlertmanagerSinkConfig(props);
        task.start(config, new HttpDelivery(config.http(), sleeper));
    }

    private SinkRecord record(Object value, Instant writtenAt) {
        return record(PARTITION, value, writtenAt);
    }

    private SinkRecord record(TopicPartition partition, Object value, Instant writtenAt) {
        return new SinkRecord(partition.topic(), partition.partition(), null, null, null, value, offset++,
                writtenAt.toEpochMilli(), TimestampType.CREATE_TIME);
    }

    private SinkRecord firing(String fingerprint) {
        return record(SampleAlerts.firing(fingerprint, "rule-" + fingerprint), clock.instant());
    }

    private SinkRecord resolved(String fingerprint) {
        return record(SampleAlerts.resolved(fingerprint, "rule-" + fingerprint, clock.instant()), clock.instant());
    }

    /** Every alert posted so far, in order, as Alertmanager received them. */
    private List<JsonNode> posted() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (RecordingHttpServer.Request request : alertmanager.requests("/api/v2/alerts")) {
            json.readTree(request.body()).forEach(alerts::add);
        }
        return alerts;
    }

    private static List<String> names(List<JsonNode> alerts) {
        return alerts.stream().map(a -> a.at("/labels/alertname").asText()).toList();
    }

    @Test
    void postsEveryTransitionAndAResolvedOneEndsIt() throws Exception {
        start(Map.of());

        task.put(List.of(firing("a")));
        clock.advance(Duration.ofSeconds(5));
        task.put(List.of(resolved("a")));

        List<JsonNode> posted = posted();
        assertThat(names(posted)).containsExactly("rule-a", "rule-a");
        assertThat(posted.get(0).get("endsAt").asText()).isEqualTo(START.plus(INTERVAL.multipliedBy(4)).toString());
        assertThat(posted.get(1).get("endsAt").asText()).isEqualTo(START.plusSeconds(5).toString());
        assertThat(task.ledgerSize()).isZero();
    }

    @Test
    void repostsFiringAlertsWhenDueAndAsksToBeCalledThen() throws Exception {
        start(Map.of());
        task.put(List.of(firing("a"), firing("b"), resolved("b")));
        assertThat(context.timeoutMs).isEqualTo(INTERVAL.toMillis());

        clock.advance(INTERVAL.minusSeconds(1));
        task.put(List.of());
        assertThat(posted()).hasSize(3);
        assertThat(context.timeoutMs).isEqualTo(1000);

        clock.advance(Duration.ofSeconds(1));
        task.put(List.of());

        List<JsonNode> posted = posted();
        assertThat(names(posted)).containsExactly("rule-a", "rule-b", "rule-b", "rule-a");
        JsonNode reposted = posted.get(3);
        assertThat(reposted.get("startsAt").asText()).isEqualTo(SampleAlerts.WINDOW_END.toString());
        assertThat(reposted.get("endsAt").asText()).isEqualTo(clock.instant().plus(INTERVAL.multipliedBy(4)).toString());
        assertThat(context.timeoutMs).isEqualTo(INTERVAL.toMillis());
    }

    @Test
    void aDownAlertmanagerMakesConnectRedeliverAndNothingIsLost() throws Exception {
        start(Map.of());
        alertmanager.respondWith(request -> Response.status(503));
        List<SinkRecord> batch = List.of(firing("a"));

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(context.timeoutMs).isEqualTo(250);
        assertThat(alertmanager.requests()).hasSize(2);

        alertmanager.respondWith(request -> null);
        task.put(batch);

        assertThat(alertmanager.requests()).hasSize(3);
        assertThat(task.ledgerSize()).isEqualTo(1);
    }

    @Test
    void authenticationFailureFailsTheTaskWithTheSettingsToCheck() {
        start(Map.of());
        alertmanager.respondWith(request -> Response.status(401));

        assertThatThrownBy(() -> task.put(List.of(firing("a"))))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining(AlertmanagerSinkConfig.URLS)
                .hasMessageContaining(HttpConfig.AUTH_HEADER_VALUE);
    }

    @Test
    void aRepostThatFailsAuthenticationFailsTheTaskWhileAnUnavailableAlertmanagerDoesNot() {
        start(Map.of());
        task.put(List.of(firing("a")));

        alertmanager.respondWith(request -> Response.status(503));
        clock.advance(INTERVAL);
        task.put(List.of()); // the next re-post is the retry

        alertmanager.respondWith(request -> Response.status(401));
        clock.advance(INTERVAL);
        assertThatThrownBy(() -> task.put(List.of()))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining(AlertmanagerSinkConfig.URLS)
                .hasMessageContaining(HttpConfig.AUTH_HEADER_VALUE);
        assertThat(alertmanager.requests()).hasSize(3);
    }

    @Test
    void aRefusedAlertIsReportedAsErrantAndNotRepostedWhileTheOthersAreDelivered() throws Exception {
        start(Map.of());
        alertmanager.respondWith(request -> request.body().contains("rule-bad")
                ? new Response(400, "invalid label set", Map.of(), Duration.ZERO) : null);
        SinkRecord bad = firing("bad");

        task.put(List.of(firing("a"), bad));

        assertThat(context.reports).extracting(RecordingSinkTaskContext.Report::record).containsExactly(bad);
        assertThat(context.reports.get(0).error()).hasMessageContaining("invalid label set");
        clock.advance(INTERVAL);
        task.put(List.of());
        List<JsonNode> reposts = json.readTree(alertmanager.requests().get(alertmanager.requests().size() - 1).body())
                .findParents("labels");
        assertThat(names(reposts)).containsExactly("rule-a");
    }

    @Test
    void aRecordThatIsNoAlertGoesToTheErrantRecordReporter() throws Exception {
        start(Map.of());
        SinkRecord garbage = record(Map.of("hello", "world"), clock.instant());

        task.put(List.of(garbage, firing("a")));

        assertThat(context.reports).extracting(RecordingSinkTaskContext.Report::record).containsExactly(garbage);
        assertThat(context.reports.get(0).error()).hasMessageContaining("'fingerprint' is missing");
        assertThat(names(posted())).containsExactly("rule-a");
    }

    @Test
    void aRedeliveredBatchReportsItsBadRecordOnlyOnce() {
        start(Map.of());
        alertmanager.enqueue(Response.status(503), Response.status(503));
        List<SinkRecord> batch = List.of(record(Map.of("hello", "world"), clock.instant()), firing("a"));

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        task.put(batch);

        assertThat(context.reports).hasSize(1);
        assertThat(alertmanager.requests()).hasSize(3);
    }

    @Test
    void withoutDeadLetterQueueABadRecordFailsTheTaskUnlessToleranceIsAll() {
        context = new RecordingSinkTaskContext(false);
        start(Map.of());
        assertThatThrownBy(() -> task.put(List.of(record("garbage", clock.instant()))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("not a JSON object");

        context = new RecordingSinkTaskContext(false);
        start(Map.of("errors.tolerance", "all"));
        task.put(List.of(record("garbage", clock.instant())));
        assertThat(alertmanager.requests()).isEmpty();
    }

    @Test
    void rebuildsFiringAlertsFromTheBeginningOfItsPartitionsAndPostsOnlyTheFinalState() throws Exception {
        start(Map.of(AlertmanagerSinkConfig.STATE_REBUILD, "true"));
        Instant longAgo = START.minus(Duration.ofDays(2));

        task.open(List.of(PARTITION));
        assertThat(context.offsets).containsExactly(Map.entry(PARTITION, 0L));

        task.put(List.of(
                record(SampleAlerts.firing("a", "rule-a"), longAgo),
                record(SampleAlerts.resolved("a", "rule-a", longAgo), longAgo),
                record(SampleAlerts.firing("b", "rule-b"), longAgo)));
        task.put(List.of(
                record(SampleAlerts.firing("c", "rule-c"), START.minusSeconds(30)),
                record(SampleAlerts.resolved("c", "rule-c", START.minusSeconds(10)), START.minusSeconds(10)),
                record(SampleAlerts.firing("d", "rule-d"), START.minusSeconds(5))));
        assertThat(alertmanager.requests()).as("nothing is posted while replaying").isEmpty();

        task.put(List.of());

        List<JsonNode> posted = posted();
        // b and d still fire; c resolved recently (Alertmanager may still hold it); a is history.
        assertThat(names(posted)).containsExactlyInAnyOrder("rule-b", "rule-c", "rule-d");
        assertThat(posted.stream().filter(a -> a.at("/labels/alertname").asText().equals("rule-c")).findFirst()
                .orElseThrow().get("endsAt").asText()).isEqualTo(START.minusSeconds(10).toString());
        assertThat(task.ledgerSize()).isEqualTo(2);

        task.put(List.of(resolved("d")));
        assertThat(names(posted())).endsWith("rule-d");
        assertThat(task.ledgerSize()).isEqualTo(1);
    }

    @Test
    void aResolvedAlertIsRecentByItsEmittedAtNotByItsRecordTimestamp() throws Exception {
        start(Map.of(AlertmanagerSinkConfig.STATE_REBUILD, "true"));
        // Driftwatch stamps an alert record with the end of its window, well before it is emitted.
        Instant windowEnd = START.minus(INTERVAL.multipliedBy(10));
        Map<String, Object> withoutEmittedAt = SampleAlerts.resolved("b", "rule-b", START.minus(INTERVAL.multipliedBy(10)));
        withoutEmittedAt.put("emitted_at", null);
        task.open(List.of(PARTITION));

        task.put(List.of(
                record(SampleAlerts.firing("a", "rule-a"), windowEnd),
                record(SampleAlerts.resolved("a", "rule-a", START.minusSeconds(10)), windowEnd),
                record(SampleAlerts.firing("b", "rule-b"), windowEnd),
                record(withoutEmittedAt, START.minusSeconds(20))));
        task.put(List.of());

        // a was resolved 10 s ago; b has no emitted_at, and its record was written 20 s ago.
        List<JsonNode> posted = posted();
        assertThat(names(posted)).containsExactly("rule-a", "rule-b");
        assertThat(posted.get(0).get("endsAt").asText()).isEqualTo(START.minusSeconds(10).toString());
    }

    @Test
    void transitionsOwedFromCatchingUpLeaveWithTheirRevokedPartition() throws Exception {
        TopicPartition kept = new TopicPartition(PARTITION.topic(), 1);
        start(Map.of(AlertmanagerSinkConfig.STATE_REBUILD, "true"));
        task.open(List.of(PARTITION, kept));
        task.put(List.of(firing("a"), record(kept, SampleAlerts.firing("b", "rule-b"), clock.instant())));
        alertmanager.respondWith(request -> Response.status(503));
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(RetriableException.class);
        int failedRequests = alertmanager.requests().size();

        // A rebalance revokes PARTITION: another task rebuilds it and owns alert a now.
        task.close(List.of(PARTITION));
        alertmanager.respondWith(request -> null);
        task.put(List.of());

        List<RecordingHttpServer.Request> requests = alertmanager.requests();
        assertThat(requests).hasSize(failedRequests + 1);
        assertThat(names(List.copyOf(json.readTree(requests.get(failedRequests).body()).findParents("labels"))))
                .containsExactly("rule-b");
    }

    @Test
    void catchingUpEndsAfterOneIntervalOnATopicThatNeverGoesQuiet() throws Exception {
        start(Map.of(AlertmanagerSinkConfig.STATE_REBUILD, "true"));
        task.open(List.of(PARTITION));

        task.put(List.of(firing("a")));
        clock.advance(INTERVAL);
        task.put(List.of(firing("b")));

        assertThat(names(posted())).containsExactly("rule-a", "rule-b");
    }

    @Test
    void withoutRebuildNothingIsRewound() throws Exception {
        start(Map.of());

        task.open(List.of(PARTITION));
        task.put(List.of(firing("a")));

        assertThat(context.offsets).isEmpty();
        assertThat(names(posted())).containsExactly("rule-a");
    }

    @Test
    void revokedPartitionsTakeTheirAlertsAlong() throws Exception {
        start(Map.of());
        task.put(List.of(firing("a")));

        task.close(List.of(PARTITION));
        clock.advance(INTERVAL);
        task.put(List.of());

        assertThat(task.ledgerSize()).isZero();
        assertThat(alertmanager.requests()).hasSize(1);
    }

    @Test
    void aFiringAlertPostedAfterRetriesIsValidFromWhenItWasSent() throws Exception {
        // Each failed attempt and its backoff take 5 minutes, longer than an alert's validity (4 intervals).
        sleeper = wait -> clock.advance(Duration.ofMinutes(5));
        start(Map.of());
        alertmanager.enqueue(Response.status(503));

        task.put(List.of(firing("a")));

        // Refused with 503, accepted, then re-posted (the re-post fell due meanwhile).
        List<JsonNode> posted = posted();
        assertThat(names(posted)).containsExactly("rule-a", "rule-a", "rule-a");
        assertThat(posted.get(1).get("endsAt").asText())
                .isEqualTo(START.plus(Duration.ofMinutes(5)).plus(INTERVAL.multipliedBy(4)).toString());
    }

    @Test
    void aRepostThatFellDueWhileRetryingIsMadeRightAfterTheDelivery() throws Exception {
        sleeper = wait -> clock.advance(INTERVAL);
        start(Map.of());
        task.put(List.of(firing("a")));
        alertmanager.enqueue(Response.status(503));
        clock.advance(INTERVAL.minusSeconds(1));

        task.put(List.of(firing("b")));

        // a, b refused with 503, b again, then the re-post of both, valid from when it was sent.
        List<JsonNode> posted = posted();
        assertThat(names(posted)).containsExactly("rule-a", "rule-b", "rule-b", "rule-a", "rule-b");
        assertThat(posted.get(3).get("endsAt").asText())
                .isEqualTo(START.plus(INTERVAL.multipliedBy(2).minusSeconds(1)).plus(INTERVAL.multipliedBy(4)).toString());
        assertThat(context.timeoutMs).isEqualTo(INTERVAL.toMillis());
    }

    @Test
    void tombstonesAreSkipped() {
        start(Map.of());

        task.put(List.of(record(null, clock.instant())));

        assertThat(alertmanager.requests()).isEmpty();
        assertThat(context.reports).isEmpty();
    }
}
