package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.metrics.KafkaMetricsSubset;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.Severity;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics stays lean and lint-clean: Driftwatch's own families pass {@code promtool check metrics}
 * without a finding, and of the Kafka clients' metrics only the documented subset shows by default.
 */
class MetricsLintTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @Test
    void driftwatchFamiliesPassPromtoolWithoutALint() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReportMetrics metrics = new ReportMetrics(registry, 1000);
        metrics.record(io.driftwatch.alerting.Reports.everySection("fraud", "3"));
        metrics.record(ApiFixtures.alert("a1", "fraud", "3", Severity.CRITICAL, Reports.T0));
        String scrape = registry.scrape();
        assertThat(scrape).contains("driftwatch_inference_latency_seconds{").doesNotContain("quantile=");

        Path promtool = promtool();
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, scrape, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
            .redirectInput(file.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("promtool findings").isBlank();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void onlyTheDocumentedKafkaClientMetricsShowByDefault() throws Exception {
        PrometheusMeterRegistry all = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry lean = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        lean.config().meterFilter(KafkaMetricsSubset.filter());
        // A consumer does not connect until it polls: its metrics exist without a broker.
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                 "group.id", "lint"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaClientMetrics onAll = new KafkaClientMetrics(consumer);
             KafkaClientMetrics onLean = new KafkaClientMetrics(consumer)) {
            onAll.bindTo(all);
            onLean.bindTo(lean);
            Set<String> everything = families(all.scrape());
            Set<String> shown = families(lean.scrape());
            assertThat(everything).as("the consumer's own metrics").hasSizeGreaterThan(50);
            assertThat(shown).containsExactly("kafka_consumer_fetch_manager_records_lag_max");
        }
    }

    private static Set<String> families(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("^# TYPE (kafka_[a-z_]+) ", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Path promtool() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dirName, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        boolean required = "1".equals(System.getenv("DRIFTWATCH_REQUIRE_TOOLS"));
        assertThat(required).as("promtool is required (DRIFTWATCH_REQUIRE_TOOLS=1) but not on the PATH").isFalse();
        Assumptions.abort("promtool is not installed (.ci/install-tools.sh installs it)");
        return null;
    }
}
