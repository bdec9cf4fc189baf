package io.driftwatch.connect;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One element of the JSON array Alertmanager's {@code POST /api/v2/alerts} takes
 * ({@code postableAlert} in Alertmanager's OpenAPI spec). Alertmanager identifies an alert by its
 * label set.
 *
 * @param labels       identity and routing labels, at least {@code alertname}
 * @param annotations  information for people: summary, description, runbook_url, ...
 * @param startsAt     when the alert started firing
 * @param endsAt       when it stops being active: in the past for a resolved alert
 * @param generatorUrl link back to the source, or {@code null}
 */
record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorUrl) {

    public PostableAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
    }
}
