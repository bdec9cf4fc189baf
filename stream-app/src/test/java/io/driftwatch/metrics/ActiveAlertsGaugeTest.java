package io.driftwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.http.ApiFixtures;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import io.driftwatch.topology.serde.AvroBinarySerde;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** {@code driftwatch_alerts_active} as the sum of what each task of the instance holds firing. */
class ActiveAlertsGaugeTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActiveAlertsGauge gauge = new ActiveAlertsGauge(registry);

    @Test
    void aTaskCountsTheAlertsFiringInItsStoreWhenItStarts() {
        gauge.addTask(store(alert("a1", "fraud", Severity.CRITICAL), alert("a2", "fraud", Severity.CRITICAL),
            alert("a3", "churn", Severity.WARNING)));

        assertThat(active("fraud", "critical")).isEqualTo(2.0);
        assertThat(active("churn", "warning")).isEqualTo(1.0);
    }

    /** Distinct alerts: one that fires again (a later window, another severity) is still one alert. */
    @Test
    void theCountFollowsEachTransitionTheTaskWrites() {
        TaskFiringAlerts task = gauge.addTask(store());
        Alert a1 = alert("a1", "fraud", Severity.WARNING);

        task.record("a1", a1);
        task.record("a1", a1);
        assertThat(active("fraud", "warning")).isEqualTo(1.0);
        task.record("a2", alert("a2", "fraud", Severity.WARNING));
        assertThat(active("fraud", "warning")).isEqualTo(2.0);
        task.record("a1", Alert.newBuilder(a1).setSeverity(Severity.CRITICAL).build());
        assertThat(active("fraud", "warning")).isEqualTo(1.0);
        assertThat(active("fraud", "critical")).isEqualTo(1.0);

        task.record("a1", resolved(a1));
        assertThat(active("fraud", "critical")).as("no alert of its tags fires: the series goes").isNull();
        task.record("a2", resolved(alert("a2", "fraud", Severity.WARNING)));
        assertThat(registry.find("driftwatch_alerts_active").gauges()).isEmpty();
    }

    /** Two tasks of one instance hold alerts of the same tags only with different fingerprints: both count. */
    @Test
    void twoTasksWithAlertsOfTheSameTagsAddUpUntilEachIsWithdrawn() {
        TaskFiringAlerts first = gauge.addTask(store(alert("a1", "fraud", Severity.CRITICAL)));
        TaskFiringAlerts second = gauge.addTask(store(alert("a2", "fraud", Severity.CRITICAL)));
        assertThat(active("fraud", "critical")).isEqualTo(2.0);
        second.record("a3", alert("a3", "fraud", Severity.CRITICAL));
        assertThat(active("fraud", "critical")).isEqualTo(3.0);

        first.withdraw();
        assertThat(active("fraud", "critical")).isEqualTo(2.0);
        // Whatever it is told after, a withdrawn part cannot bring a closed task's alerts back into the count.
        first.record("a4", alert("a4", "fraud", Severity.CRITICAL));
        assertThat(active("fraud", "critical")).isEqualTo(2.0);
        second.withdraw();
        assertThat(registry.find("driftwatch_alerts_active").gauges()).isEmpty();
    }

    private Double active(String model, String severity) {
        Gauge g = registry.find("driftwatch_alerts_active")
            .tags("model", model, "version", "3", "rule", "feature-drift", "severity", severity).gauge();
        return g == null ? null : g.value();
    }

    private static Alert alert(String fingerprint, String model, Severity severity) {
        return ApiFixtures.alert(fingerprint, model, "3", severity, T);
    }

    private static Alert resolved(Alert firing) {
        return Alert.newBuilder(firing).setStatus(AlertStatus.RESOLVED).setEndsAt(T.plusSeconds(60)).build();
    }

    /** An active-alerts store as a task's restore leaves it, keyed by fingerprint. */
    private static KeyValueStore<String, Alert> store(Alert... firing) {
        KeyValueStore<String, Alert> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("active-alerts"),
            Serdes.String(), new AvroBinarySerde<>(Alert.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (Alert a : firing) {
            store.put(a.getFingerprint(), a);
        }
        return store;
    }
}
