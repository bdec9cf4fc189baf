package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.http.ApiFixtures;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import io.driftwatch.topology.serde.AvroBinarySerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

class FiringAlertIndexTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final List<String> MODELS = List.of("fraud", "churn", "eta");
    private static final List<String> VERSIONS = List.of("1", "2");

    /**
     * Over random transitions, written to the store as the report publisher writes them, and restarts that rebuild the
     * index from the store, the firing alerts the index gives for each model version are those a scan of the whole
     * store finds for it, in the store's order.
     */
    @Property(tries = 200)
    void givesWhatAScanOfTheWholeStoreGives(@ForAll long seed) {
        Random rnd = new Random(seed);
        KeyValueStore<String, Alert> store = store();
        FiringAlertIndex index = FiringAlertIndex.of(store);
        for (int step = 0; step < 150; step++) {
            if (rnd.nextInt(25) == 0) {
                index = FiringAlertIndex.of(store);
            }
            String model = MODELS.get(rnd.nextInt(MODELS.size()));
            String version = VERSIONS.get(rnd.nextInt(VERSIONS.size()));
            // Fingerprints are per model version in the application; here one may move between versions too.
            Alert alert = ApiFixtures.alert(String.format("%032x", rnd.nextInt(12)), model, version,
                Severity.WARNING, T.plusSeconds(step));
            if (rnd.nextInt(3) > 0) {
                store.put(alert.getFingerprint(), alert);
            } else {
                alert = Alert.newBuilder(alert).setStatus(AlertStatus.RESOLVED).setEndsAt(T.plusSeconds(step)).build();
                store.delete(alert.getFingerprint());
            }
            index.transition(alert);
            for (String m : MODELS) {
                for (String v : VERSIONS) {
                    assertThat(index.firingOf(m, v, store)).as("%s v%s after step %d", m, v, step)
                        .isEqualTo(scan(store, m, v));
                }
            }
        }
    }

    private static List<Alert> scan(KeyValueStore<String, Alert> store, String model, String version) {
        List<Alert> firing = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getModelId().equals(model) && kv.value.getModelVersion().equals(version)) {
                    firing.add(kv.value);
                }
            });
        }
        return firing;
    }

    private static KeyValueStore<String, Alert> store() {
        KeyValueStore<String, Alert> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("active-alerts"),
            Serdes.String(), new AvroBinarySerde<>(Alert.class)).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
