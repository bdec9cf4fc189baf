package io.driftwatch.http;

import static io.driftwatch.http.ApiClient.get;
import static io.driftwatch.http.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.alerting.Reports;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real instances on 127.0.0.1, each with its own state: A holds model "fraud", B holds "churn".
 * Requests for a model go to whichever holds it; lists gather both.
 */
class MultiInstanceTest {

    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration PEER_TIMEOUT = Duration.ofMillis(500);

    private final FakeInstanceQueries a = new FakeInstanceQueries();
    private final FakeInstanceQueries b = new FakeInstanceQueries();
    private DriftwatchHttpServer serverA;
    private DriftwatchHttpServer serverB;
    private URI urlA;
    private URI urlB;

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @BeforeEach
    void start() throws IOException {
        serverA = start(a);
        serverB = start(b);
        urlA = URI.create(serverA.url());
        urlB = URI.create(serverB.url());
        a.others.add(urlB);
        b.others.add(urlA);
        a.owners.put("churn", urlB);
        b.owners.put("fraud", urlA);

        a.reports.add(Reports.window("fraud", "1", 0).build());
        a.reports.add(Reports.window("fraud", "2", 1).build());
        a.alerts.add(ApiFixtures.alert("fraud-old", "fraud", "2", Severity.CRITICAL, T.minusSeconds(7200)));
        a.alerts.add(ApiFixtures.alert("fraud-new", "fraud", "2", Severity.WARNING, T));
        b.reports.add(Reports.window("churn", "7", 1).build());
        b.alerts.add(ApiFixtures.alert("churn-mid", "churn", "7", Severity.CRITICAL, T.minusSeconds(3600)));
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
    }

    @Test
    void aModelHeldByTheOtherInstanceIsForwardedToItAndItsAnswerRelayed() throws Exception {
        HttpResponse<String> viaA = get(urlA + "/api/models/churn/reports/latest");

        assertThat(viaA.statusCode()).isEqualTo(200);
        assertThat(viaA.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = json(viaA);
        assertThat(body.path("model_id").asText()).isEqualTo("churn");
        assertThat(body.path("reports").get(0).path("model_version").asText()).isEqualTo("7");
        assertThat(a.storeReads).as("A only forwarded").hasValue(0);
        assertThat(b.storeReads).as("B answered from its store").hasValue(1);
        assertThat(b.ownerLookups).as("B answered a forwarded request without looking for an owner").hasValue(0);

        HttpResponse<String> direct = get(urlB + "/api/models/churn/reports/latest");
        assertThat(direct.body()).as("the same answer as asking B itself").isEqualTo(viaA.body());
    }

    @Test
    void theQueryIsForwardedWithThePath() throws Exception {
        HttpResponse<String> r = get(urlB + "/api/models/fraud/reports/latest?version=2");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("reports")).hasSize(1);
        assertThat(json(r).path("reports").get(0).path("model_version").asText()).isEqualTo("2");
    }

    @Test
    void theOwnersErrorsAreRelayedToo() throws Exception {
        HttpResponse<String> r = get(urlA + "/api/models/churn/reports/latest?version=1");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains("no reported version '1'").contains("[7]");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        // Metadata that disagrees (as it can mid-rebalance): each instance thinks the other holds "ghost".
        a.owners.put("ghost", urlB);
        b.owners.put("ghost", urlA);

        HttpResponse<String> r = get(urlA + "/api/models/ghost/reports/latest");

        assertThat(r.statusCode()).as("B answers from its own stores: it does not know the model").isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains("'ghost' is unknown");
        assertThat(a.ownerLookups).hasValue(1);
        assertThat(b.ownerLookups).hasValue(0);
        assertThat(a.storeReads).hasValue(0);
        assertThat(b.storeReads).hasValue(1);
    }

    @Test
    void modelsAreGatheredFromEveryInstance() throws Exception {
        for (URI url : List.of(urlA, urlB)) {
            JsonNode body = json(get(url + "/api/models"));
            assertThat(versions(body)).as("asked at " + url).containsExactly("churn/7", "fraud/1", "fraud/2");
            assertThat(body.path("count").asInt()).isEqualTo(3);
            assertThat(body.path("partial").asBoolean()).isFalse();
            assertThat(body.path("unreachable")).isEmpty();
            assertThat(body.path("models").get(0).path("active_alerts").asInt()).isEqualTo(1);
            assertThat(body.path("models").get(2).path("active_alerts").asInt()).isEqualTo(2);
        }
        JsonNode localA = json(get(urlA + "/api/models?scope=local"));
        assertThat(versions(localA)).containsExactly("fraud/1", "fraud/2");
        assertThat(localA.path("scope").asText()).isEqualTo("local");
    }

    @Test
    void aVersionOnBothInstancesAppearsOnceWithTheLaterWindow() throws Exception {
        // While fraud's state moves from A to B both may hold it for a moment.
        b.reports.add(Reports.window("fraud", "2", 5).build());

        JsonNode body = json(get(urlA + "/api/models"));

        assertThat(versions(body)).containsExactly("churn/7", "fraud/1", "fraud/2");
        assertThat(body.path("models").get(2).path("window_start").asText()).isEqualTo("2026-11-22T15:00:00Z");
    }

