package io.driftwatch.metrics;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One task's part of {@link ActiveAlertsGauge}: the alerts firing in its active-alerts store, by store key, so
 * that its counts are of distinct alerts however often one of them fires again. Made by
 * {@link ActiveAlertsGauge#addTask}; guarded by that gauge's lock, as its sums read every task's part.
 */
public final class TaskFiringAlerts {

    private final ActiveAlertsGauge gauge;
    private final Map<String, Tags> firing = new HashMap<>();

    TaskFiringAlerts(ActiveAlertsGauge gauge) {
        this.gauge = gauge;
    }

    /** A transition the task wrote to its active-alerts store under {@code key}: FIRING put it there, RESOLVED removed it. */
    public void record(String key, Alert transition) {
        gauge.changed(this, () -> count(key, transition));
    }

    /** The task is closing: its alerts are no longer counted here (its next owner counts them from its store). */
    public void withdraw() {
        gauge.remove(this);
    }

    void count(String key, Alert alert) {
        if (alert.getStatus() == AlertStatus.FIRING) {
            firing.put(key, Tags.of("model", alert.getModelId(), "version", alert.getModelVersion(),
                "rule", alert.getRule(), "severity", alert.getSeverity().name().toLowerCase(Locale.ROOT)));
        } else {
            firing.remove(key);
        }
    }

    Map<Tags, Integer> counts() {
        Map<Tags, Integer> counts = new LinkedHashMap<>();
        firing.values().forEach(tags -> counts.merge(tags, 1, Integer::sum));
        return counts;
    }
}
