package io.driftwatch.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Firing alerts that the rules in force no longer cover: their rule was removed (or renamed), or its model,
 * feature or segment selector no longer matches them. No evaluation would ever resolve them, and the
 * Alertmanager connector would re-post them, so a rules change resolves them.
 */
public final class UncoveredAlerts {

    private UncoveredAlerts() {
    }

    /** Why {@code rules} no longer cover a firing {@code alert}, or empty when they do (or it is not firing). */
    public static Optional<String> whyUncovered(RuleSet rules, Alert alert) {
        if (alert.getStatus() != AlertStatus.FIRING) {
            return Optional.empty();
        }
        Optional<Rule> rule = rules.rule(alert.getRule());
        if (rule.isEmpty()) {
            return Optional.of("was removed");
        }
        boolean covered = rule.get().appliesTo(alert.getModelId())
                && rule.get().selects(new Observation(alert.getFeature(), alert.getSegment(), 0, 0));
        return covered ? Optional.empty() : Optional.of("no longer covers it");
    }

    /** The RESOLVED transitions, as of {@code now}, of those of {@code active} that {@code rules} no longer cover. */
    public static java.util.List<Alert> resolvedAmong(Iterable<Alert> active, RuleSet rules, Instant now) {
        java.util.List<Alert> resolved = new java.util.ArrayList<>();
        for (Alert alert : active) {
            whyUncovered(rules, alert).ifPresent(why -> resolved.add(resolved(alert, why, rules, now)));
        }
        return resolved;
    }

    /** The RESOLVED transition of a firing alert its rule no longer covers, as of {@code now}. */
    public static Alert resolved(Alert firing, String why, RuleSet rules, Instant now) {
        Instant startsAt = firing.getStartsAt();
        return Alert.newBuilder(firing)
                .setStatus(AlertStatus.RESOLVED)
                .setEndsAt(startsAt != null && startsAt.isAfter(now) ? startsAt : now)
                .setEmittedAt(now)
                .setSummary(firing.getModelId() + " v" + firing.getModelVersion() + ": resolved, its rule '"
                        + firing.getRule() + "' " + why + " (rules@" + rules.digest().substring(0, 12) + ")")
                .build();
    }
}