    @Test
    void alertsAreGatheredNewestFirstAndFilteredEverywhere() throws Exception {
        assertThat(fingerprints(json(get(urlA + "/api/alerts")))).containsExactly("fraud-new", "churn-mid", "fraud-old");
        assertThat(fingerprints(json(get(urlB + "/api/alerts")))).containsExactly("fraud-new", "churn-mid", "fraud-old");
        assertThat(fingerprints(json(get(urlA + "/api/alerts?severity=critical"))))
            .containsExactly("churn-mid", "fraud-old");
        assertThat(fingerprints(json(get(urlA + "/api/alerts?model=churn")))).containsExactly("churn-mid");
        assertThat(fingerprints(json(get(urlB + "/api/alerts?model=fraud&severity=warning"))))
            .containsExactly("fraud-new");
    }

    @Test
    void anInstanceThatIsDownMakesThePartialAnswerNameIt() throws Exception {
        URI down = closedPort();
        a.others.add(down);

        for (String path : List.of("/api/models", "/api/alerts")) {
            HttpResponse<String> r = get(urlA + path);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.path("partial").asBoolean()).isTrue();
            assertThat(body.path("unreachable")).hasSize(1);
            assertThat(body.path("unreachable").get(0).asText()).isEqualTo(down.toString());
            assertThat(body.path("count").asInt()).as(path + ": what A and B hold is still there").isEqualTo(3);
        }
    }

    @Test
    void anInstanceAtAnAddressTheHttpClientCannotUseIsUnreachableNotAnError() throws Exception {
        // Kafka accepts "driftwatch_2" in application.server; java.net.http refuses a host with '_'.
        URI unusable = URI.create("http://driftwatch_2:8080");
        a.others.add(unusable);
        JsonNode body = json(get(urlA + "/api/models"));
        assertThat(body.path("partial").asBoolean()).isTrue();
        assertThat(body.path("unreachable").get(0).asText()).isEqualTo(unusable.toString());
        assertThat(versions(body)).containsExactly("churn/7", "fraud/1", "fraud/2");

        a.owners.put("churn", unusable);
        HttpResponse<String> forwarded = get(urlA + "/api/models/churn/reports/latest");
        assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(503);
    }

    /**
     * Two instances gathering from each other at once, more requests than threads: each waits for the
     * other's answer, which must not wait behind it. With one pool per server both filled up with
     * requests waiting on the other, and most lists came back partial after the peer timeout.
     */
    @Test
    void instancesAskingEachOtherAtOnceDoNotWaitOnEachOther() throws Exception {
        DriftwatchHttpServer.Options twoThreads = new DriftwatchHttpServer.Options(2, 16, Duration.ofSeconds(2),
            DriftwatchHttpServer.Options.defaults().closeGrace());
        try (DriftwatchHttpServer c = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), twoThreads)
                 .serve(a).start("127.0.0.1", 0);
             DriftwatchHttpServer d = new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), twoThreads)
                 .serve(b).start("127.0.0.1", 0)) {
            a.others.set(0, URI.create(d.url()));
            b.others.set(0, URI.create(c.url()));
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(12);
            try {
                List<java.util.concurrent.Future<JsonNode>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String url = (i % 2 == 0 ? c.url() : d.url()) + "/api/models";
                    answers.add(clients.submit(() -> json(get(url))));
                }
                for (java.util.concurrent.Future<JsonNode> answer : answers) {
                    JsonNode body = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(body.path("partial").asBoolean()).as(body.toString()).isFalse();
                    assertThat(versions(body)).containsExactly("churn/7", "fraud/1", "fraud/2");
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void anInstanceThatHangsCostsNoMoreThanThePeerTimeout() throws Exception {
        // Connections complete in the kernel's backlog, but nothing ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI hung = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            a.others.add(hung);

            long started = System.nanoTime();
            JsonNode body = json(get(urlA + "/api/models"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(body.path("partial").asBoolean()).isTrue();
            assertThat(body.path("unreachable").get(0).asText()).isEqualTo(hung.toString());
            assertThat(versions(body)).containsExactly("churn/7", "fraud/1", "fraud/2");
            assertThat(took).isGreaterThanOrEqualTo(PEER_TIMEOUT).isLessThan(PEER_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void anOwnerThatIsDownIs503WithARetryHint() throws Exception {
        URI down = closedPort();
        a.owners.put("churn", down);

        HttpResponse<String> r = get(urlA + "/api/models/churn/reports/latest");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(r).path("error").asText()).contains(down.toString()).contains("cannot be reached");
    }

    @Test
    void aRebalancingOwnersRetryHintIsRelayed() throws Exception {
        b.rebalancing = true;

        HttpResponse<String> r = get(urlA + "/api/models/churn/reports/latest");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(r).path("error").asText()).contains("REBALANCING");
    }

    private static DriftwatchHttpServer start(FakeInstanceQueries queries) throws IOException {
        return new DriftwatchHttpServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            DriftwatchHttpServer.Options.defaults().withPeerTimeout(PEER_TIMEOUT))
            .serve(queries)
            .start("127.0.0.1", 0);
    }

    /** A URL where nothing listens: a port just released. */
    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private static List<String> versions(JsonNode answer) {
        List<String> versions = new ArrayList<>();
        answer.path("models").forEach(m -> versions.add(m.path("model_id").asText() + "/" + m.path("model_version").asText()));
        return versions;
    }

    private static List<String> fingerprints(JsonNode answer) {
        List<String> fingerprints = new ArrayList<>();
        answer.path("alerts").forEach(a -> fingerprints.add(a.path("fingerprint").asText()));
        return fingerprints;
    }
}
