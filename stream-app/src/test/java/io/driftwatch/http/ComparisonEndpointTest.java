package io.driftwatch.http;

import static io.driftwatch.http.ApiClient.get;
import static io.driftwatch.http.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.ComparedMetric;
import io.driftwatch.schemas.ComparisonDecision;
import io.driftwatch.schemas.ComparisonReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ComparisonEndpointTest {

    private DriftwatchHttpServer server;
    private String url;

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    private static ComparisonReport report(String model, String candidate, ComparisonDecision decision) {
        return ComparisonReport.newBuilder()
            .setModelId(model).setControlVersion("1").setCandidateVersion(candidate).setMode("canary").setOrigin("declared")
            .setWindowStart(Instant.parse("2026-11-22T10:00:00Z")).setWindowEnd(Instant.parse("2026-11-22T10:01:00Z"))
            .setEmittedAt(Instant.parse("2026-11-22T10:01:11Z")).setWindowsCompared(42)
            .setMetrics(List.of(ComparedMetric.newBuilder().setMetric("accuracy").setHigherIsBetter(true)
                .setControl(0.9).setCandidate(0.86).setControlCount(900).setCandidateCount(100)
                .setTest("two-proportion-z/newcombe; msprt").setVerdict("WORSE").build()))
            .setDecision(decision).setDecisionReason(decision == ComparisonDecision.NONE ? null : "accuracy of 2 is worse")
            .build();
    }

    @BeforeEach
    void start() throws Exception {
        FakeInstanceQueries queries = new FakeInstanceQueries();
        queries.comparisons.addAll(List.of(report("fraud-detector", "3", ComparisonDecision.NONE),
            report("fraud-detector", "2", ComparisonDecision.ROLL_BACK), report("ranker", "9", ComparisonDecision.NONE)));
        server = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), queries).start("127.0.0.1", 0);
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersEveryComparisonOfTheModelWithItsDecision() throws Exception {
        HttpResponse<String> r = get(url + "/api/models/fraud-detector/comparisons");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("model_id").asText()).isEqualTo("fraud-detector");
        assertThat(body.path("comparisons")).hasSize(2);
        JsonNode first = body.path("comparisons").get(0);
        assertThat(first.path("candidate_version").asText()).isEqualTo("2");
        assertThat(first.path("decision").asText()).isEqualTo("ROLL_BACK");
        assertThat(first.path("metrics").get(0).path("verdict").asText()).isEqualTo("WORSE");
        // The API's conventions, as for window reports: ISO-8601 times, optional fields as plain values.
        assertThat(first.path("window_start").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(first.path("decision_reason").asText()).isEqualTo("accuracy of 2 is worse");
        assertThat(first.path("metrics").get(0).path("control").isNumber()).isTrue();
    }

    @Test
    void aModelWithoutComparisonsIs404WithTheReason() throws Exception {
        HttpResponse<String> r = get(url + "/api/models/unknown/comparisons");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains("has no comparison yet");
    }
}
