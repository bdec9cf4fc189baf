package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.it.ChildProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Grafana panel's query returns data from a real Prometheus (Debian's) scraping a running
 * {@code driftwatch demo}, with the stack's recording rules loaded. The demo plays its four
 * stories eight times faster with ten-second windows, so drift, quality, latency, fairness and comparisons all
 * have figures within a couple of minutes.
 */
class DashboardsLiveIT {

    private static final Path ROOT = RepositoryRoot.find();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPanelQueryReturnsDataFromTheDemo() throws Exception {
        Path prometheus = ExternalTool.require("prometheus", "prometheus");
        int appPort = freePort();
        int promPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
            "global:",
            "  scrape_interval: 2s",
            "  evaluation_interval: 2s",
            "rule_files:",
            "  - " + ROOT.resolve("docker/prometheus/rules/driftwatch.rules.yml"),
            "scrape_configs:",
            "  - job_name: driftwatch",
            "    static_configs:",
            "      - targets: [\"127.0.0.1:" + appPort + "\"]",
            ""));
        Map<String, String> queries = panelQueries();
        assertThat(queries).hasSizeGreaterThan(30);

        try (ChildProcess demo = ChildProcess.driftwatch(dir.resolve("demo.log"), "demo", "--speed", "8", "--window", "10s",
                 "--port", Integer.toString(appPort), "--duration", "10m", "--data-dir", dir.resolve("demo").toString());
             ChildProcess prom = ChildProcess.external(dir.resolve("prometheus.log"), List.of(prometheus.toString(),
                 "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                 "--web.listen-address=127.0.0.1:" + promPort))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            Map<String, String> missing = new TreeMap<>(queries);
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                assertThat(demo.isAlive()).as("the demo runs; its log:\n" + demo.logTail()).isTrue();
                for (var it = missing.entrySet().iterator(); it.hasNext(); ) {
                    if (hasData(http, promPort, it.next().getValue())) {
                        it.remove();
                    }
                }
                Thread.sleep(2000);
            }
            assertThat(missing).as("panel queries that returned no series").isEmpty();
        }
    }

    /** Panel title → query, over every dashboard, with variables replaced as in the static checks. */
    private static Map<String, String> panelQueries() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("docker/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                List<JsonNode> panels = new ArrayList<>();
                dashboard.path("panels").forEach(p -> {
                    panels.add(p);
                    p.path("panels").forEach(panels::add);
                });
                for (JsonNode panel : panels) {
                    int i = 0;
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asText();
                        if (!expr.isBlank()) {
                            out.put(file.getFileName() + ": " + panel.path("title").asText() + " #" + (i++),
                                DockerStackFilesTest.substituteVariables(expr));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean hasData(HttpClient http, int port, String expr) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return false;
            }
            JsonNode result = JSON.readTree(r.body()).path("data").path("result");
            return result.isArray() ? result.size() > 0 : !result.isMissingNode();
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
