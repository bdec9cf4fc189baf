package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default {@code prediction-drift} rule: on the version's own baseline only. */
class PredictionDriftRuleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    private final Map<String, AlertState> states = new HashMap<>();
    private final RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);

    @Test
    void driftedOutputsFireAgainstTheVersionsOwnBaseline() {
        List<Alert> fired = engine.evaluate(report(0, false), AlertStateStore.over(states));

        assertThat(fired).extracting(Alert::getRule, Alert::getStatus, Alert::getSummary)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("prediction-drift", AlertStatus.FIRING,
                "fraud-scorer v3: predictions drifted (KS p-value 1.000e-09 < 3.200e-05) (warning)"));
    }

    /** A new version compared with another version's baseline predicts differently by design: a comparison's question. */
    @Test
    void notAgainstAnotherVersionsBaseline() {
        assertThat(engine.evaluate(report(0, true), AlertStateStore.over(states))).isEmpty();
        // Once the version has its own baseline, the same outputs are its drift.
        assertThat(engine.evaluate(report(1, false), AlertStateStore.over(states))).extracting(Alert::getRule)
            .containsExactly("prediction-drift");
    }

    private static WindowReport report(int window, boolean fallback) {
        FeatureDrift prediction = Reports.drift("prediction", "ks", 0.3, 1e-9, 3.2e-5, Verdict.DRIFT,
            Map.of(SignificancePolicy.P_VALUE_STATISTIC, 1e-9, SignificancePolicy.LEVEL_STATISTIC, 3.2e-5));
        WindowReport report = Reports.window("fraud-scorer", "3", window).setPredictionDrift(prediction).build();
        report.getBaseline().setFallback(fallback);
        return report;
    }
}
