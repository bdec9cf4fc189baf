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
     * A scrape reads no store: the tasks set every gauge themselves ({@code driftwatch_alerts_active} included), so
     * /metrics answers alike while any task of the instance is restoring and no store can be read.
     */
    @Test
    void aScrapeReadsNoStore() throws Exception {
        queries.rebalancing = true;

        HttpResponse<String> r = get(server.url() + "/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("driftwatch_test_open_windows 7.0");
        assertThat(queries.storeReads).hasValue(0);
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
