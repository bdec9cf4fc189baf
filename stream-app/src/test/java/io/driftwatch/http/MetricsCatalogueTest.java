package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.Reports;
import io.driftwatch.metrics.ReportMetrics;
import io.driftwatch.schemas.AvroClassTrust;
import io.driftwatch.schemas.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/metrics.md} true: every metric the code registers is in its catalogue, under the
 * name Prometheus shows.
 */
class MetricsCatalogueTest {

    private static final Path DOC = Path.of("..", "docs", "metrics.md");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern METER = Pattern.compile(
        "(Counter|Gauge|Timer|DistributionSummary)\\s*\\.builder\\(\\s*\"([a-z_]+)\"");
    private static final Pattern CATALOGUED = Pattern.compile("^\\| `([a-z_]+)`", Pattern.MULTILINE);

    @BeforeAll
    static void trustAvroClasses() {
        AvroClassTrust.trustSchemaClasses();
    }

    @Test
    void everyMetricOfTheReportsIsCatalogued() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReportMetrics metrics = new ReportMetrics(registry, 1000);
        metrics.record(Reports.everySection("fraud", "3"));
        metrics.record(ApiFixtures.alert("a1", "fraud", "3", Severity.CRITICAL, Reports.T0));

        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("^# TYPE (driftwatch_[a-z_]+) ", Pattern.MULTILINE).matcher(registry.scrape());
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertThat(exported).hasSizeGreaterThan(10);
        assertThat(catalogued()).containsAll(exported);
    }

    @Test
    void everyMeterInTheCodeIsCatalogued() throws IOException {
        Set<String> registered = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = METER.matcher(Files.readString(file));
                while (m.find()) {
                    registered.add(prometheusName(m.group(1), m.group(2)));
                }
            }
        }
        assertThat(registered).as("builders split over lines are found too")
            .contains("driftwatch_events_accepted_total", "driftwatch_concept_drift_detections_total");
        assertThat(catalogued()).containsAll(registered);
    }

    /** Micrometer's Prometheus naming: counters end {@code _total}, timers in base unit seconds. */
    private static String prometheusName(String type, String name) {
        return switch (type) {
            case "Counter" -> name + "_total";
            case "Timer" -> name + "_seconds";
            default -> name;
        };
    }

    private static Set<String> catalogued() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = CATALOGUED.matcher(Files.readString(DOC));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

}
