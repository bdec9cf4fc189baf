package io.driftwatch.http;

import static io.driftwatch.http.ApiClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} served from a real Prometheus registry. */
class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong open = new AtomicLong(7);
    private final FakeInstanceQueries queries = new FakeInstanceQueries();
    private DriftwatchHttpServer server;

    @BeforeEach
    void start() throws Exception {
        Counter events = Counter.builder("driftwatch_test_events").description("Events seen by the test")
            .tag("type", "prediction").register(registry);
        events.increment(3);
        Gauge.builder("driftwatch_test_open_windows", open, AtomicLong::get).description("Windows open in the test")
            .register(registry);
        server = new DriftwatchHttpServer(registry, queries).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void prometheusTextFormatByDefault() throws Exception {
        HttpResponse<String> r = get(server.url() + "/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body())
            .contains("# TYPE driftwatch_test_events_total counter")
            .contains("driftwatch_test_events_total{type=\"prediction\"} 3.0")
            .contains("# TYPE driftwatch_test_open_windows gauge")
            .contains("driftwatch_test_open_windows 7.0")
            .doesNotContain("# EOF");
    }

    @Test
    void gaugesAreReadAtScrapeTime() throws Exception {
        open.set(2);
        assertThat(get(server.url() + "/metrics").body()).contains("driftwatch_test_open_windows 2.0");
    }

    /**
     * The alerts firing are counted from the stores at each scrape, not from transitions this process
     * emitted: after a restart the alerts restored from the changelogs count, and an alert whose task
     * moved away stops counting here.
     */
    @Test
    void alertsFiringAreCountedFromTheStoresAtEachScrape() throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-11-22T10:00:00Z");
        queries.alerts.add(ApiFixtures.alert("a1", "fraud", "3", io.driftwatch.schemas.Severity.CRITICAL, t));
        queries.alerts.add(ApiFixtures.alert("a2", "fraud", "3", io.driftwatch.schemas.Severity.CRITICAL, t));
        queries.alerts.add(ApiFixtures.alert("a3", "churn", "1", io.driftwatch.schemas.Severity.WARNING, t));
        String series = "driftwatch_alerts_active{model=\"fraud\",rule=\"feature-drift\",severity=\"critical\",version=\"3\"}";
        String other = "driftwatch_alerts_active{model=\"churn\",rule=\"feature-drift\",severity=\"warning\",version=\"1\"}";
        assertThat(get(server.url() + "/metrics").body()).contains(series + " 2.0").contains(other + " 1.0");

        queries.alerts.remove(0);
        queries.alerts.remove(1);
        assertThat(get(server.url() + "/metrics").body()).contains(series + " 1.0").doesNotContain(other);

        // While the stores cannot be read (a rebalance), the last count stands and /metrics still answers.
        queries.rebalancing = true;
        HttpResponse<String> during = get(server.url() + "/metrics");
        assertThat(during.statusCode()).isEqualTo(200);
        assertThat(during.body()).contains(series + " 1.0");
        // Nor does any other failure to read them take the rest of the metrics down.
        queries.rebalancing = false;
        queries.onRead = () -> {
            throw new IllegalStateException("a store the topology lacks");
        };
        HttpResponse<String> failing = get(server.url() + "/metrics");
        assertThat(failing.statusCode()).isEqualTo(200);
        assertThat(failing.body()).contains(series + " 1.0").contains("driftwatch_test_open_windows 7.0");
    }

    /**
     * While the stores cannot be read (this instance restores a task it was just given), the last count stands only
     * for the models this instance still holds: the alerts of a task that moved to another instance are counted there
     * now, and may resolve there, so counting them here too double-counted them and kept a resolved alert firing.
     */
    @Test
    void duringARebalanceTheAlertsOfATaskThatMovedAwayStopCountingHere() throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-11-22T10:00:00Z");
        queries.alerts.add(ApiFixtures.alert("a1", "fraud", "3", io.driftwatch.schemas.Severity.CRITICAL, t));
        queries.alerts.add(ApiFixtures.alert("a3", "churn", "1", io.driftwatch.schemas.Severity.WARNING, t));
        String kept = "driftwatch_alerts_active{model=\"fraud\",rule=\"feature-drift\",severity=\"critical\",version=\"3\"}";
        String moved = "driftwatch_alerts_active{model=\"churn\",rule=\"feature-drift\",severity=\"warning\",version=\"1\"}";
        assertThat(get(server.url() + "/metrics").body()).contains(kept + " 1.0").contains(moved + " 1.0");

        queries.rebalancing = true;
        queries.owners.put("churn", java.net.URI.create("http://10.0.0.8:8080"));
        String during = get(server.url() + "/metrics").body();
        assertThat(during).contains(kept + " 1.0").doesNotContain(moved);
    }

    @Test
    void openMetricsWhenTheScraperAcceptsIt() throws Exception {
        // What Prometheus 2.x sends.
        HttpResponse<String> r = get(server.url() + "/metrics", "Accept",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.body())
            .contains("# TYPE driftwatch_test_events counter")
            .contains("driftwatch_test_events_total{type=\"prediction\"} 3.0")
            .endsWith("# EOF\n");
    }
}
