package io.driftwatch.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a rule set on each window report and returns the alert transitions of that window.
 *
 * <p>For every rule whose model glob matches the report's model id, the rule's metric is read from
 * the report once (rules sharing a metric share the observations), each observation its selectors
 * select is fingerprinted ({@link AlertFingerprint}), and its state goes through
 * {@link AlertLifecycle}. Work per report is proportional to (rules × observations of their
 * metrics). Every fingerprint that has had an observation keeps its state, idle or not: the state
 * remembers the last window it evaluated, and that is what keeps a late revision of an older window
 * (late labels) from firing again. Forgetting idle states once made such a revision look like a new
 * fingerprint, which fired again for a window long resolved (issue #12). The cost is one small
 * write (about 30 bytes) per observed fingerprint and window.
 *
 * <p>Not thread-safe: one engine per stream task. Rule sets are immutable; to change rules, make a
 * new engine over the same store (state is kept by fingerprint, which depends on the rule's name
 * only, so a rule whose threshold changes keeps its state).
 */
public final class RuleEngine {

    private final RuleSet ruleSet;
    private final Clock clock;
    private final AlertFingerprint fingerprints = new AlertFingerprint();

    /**
     * @param ruleSet the rules to evaluate
     * @param clock   source of the alerts' emitted_at
     */
    public RuleEngine(RuleSet ruleSet, Clock clock) {
        this.ruleSet = Objects.requireNonNull(ruleSet, "ruleSet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /**
     * Evaluates one window report.
     *
     * @param report the report (a revision of an already evaluated window replaces its evaluation)
     * @param states alert state by fingerprint, read and written
     * @return the FIRING and RESOLVED alerts of this window, in rule order then report order
     */
    public List<Alert> evaluate(WindowReport report, AlertStateStore states) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(states, "states");
        Map<Metric, List<Observation>> observationsByMetric = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (Rule rule : ruleSet.rules()) {
            if (!rule.appliesTo(report.getModelId())) {
                continue;
            }
            List<Observation> observations = observationsByMetric.computeIfAbsent(rule.metric(),
                    metric -> metric.observe(report));
            for (Observation observation : observations) {
                if (rule.selects(observation)) {
                    evaluate(rule, report, observation, states).ifPresent(alerts::add);
                }
            }
        }
        return alerts;
    }

    private Optional<Alert> evaluate(Rule rule, WindowReport report, Observation observation, AlertStateStore states) {
        String fingerprint = fingerprints.of(report.getModelId(), report.getModelVersion(), rule.name(),
                observation.feature(), observation.segment());
        Optional<AlertState> stored = states.get(fingerprint);
        AlertState before = stored.orElse(AlertState.initial());
        AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, before, Optional.of(observation),
                report.getWindowEnd());
        AlertState after = evaluation.state();
        if (!after.equals(before)) {
            states.put(fingerprint, after);
        }
        return evaluation.transition().map(status ->
                AlertFactory.build(rule, report, observation, fingerprint, evaluation, clock.instant()));
    }
}
