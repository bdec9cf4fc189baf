package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.comparison.ComparisonStores;
import io.driftwatch.config.DriftwatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.junit.jupiter.api.Test;

/**
 * The production topology keeps stores that grow with traffic in RocksDB and bookkeeping in memory:
 * every RocksDB instance is opened (twice after a clean stop) on each restart, which is what restart
 * time was spent on.
 */
class StorePlacementTest {

    private static final TopologyStores STORES = TopologyStores.defaults();
    private static final ComparisonStores COMPARISONS = ComparisonStores.defaults();

    @Test
    void storesThatGrowWithTrafficAreOnDiskAndBookkeepingInMemory() {
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("window.size", "1m"));
        Properties streams = TestDriverProperties.forApplication("store-placement-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(DriftwatchTopology.build(config,
                TopologyDependencies.of(new BinaryTopicSerdes(), new SimpleMeterRegistry(),
                    io.driftwatch.alerting.RulesSource.defaults(), Clock.systemUTC(), 1000)),
                streams, Instant.parse("2026-01-01T00:00:00Z"))) {
            List<String> onDisk = List.of(STORES.partialWindows(), STORES.mergedWindows(), STORES.windowQuality(),
                STORES.reportedWindows(), STORES.pendingBaselines(), STORES.capturedBaselines(),
                STORES.publishedBaselines(), COMPARISONS.shadowPending());
            List<String> inMemory = List.of(STORES.detectors(), STORES.sourceWatermarks(), STORES.versionProgress(),
                STORES.qualityBaselines(), STORES.alertStates(), STORES.auditHeads(), STORES.rulesApplied(),
                STORES.latestReports(), STORES.activeAlerts(), STORES.rejectCounts(), STORES.lateEvents(), STORES.partialWatermarks(),
                COMPARISONS.roles(),
                COMPARISONS.figures(), COMPARISONS.states(), COMPARISONS.auditHeads(), COMPARISONS.latest(),
                COMPARISONS.alertStates(), COMPARISONS.activeAlerts());
            for (String name : onDisk) {
                assertThat(store(driver, name).persistent()).as(name + " on disk").isTrue();
            }
            for (String name : inMemory) {
                assertThat(store(driver, name).persistent()).as(name + " in memory").isFalse();
            }
            assertThat(driver.getAllStateStores().keySet()).containsAll(onDisk).containsAll(inMemory);
        }
    }

    private static StateStore store(TopologyTestDriver driver, String name) {
        StateStore store = driver.getAllStateStores().get(name);
        assertThat(store).as(name).isNotNull();
        return store;
    }
}
