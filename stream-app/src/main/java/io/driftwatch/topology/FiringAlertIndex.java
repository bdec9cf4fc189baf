package io.driftwatch.topology;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fingerprints of a task's firing alerts by model version, so that the rules of a report get the firing alerts of
 * its version from the active-alerts store without decoding every alert the task holds. Read once, per report, that
 * was a scan of the whole store: cheap for a few alerts, but a task of hundreds of models with some alerts each
 * decoded them all for every window of every model.
 *
 * <p>Built from the store when the task starts (after its restore), then told each transition written to the store; a
 * task that fails or moves is rebuilt from the store the next time it starts, so the index holds what the store holds.
 * Single-threaded: one stream task owns it.
 */
final class FiringAlertIndex {

    private record Version(String model, String version) {
    }

    private final Map<Version, SortedSet<String>> byVersion = new HashMap<>();
    private final Map<String, Version> versionOf = new HashMap<>();

    /** The index of what {@code store} holds now. */
    static FiringAlertIndex of(KeyValueStore<String, Alert> store) {
        FiringAlertIndex index = new FiringAlertIndex();
        try (KeyValueIterator<String, Alert> it = store.all()) {
            it.forEachRemaining(kv -> index.add(kv.key, kv.value));
        }
        return index;
    }

    /** A transition written to the store: a FIRING alert is put under its fingerprint, any other deletes it. */
    void transition(Alert alert) {
        if (alert.getStatus() == AlertStatus.FIRING) {
            add(alert.getFingerprint(), alert);
        } else {
            remove(alert.getFingerprint());
        }
    }

    /** The firing alerts of a model version, read from {@code store} in the order of their fingerprints (the store's). */
    List<Alert> firingOf(String model, String version, KeyValueStore<String, Alert> store) {
        SortedSet<String> fingerprints = byVersion.get(new Version(model, version));
        if (fingerprints == null) {
            return List.of();
        }
        List<Alert> firing = new ArrayList<>(fingerprints.size());
        for (String fingerprint : fingerprints) {
            Alert alert = store.get(fingerprint);
            if (alert == null) {
                throw new IllegalStateException("alert " + fingerprint + " is indexed as firing but not in " + store.name());
            }
            firing.add(alert);
        }
        return firing;
    }

    private void add(String fingerprint, Alert alert) {
        remove(fingerprint);
        Version version = new Version(alert.getModelId(), alert.getModelVersion());
        byVersion.computeIfAbsent(version, v -> new TreeSet<>()).add(fingerprint);
        versionOf.put(fingerprint, version);
    }

    private void remove(String fingerprint) {
        Version version = versionOf.remove(fingerprint);
        if (version != null) {
            SortedSet<String> fingerprints = byVersion.get(version);
            fingerprints.remove(fingerprint);
            if (fingerprints.isEmpty()) {
                byVersion.remove(version);
            }
        }
    }
}
