package io.driftwatch.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule engine fed one report after another, keeping between them what the merge stage keeps: the alert states
 * and the alerts firing, which each evaluation is given.
 */
final class RuleEngineReplay {

    private final RuleEngine engine;
    private final AlertStateStore store = AlertStateStore.inMemory();
    private final List<Alert> firing = new ArrayList<>();

    RuleEngineReplay(RuleSet rules, Clock clock) {
        this.engine = new RuleEngine(rules, clock);
    }

    /** The report's transitions; a FIRING one joins the alerts firing, a RESOLVED one leaves them. */
    List<Alert> evaluate(WindowReport report) {
        List<Alert> transitions = engine.evaluate(report, store, List.copyOf(firing));
        for (Alert alert : transitions) {
            firing.removeIf(a -> a.getFingerprint().equals(alert.getFingerprint()));
            if (alert.getStatus() == AlertStatus.FIRING) {
                firing.add(alert);
            }
        }
        return transitions;
    }

    /** The report's transitions when {@code firing} are the alerts said to fire; nothing is kept of them. */
    List<Alert> evaluateAsIfFiring(WindowReport report, List<Alert> firing) {
        return engine.evaluate(report, store, firing);
    }

    List<Alert> firing() {
        return List.copyOf(firing);
    }
}
