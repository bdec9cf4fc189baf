package io.driftwatch.http;

import static io.driftwatch.http.ApiClient.get;
import static io.driftwatch.http.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.BaselineRef;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.Severity;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One instance's endpoints over a fake {@link InstanceQueries}, through a real server on 127.0.0.1. */
class DriftwatchHttpServerTest {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    private final FakeInstanceQueries queries = new FakeInstanceQueries();
    private DriftwatchHttpServer server;
    private String url;

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @BeforeEach
    void start() throws IOException {
        server = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), queries)
            .start("127.0.0.1", 0);
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anInternalErrorIsAnsweredWithAnIdForTheLogAndNotTheExceptionsText() throws Exception {
        queries.onRead = () -> {
            throw new IllegalStateException("cannot reach registry at https://user:secret@registry.internal");
        };

        HttpResponse<String> r = get(url + "/api/alerts");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).path("error").asText())
            .matches("Internal error answering /api/alerts; the instance's log has the details under error [0-9a-f]{8}");
        assertThat(r.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }

    @Test
    void listensOnAnEphemeralPortOfTheGivenAddress() {
        assertThat(server.port()).isPositive();
        assertThat(url).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void indexListsEveryEndpoint() throws Exception {
        HttpResponse<String> r = get(url + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        List<String> paths = new ArrayList<>();
        json(r).path("endpoints").forEach(e -> paths.add(e.path("path").asText()));
        assertThat(paths).containsExactly("/metrics", "/health", "/ready", "/api/models",
            "/api/models/{id}/reports/latest", "/api/models/{id}/comparisons", "/api/alerts");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN"})
    void healthIsUpWhileStreamsCanStillRun(KafkaStreams.State state) throws Exception {
        queries.state = state;
        HttpResponse<String> r = get(url + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"" + state + "\"}");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING"})
    void healthIsDownWhenStreamsHasStopped(KafkaStreams.State state) throws Exception {
        queries.state = state;
        HttpResponse<String> r = get(url + "/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("status").asText()).isEqualTo("DOWN");
        assertThat(json(r).path("streams").asText()).isEqualTo(state.name());
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void readyOnlyWhileRunning(KafkaStreams.State state) throws Exception {
        queries.state = state;
        HttpResponse<String> r = get(url + "/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"status\":\"NOT_READY\",\"streams\":\"" + state + "\"}");

        queries.state = KafkaStreams.State.RUNNING;
        HttpResponse<String> running = get(url + "/ready");
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.body()).isEqualTo("{\"status\":\"READY\",\"streams\":\"RUNNING\"}");
    }

    @org.junit.jupiter.api.Test
    void aFailureThatKeepsComingBackMakesTheInstanceUnhealthyAndNotReadyWithItsReason() throws Exception {
        queries.problem = "the same failure stopped a stream thread 3 times in a row: RecordTooLargeException";
        for (String path : List.of("/health", "/ready")) {
            HttpResponse<String> r = get(url + path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(json(r).path("problem").asText()).as(path).contains("RecordTooLargeException");
            assertThat(json(r).path("streams").asText()).as(path).isEqualTo("RUNNING");
        }
        queries.problem = null;
        assertThat(get(url + "/health").statusCode()).isEqualTo(200);
        assertThat(get(url + "/ready").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/api", "/api/models/fraud", "/api/models/fraud/reports", "/metrics/x"})
    void unknownPathsAre404WithAJsonError(String path) throws Exception {
        HttpResponse<String> r = get(url + path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json(r).path("status").asInt()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains(path).contains("GET /");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void otherMethodsThanGetAre405WithAllow(String method) throws Exception {
        for (String path : List.of("/metrics", "/health", "/api/models", "/api/alerts")) {
            HttpResponse<String> r = ApiClient.send(HttpRequest.newBuilder(URI.create(url + path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(json(r).path("error").asText()).contains(method).contains("use GET");
        }
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        for (String path : List.of("/metrics", "/health", "/api/models")) {
            HttpResponse<String> get = get(url + path);
            HttpResponse<String> head = ApiClient.send(HttpRequest.newBuilder(URI.create(url + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void metricsRefusesUnknownQueryParametersLikeEveryEndpoint() throws Exception {
        HttpResponse<String> r = get(url + "/metrics?x=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).contains("[x]");
    }

    @Test
    void modelsSummariseTheLatestWindowOfEveryVersionWithItsFiringAlerts() throws Exception {
        WindowReport fraud = Reports.withFeatures(Reports.window("fraud", "3", 2),
                List.of(Reports.psi("amount", 0.4), Reports.psi("age", 0.01)))
            .setRevision(1)
            .setQuality(Reports.quality(1000, 800, 0.91, 0.95))
            .build();
        WindowReport churn = Reports.window("churn", "1", 0).setBaseline(null).build();
        queries.reports.addAll(List.of(fraud, churn));
        queries.alerts.add(ApiFixtures.alert("a1", "fraud", "3", Severity.WARNING, T));
        queries.alerts.add(ApiFixtures.alert("a2", "fraud", "3", Severity.CRITICAL, T));
        queries.alerts.add(ApiFixtures.alert("a3", "fraud", "2", Severity.CRITICAL, T));
        // A comparison's decision on v3 is held by the comparison stage's task, wherever it runs: not counted here.
        queries.alerts.add(Alert.newBuilder(ApiFixtures.alert("a4", "fraud", "3", Severity.CRITICAL, T))
            .setRule("comparison-roll-back").setMetric("comparison.decision").build());

        HttpResponse<String> r = get(url + "/api/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("count").asInt()).isEqualTo(2);
        assertThat(body.path("scope").asText()).isEqualTo("cluster");
        assertThat(body.path("partial").asBoolean()).isFalse();
        assertThat(body.path("unreachable")).isEmpty();
        JsonNode c = body.path("models").get(0);
        JsonNode f = body.path("models").get(1);
        assertThat(c.path("model_id").asText()).isEqualTo("churn");
        assertThat(c.path("baseline").isNull()).isTrue();
        assertThat(c.path("quality").isNull()).isTrue();
        assertThat(c.path("active_alerts").asInt()).isZero();

        assertThat(f.path("model_id").asText()).isEqualTo("fraud");
        assertThat(f.path("model_version").asText()).isEqualTo("3");
        assertThat(f.path("window_start").asText()).isEqualTo("2026-11-22T12:00:00Z");
        assertThat(f.path("window_end").asText()).isEqualTo("2026-11-22T13:00:00Z");
        assertThat(f.path("revision").asInt()).isEqualTo(1);
        assertThat(f.path("event_count").asLong()).isEqualTo(1000);
        assertThat(f.path("dataset_drift_share").asDouble()).isEqualTo(0.5);
        assertThat(f.path("dataset_drift").asBoolean()).isTrue();
        assertThat(f.path("drifted_feature_count").asInt()).isEqualTo(1);
        assertThat(f.path("tested_feature_count").asInt()).isEqualTo(2);
        assertThat(f.path("compared_feature_count").asInt()).isEqualTo(2);
        assertThat(f.path("baseline").path("model_version").asText()).isEqualTo("3");
        assertThat(f.path("baseline").path("source").asText()).isEqualTo("TRAINING_DATA");
        assertThat(f.path("baseline").path("fallback").asBoolean()).isFalse();
        assertThat(f.path("quality").path("task").asText()).isEqualTo("BINARY_CLASSIFICATION");
        assertThat(f.path("quality").path("label_coverage").asDouble()).isEqualTo(0.8);
        assertThat(f.path("quality").path("accuracy").asDouble()).isEqualTo(0.91);
        assertThat(f.path("quality").has("rmse")).isFalse();
        assertThat(f.path("active_alerts").asInt()).as("alerts of fraud v3 only, not of v2").isEqualTo(2);
    }

    @Test
    void latestReportsAreTheFullReportOfEachVersion() throws Exception {
        WindowReport v1 = Reports.window("fraud", "1", 0).build();
        WindowReport v2 = Reports.withFeatures(Reports.window("fraud", "2", 1), List.of(Reports.psi("amount", 0.3)))
            .setBaseline(BaselineRef.newBuilder().setModelVersion("1").setSource("CAPTURED")
                .setCreatedAt(Reports.T0).setRowCount(5000).setFallback(true).build())
            .build();
        queries.reports.addAll(List.of(v2, v1, Reports.window("churn", "1", 0).build()));

        JsonNode all = json(get(url + "/api/models/fraud/reports/latest"));
        assertThat(all.path("model_id").asText()).isEqualTo("fraud");
        assertThat(all.path("reports")).hasSize(2);
        assertThat(all.path("reports").get(0).path("model_version").asText()).isEqualTo("1");
        JsonNode report = all.path("reports").get(1);
        assertThat(report.path("window_start").asText()).as("times are ISO-8601").isEqualTo("2026-11-22T11:00:00Z");
        assertThat(report.path("baseline").path("fallback").asBoolean()).isTrue();
        assertThat(report.path("features").get(0).path("feature").asText()).isEqualTo("amount");
        assertThat(report.path("features").get(0).path("statistic").asDouble()).isEqualTo(0.3);
        assertThat(report.path("features").get(0).path("verdict").asText()).isEqualTo("DRIFT");
        assertThat(report.has("concept_drift")).as("every field of the report").isTrue();

        HttpResponse<String> one = get(url + "/api/models/fraud/reports/latest?version=2");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).path("reports")).hasSize(1);
        assertThat(json(one).path("reports").get(0).path("model_version").asText()).isEqualTo("2");
    }

    @Test
    void unknownModelOrVersionIs404() throws Exception {
        queries.reports.add(Reports.window("fraud", "1", 0).build());

        HttpResponse<String> model = get(url + "/api/models/Fraud/reports/latest");
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).path("error").asText()).contains("'Fraud' is unknown").contains("/api/models")
            .contains("late");

        HttpResponse<String> version = get(url + "/api/models/fraud/reports/latest?version=9");
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(json(version).path("error").asText()).contains("no reported version '9'").contains("[1]");
    }

    @Test
    void modelIdsArePercentDecodedPathSegments() throws Exception {
        queries.reports.add(Reports.window("fraud scorer+eu", "1", 0).build());

        HttpResponse<String> r = get(url + "/api/models/fraud%20scorer+eu/reports/latest");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("model_id").asText()).isEqualTo("fraud scorer+eu");
    }

    @Test
    void alertsAreNewestFirstAndFilteredByModelAndSeverity() throws Exception {
        queries.alerts.add(ApiFixtures.alert("old", "fraud", "3", Severity.CRITICAL, T.minusSeconds(7200)));
        queries.alerts.add(ApiFixtures.alert("new", "fraud", "3", Severity.WARNING, T));
        queries.alerts.add(ApiFixtures.alert("mid", "churn", "1", Severity.CRITICAL, T.minusSeconds(3600)));

        JsonNode all = json(get(url + "/api/alerts"));
        assertThat(fingerprints(all)).containsExactly("new", "mid", "old");
        assertThat(all.path("count").asInt()).isEqualTo(3);
        JsonNode first = all.path("alerts").get(0);
        assertThat(first.path("status").asText()).isEqualTo("FIRING");
        assertThat(first.path("starts_at").asText()).isEqualTo("2026-11-22T12:00:00Z");
        assertThat(first.path("evidence").path("baseline_source").asText()).isEqualTo("TRAINING_DATA");
        assertThat(first.path("labels").path("team").asText()).isEqualTo("risk");

        assertThat(fingerprints(json(get(url + "/api/alerts?model=fraud")))).containsExactly("new", "old");
        assertThat(fingerprints(json(get(url + "/api/alerts?severity=critical")))).containsExactly("mid", "old");
        assertThat(fingerprints(json(get(url + "/api/alerts?model=fraud&severity=CRITICAL")))).containsExactly("old");
        assertThat(fingerprints(json(get(url + "/api/alerts?model=nobody")))).isEmpty();
    }

    @Test
    void badParametersAre400NamingTheFix() throws Exception {
        HttpResponse<String> severity = get(url + "/api/alerts?severity=urgent");
        assertThat(severity.statusCode()).isEqualTo(400);
        assertThat(json(severity).path("error").asText()).contains("urgent").contains("[info, warning, critical]");

        HttpResponse<String> typo = get(url + "/api/models/fraud/reports/latest?verison=2");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).path("error").asText()).contains("[verison]").contains("[scope, version]");

        HttpResponse<String> scope = get(url + "/api/models?scope=global");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(json(scope).path("error").asText()).contains("scope=local");
    }

    @Test
    void storesUnavailableDuringARebalanceAre503WithARetryHint() throws Exception {
        queries.rebalancing = true;
        for (String path : List.of("/api/models", "/api/alerts", "/api/models/fraud/reports/latest")) {
            HttpResponse<String> r = get(url + path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(r).path("retry_after_seconds").asInt()).isEqualTo(1);
            assertThat(json(r).path("error").asText()).contains("REBALANCING");
        }
    }

    @Test
    void beforeStreamsExistsHealthIsUpAndTheApiAsksToRetry() throws Exception {
        try (DriftwatchHttpServer early = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                DriftwatchHttpServer.Options.defaults()).start("127.0.0.1", 0)) {
            assertThat(get(early.url() + "/health").body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"CREATED\","
                + "\"not_ready_reason\":\"Kafka Streams is not up yet\"}");
            assertThat(get(early.url() + "/ready").statusCode()).isEqualTo(503);

            early.serve(new StartingQueries("cannot reach Kafka at 127.0.0.1:1 (no broker answered within 15 s); retrying"));
            HttpResponse<String> waiting = get(early.url() + "/ready");
            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(json(waiting).path("status").asText()).isEqualTo("NOT_READY");
            assertThat(json(waiting).path("not_ready_reason").asText()).startsWith("cannot reach Kafka at 127.0.0.1:1");
            assertThat(get(early.url() + "/health").statusCode()).isEqualTo(200);
            assertThat(json(get(early.url() + "/api/alerts")).path("error").asText()).contains("cannot reach Kafka");
            HttpResponse<String> models = get(early.url() + "/api/models");
            assertThat(models.statusCode()).isEqualTo(503);
            assertThat(json(models).path("error").asText()).contains("starting");
            HttpResponse<String> comparisons = get(early.url() + "/api/models/fraud/comparisons");
            assertThat(comparisons.statusCode()).as("not 404: the comparisons are not known yet").isEqualTo(503);
            assertThat(json(comparisons).path("error").asText()).contains("starting");
            assertThat(get(early.url() + "/metrics").statusCode()).isEqualTo(200);

            early.serve(queries);
            assertThat(get(early.url() + "/ready").statusCode()).isEqualTo(200);
            assertThat(get(early.url() + "/api/models").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queries.reports.add(Reports.window("fraud", "1", 0).build());
        queries.onRead = () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return get(url + "/api/models?scope=local");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        awaitStatus(url + "/health", 503);
        assertThat(closing).as("close has begun (new requests are turned away) and waits for the one in flight")
            .isNotDone();
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);

        HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(json(finished).path("count").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> get(url + "/health")).isInstanceOf(IOException.class);
    }

    @Test
    void aServerStartsOnceAndReportsABusyPortClearly() throws Exception {
        assertThatThrownBy(() -> server.start("127.0.0.1", 0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("already been started");
        try (DriftwatchHttpServer other = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                queries)) {
            assertThatThrownBy(() -> other.start("127.0.0.1", server.port())).isInstanceOf(IOException.class)
                .hasMessageContaining("http.port");
        }
    }

    /** Polls until {@code url} answers {@code status}, for at most 10 s. */
    private static void awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last;
        do {
            last = get(url).statusCode();
        } while (last != status && System.nanoTime() < deadline);
        assertThat(last).isEqualTo(status);
    }

    private static List<String> fingerprints(JsonNode answer) {
        List<String> fingerprints = new ArrayList<>();
        answer.path("alerts").forEach(a -> fingerprints.add(a.path("fingerprint").asText()));
        return fingerprints;
    }
}
