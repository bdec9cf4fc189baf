package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/alerting.md, "One alert per problem": while a stronger rule of the group fires, "an alert of theirs
 * that was firing resolves at once", and "a rule about the model version as a whole inhibits per-feature rules
 * for every feature", whatever the weaker rule's own figure says in that window, or whether it has one.
 */
class InhibitedAlertsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    private final RuleEngineReplay replay = new RuleEngineReplay(RulesFile.defaults(), CLOCK);

    @Test
    void aFiringWeakerAlertResolvesWhenDatasetDriftFiresThoughItsFeatureIsUncertain() {
        WindowReport w0 = Reports.withFeatures(Reports.window("fraud-scorer", "3", 0),
                List.of(Reports.psi("amount", 0.15), Reports.psi("age", 0.02), Reports.psi("income", 0.02))).build();
        assertThat(evaluate(w0)).containsExactly("feature-psi-moderate amount FIRING");

        WindowReport w1 = Reports.withFeatures(Reports.window("fraud-scorer", "3", 1),
                List.of(Reports.drift("amount", "psi", 0.2, null, 0.1, Verdict.UNCERTAIN, Map.of("psi", 0.2)),
                        Reports.psi("age", 0.3), Reports.psi("income", 0.4))).build();
        assertThat(evaluate(w1)).containsExactly("dataset-drift null FIRING", "feature-psi-moderate amount RESOLVED");
        assertThat(replay.firing()).extracting(Alert::getRule).containsExactly("dataset-drift");
    }

    @Test
    void aFiringWeakerAlertWithNoObservationInTheWindowResolvesWhenDatasetDriftFires() {
        // feature-drift fires on the default test's verdict; an UNCERTAIN verdict gives feature.drift no value.
        WindowReport w0 = Reports.withFeatures(Reports.window("fraud-scorer", "3", 0),
                List.of(Reports.ks("amount", 0.2, 1e-9, 0.05), Reports.ks("age", 0.01, 0.9, 0.05),
                        Reports.ks("income", 0.01, 0.9, 0.05))).build();
        assertThat(evaluate(w0)).containsExactly("feature-drift amount FIRING");

        WindowReport w1 = Reports.withFeatures(Reports.window("fraud-scorer", "3", 1),
                List.of(Reports.drift("amount", "ks", 0.2, 0.04, 0.05, Verdict.UNCERTAIN, Map.of("ks", 0.2)),
                        Reports.ks("age", 0.3, 1e-9, 0.05), Reports.ks("income", 0.3, 1e-9, 0.05))).build();
        Alert featureAlert = replay.firing().get(0);
        List<Alert> transitions = replay.evaluate(w1);
        assertThat(transitions).extracting(a -> a.getRule() + " " + a.getFeature() + " " + a.getStatus())
                .containsExactly("dataset-drift null FIRING", "feature-drift amount RESOLVED");
        Alert resolved = transitions.get(1);
        assertThat(resolved.getFingerprint()).isEqualTo(featureAlert.getFingerprint());
        assertThat(resolved.getEvidence().getDetails().get("resolved_because"))
                .isEqualTo("inhibited by dataset-drift");
        assertThat(resolved.getEndsAt()).isEqualTo(w1.getWindowEnd());

        // Resolved once: the next window with dataset drift still firing emits nothing for it.
        WindowReport w2 = Reports.withFeatures(Reports.window("fraud-scorer", "3", 2),
                List.of(Reports.drift("amount", "ks", 0.2, 0.04, 0.05, Verdict.UNCERTAIN, Map.of("ks", 0.2)),
                        Reports.ks("age", 0.3, 1e-9, 0.05), Reports.ks("income", 0.3, 1e-9, 0.05))).build();
        assertThat(replay.evaluateAsIfFiring(w2, List.of(featureAlert))).isEmpty();
    }

    private List<String> evaluate(WindowReport report) {
        return replay.evaluate(report).stream().map(a -> a.getRule() + " " + a.getFeature() + " " + a.getStatus()).toList();
    }
}
