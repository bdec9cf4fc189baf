package io.driftwatch.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps an {@link AlertTransition} to the alert Alertmanager receives.
 *
 * <p>Labels: {@code alertname} (the rule), {@code model}, {@code version}, {@code feature} and
 * {@code segment} when set, {@code severity} in lower case, plus the rule's own labels. The rule's
 * labels cannot replace these (they identify the alert); label names Alertmanager 0.25 would
 * refuse ({@code [a-zA-Z_][a-zA-Z0-9_]*}) have every other character replaced by {@code _}.
 *
 * <p>Times: a firing alert is valid until {@code now + validity}, so Alertmanager keeps it active
 * only while this connector keeps re-posting it (as Prometheus does with 4 x its resend delay),
 * independent of Alertmanager's {@code resolve_timeout}. A resolved alert ends at its
 * {@code ends_at}, or now when absent. Times later than now (clock skew between Driftwatch and the
 * worker) are taken as now, so a resolved alert is never active in Alertmanager.
 */
final class PostableAlertMapper {

    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

    private final String generatorUrlTemplate;
    private final Duration firingValidity;

    /**
     * @param generatorUrlTemplate URL with {@code {model_id}}, {@code {model_version}}, {@code {rule}},
     *                             {@code {fingerprint}} placeholders, or empty for none
     * @param firingValidity       how long a posted firing alert stays active without a re-post
     */
    PostableAlertMapper(String generatorUrlTemplate, Duration firingValidity) {
        this.generatorUrlTemplate = generatorUrlTemplate == null ? "" : generatorUrlTemplate;
        this.firingValidity = firingValidity;
    }

    PostableAlert map(AlertTransition alert, Instant now) {
        Instant startsAt = earlier(alert.startsAt(), now);
        Instant endsAt;
        if (alert.firing()) {
            endsAt = now.plus(firingValidity);
        } else {
            Instant resolvedAt = alert.endsAt() == null ? now : earlier(alert.endsAt(), now);
            endsAt = resolvedAt.isBefore(startsAt) ? startsAt : resolvedAt;
        }
        return new PostableAlert(labels(alert), annotations(alert), startsAt, endsAt, generatorUrl(alert));
    }

    static Map<String, String> labels(AlertTransition alert) {
        Map<String, String> labels = new LinkedHashMap<>();
        alert.labels().forEach((name, value) -> putIfNotBlank(labels, labelName(name), value));
        putIfNotBlank(labels, "alertname", alert.rule());
        putIfNotBlank(labels, "model", alert.modelId());
        putIfNotBlank(labels, "version", alert.modelVersion());
        putIfNotBlank(labels, "feature", alert.feature());
        putIfNotBlank(labels, "segment", alert.segment());
        putIfNotBlank(labels, "severity", alert.severity().name().toLowerCase(Locale.ROOT));
        return labels;
    }

    static Map<String, String> annotations(AlertTransition alert) {
        Map<String, String> annotations = new LinkedHashMap<>();
        putIfNotBlank(annotations, "summary", alert.summary() != null ? alert.summary()
                : alert.rule() + " " + alert.status().name().toLowerCase(Locale.ROOT) + " for " + AlertText.subject(alert));
        putIfNotBlank(annotations, "description", AlertText.description(alert));
        putIfNotBlank(annotations, "runbook_url", alert.runbookUrl());
        putIfNotBlank(annotations, "metric", alert.metric());
        if (alert.observedValue() != null) {
            annotations.put("observed_value", AlertText.number(alert.observedValue()));
        }
        if (alert.threshold() != null) {
            annotations.put("threshold", AlertText.number(alert.threshold()));
        }
        putIfNotBlank(annotations, "comparator", alert.comparator());
        if (alert.windowStart() != null) {
            annotations.put("window_start", alert.windowStart().toString());
        }
        if (alert.windowEnd() != null) {
            annotations.put("window_end", alert.windowEnd().toString());
        }
        annotations.put("fingerprint", alert.fingerprint());
        return annotations;
    }

    private String generatorUrl(AlertTransition alert) {
        if (generatorUrlTemplate.isBlank()) {
            return null;
        }
        return generatorUrlTemplate
                .replace("{model_id}", encode(alert.modelId()))
                .replace("{model_version}", encode(alert.modelVersion()))
                .replace("{rule}", encode(alert.rule()))
                .replace("{fingerprint}", encode(alert.fingerprint()));
    }

    /** A label name Alertmanager accepts: invalid characters become '_', a leading digit gets a '_' before it. */
    static String labelName(String name) {
        String sanitized = INVALID_LABEL_CHARS.matcher(name).replaceAll("_");
        return sanitized.isEmpty() || Character.isDigit(sanitized.charAt(0)) ? "_" + sanitized : sanitized;
    }

    private static void putIfNotBlank(Map<String, String> map, String key, String value) {
        // Alertmanager treats an empty label value as an absent label; leave such entries out.
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
