package io.driftwatch.metrics;

import io.driftwatch.schemas.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code driftwatch_alerts_active}: the alerts firing in this instance's stores, per model version,
 * rule and severity, set from those stores when {@code /metrics} is scraped.
 *
 * <p>Counted from the stores, not from the transitions this process happened to emit: a count kept in
 * memory started at zero after every restart while alerts restored from the changelogs were still
 * firing, and a task that moved to another instance left its alerts counted on the old one. The stores
 * are what the alerts' lifecycle itself reads, so the gauge and the {@code alerts} topic agree, and
 * the sum over the instances counts each alert once (only active tasks are read).
 */
public final class ActiveAlertsGauge {

    private final MultiGauge gauge;

    public ActiveAlertsGauge(MeterRegistry registry) {
        this.gauge = MultiGauge.builder("driftwatch_alerts_active")
            .description("Alerts firing, by model version, rule and severity, in this instance's active tasks")
            .register(registry);
    }

    /** The gauge's series become {@code firing}'s counts of distinct fingerprints; series not among them go. */
    public void set(Collection<Alert> firing) {
        Map<Tags, Set<String>> fingerprints = new LinkedHashMap<>();
        for (Alert a : firing) {
            Tags tags = Tags.of("model", a.getModelId(), "version", a.getModelVersion(), "rule", a.getRule(),
                "severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
            fingerprints.computeIfAbsent(tags, t -> new HashSet<>()).add(a.getFingerprint());
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        fingerprints.forEach((tags, ids) -> rows.add(MultiGauge.Row.of(tags, ids.size())));
        gauge.register(rows, true);
    }
}
