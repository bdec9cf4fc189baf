package io.driftwatch.alerting;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * <p>Rules sharing an {@code inhibit_group} label make one alert per problem: see {@link Inhibition}.
 * A rule's threshold is the practical bar; where the rule has a significance test
 * ({@link SignificanceGate}), a figure must also be significant at the false-alarm target's level.
 *
 * <p>Not thread-safe: one engine per stream task. Rule sets are immutable; to change rules, make a
 * new engine over the same store (state is kept by fingerprint, which depends on the rule's name
 * only, so a rule whose threshold changes keeps its state).
 */
public final class RuleEngine {

    private final RuleSet ruleSet;
    private final Clock clock;
    private final AlertFingerprint fingerprints = new AlertFingerprint();
    private final Inhibition inhibition;
    private final SignificanceGate significance;
    private final ProblemPersistence persistence;

    /**
     * @param ruleSet the rules to evaluate
     * @param clock   source of the alerts' emitted_at
     */
    public RuleEngine(RuleSet ruleSet, Clock clock) {
        this.ruleSet = Objects.requireNonNull(ruleSet, "ruleSet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inhibition = new Inhibition(ruleSet.rules());
        this.significance = new SignificanceGate(ruleSet.significancePolicy());
        this.persistence = new ProblemPersistence(significance,
                ruleSet.significancePolicy().map(SignificancePolicy::resolveLevel).orElse(0.0));
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    /**
     * Evaluates one window report, without the alerts already firing: a weaker rule's alert that this report
     * has no observation of is not resolved by a stronger rule firing (see the three-argument form).
     */
    public List<Alert> evaluate(WindowReport report, AlertStateStore states) {
        return evaluate(report, states, List.of());
    }

    /**
     * Evaluates one window report.
     *
     * @param report the report (a revision of an already evaluated window replaces its evaluation)
     * @param states alert state by fingerprint, read and written
     * @param firing the alerts firing before this report (any model version: others are ignored). One that a
     *               stronger rule of its group now inhibits resolves at once even when this report does not
     *               evaluate it: it has no observation here (a feature gone UNCERTAIN or absent), or the report
     *               is of a window older than its own last one (a revision that fired the stronger rule). One
     *               alert per problem does not wait for the weaker figure to be measured again.
     * @return the FIRING and RESOLVED alerts of this window, in rule order then report order, then those
     *         resolved without being evaluated, in rule order
     */
    public List<Alert> evaluate(WindowReport report, AlertStateStore states, Collection<Alert> firing) {
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
                    evaluate(rule, report, observation, states, observationsByMetric).ifPresent(alerts::add);
                }
            }
        }
        for (Rule rule : ruleSet.rules()) {
            if (inhibition.inhibitorsOf(rule).isEmpty() || !rule.appliesTo(report.getModelId())) {
                continue;
            }
            firing.stream()
                    .filter(alert -> alert.getStatus() == AlertStatus.FIRING && rule.name().equals(alert.getRule())
                            && report.getModelId().equals(alert.getModelId())
                            && report.getModelVersion().equals(alert.getModelVersion()))
                    .sorted(Comparator.comparing(Alert::getFingerprint))
                    .forEach(alert -> resolveInhibited(rule, report, alert, states).ifPresent(alerts::add));
        }
        return alerts;
    }

    private Optional<Alert> evaluate(Rule rule, WindowReport report, Observation observation, AlertStateStore states,
                                     Map<Metric, List<Observation>> observationsByMetric) {
        String fingerprint = fingerprints.of(report.getModelId(), report.getModelVersion(), rule.name(),
                observation.feature(), observation.segment());
        SignificanceGate.Outcome significant = significance.of(rule, report, observation);
        Optional<AlertState> stored = states.get(fingerprint);
        boolean wasFiring = stored.map(AlertState::firing).orElse(false);
        // Before the shortcuts below: a stronger rule of the group that fires ends this one's alert at once,
        // whatever this window says of its own problem (one alert per problem).
        Optional<Rule> inhibitor = inhibitor(rule, report, observation, states)
                .or(() -> standIn(rule, report, observation, states));
        if (significant == SignificanceGate.Outcome.UNDECIDED && !(wasFiring && inhibitor.isPresent())) {
            // The data at hand cannot say (UNCERTAIN): no evidence either way, like an absent observation.
            return Optional.empty();
        }
        AlertState before = stored.orElse(AlertState.initial());
        boolean persisting = wasFiring && inhibitor.isEmpty()
                && stillShowsProblem(rule, significant, report, observation, observationsByMetric);
        boolean breach = significant == SignificanceGate.Outcome.SIGNIFICANT && rule.breachedBy(observation.value());
        if (wasFiring && inhibitor.isEmpty() && !persisting && !breach && awaitsLabels(rule, report)) {
            return Optional.empty();
        }
        AlertLifecycle.Evaluation evaluation = persisting
                ? AlertLifecycle.evaluatePersisting(rule, before, observation, report.getWindowEnd())
                : AlertLifecycle.evaluate(rule, before, Optional.of(observation), report.getWindowEnd(),
                        inhibitor.isPresent(), significant == SignificanceGate.Outcome.SIGNIFICANT);
        AlertState after = evaluation.state();
        if (!after.equals(before)) {
            states.put(fingerprint, after);
        }
        // Why a RESOLVED alert resolved although its figure still crosses the threshold.
        String because = inhibitor.map(stronger -> "inhibited by " + stronger.name())
                .orElse(significant == SignificanceGate.Outcome.NOT_SIGNIFICANT && rule.breachedBy(observation.value())
                        ? "within sampling noise at the false-alarm target's level" : null);
        return evaluation.transition().map(status ->
                AlertFactory.build(rule, report, observation, fingerprint, evaluation, clock.instant(), because));
    }

    /**
     * An alert still firing after this report's evaluation, resolved when a stronger rule of its group fires or
     * breaches in this window; it reports its last figure. When the report is of a window older than the alert's
     * last one, the alert resolves as of that last window, so that it does not end before it started.
     */
    private Optional<Alert> resolveInhibited(Rule rule, WindowReport report, Alert alert, AlertStateStore states) {
        Optional<AlertState> stored = states.get(alert.getFingerprint());
        if (stored.isEmpty() || !stored.get().firing()) {
            return Optional.empty();
        }
        double last = Double.isFinite(stored.get().lastValue()) ? stored.get().lastValue() : alert.getObservedValue();
        Observation lastSeen = new Observation(alert.getFeature(), alert.getSegment(), last, 0);
        Optional<Rule> inhibitor = inhibitor(rule, report, lastSeen, states);
        if (inhibitor.isEmpty()) {
            return Optional.empty();
        }
        Instant lastEnd = stored.get().lastWindowEnd();
        Instant at = lastEnd != null && lastEnd.isAfter(report.getWindowEnd()) ? lastEnd : report.getWindowEnd();
        AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, stored.get(), Optional.of(lastSeen), at, true);
        if (!evaluation.state().equals(stored.get())) {
            states.put(alert.getFingerprint(), evaluation.state());
        }
        return evaluation.transition().map(status -> {
            Alert resolved = AlertFactory.build(rule, report, lastSeen, alert.getFingerprint(), evaluation, clock.instant(),
                    "inhibited by " + inhibitor.get().name());
            if (!at.equals(report.getWindowEnd())) {
                // A fingerprint's alerts move forward in window time: this one is of its own last window.
                resolved.setWindowStart(at.minus(Duration.between(report.getWindowStart(), report.getWindowEnd())));
                resolved.setWindowEnd(at);
                resolved.setEndsAt(at);
            }
            return resolved;
        });
    }

    /**
     * Whether the report's window still awaits labels that the monitor knows will come ({@code labels.complete.after}
     * set and its delay not yet passed), for a rule whose figure or test counts them. A firing alert is then neither
     * held nor cleared by the window: it is not judged yet, as when its figure is absent, and the report that finds its
     * labels complete judges it, if no later window has been judged before. A report on part of a window's labels that
     * no longer tells the problem apart from noise is no evidence that the problem ended: the test lacks the rest of
     * the labels, not the drop. Counting it as clear resolved an accuracy alert that the window's complete labels then
     * showed still there, and a revision may not fire twice, so the next window fired it again: 1.11 episodes per
     * detected run for a drop of 5 points on 2,000-event windows whose labels came in three parts (bench/RESULTS.md,
     * section 4, "Resolved on complete labels"). The price is that such an alert resolves no sooner than the delay
     * after its problem ends. Without the setting the monitor cannot tell a window's last labels from its first, and
     * every report is judged.
     */
    private static boolean awaitsLabels(Rule rule, WindowReport report) {
        return rule.metric().fromLabels() && report.getQuality() != null
                && Boolean.FALSE.equals(report.getQuality().getLabelsComplete());
    }

    /**
     * Whether this window, short of a significant breach, still shows a firing alert's problem: the alert keeps firing
     * and the window breaks its run of clear windows ({@link AlertLifecycle#evaluatePersisting}). Significance starts
     * an episode; it does not end one. A problem still told apart from noise at a lenient level
     * ({@link ProblemPersistence}), and another bar of the same problem still crossed or held, are not its end either.
     */
    private boolean stillShowsProblem(Rule rule, SignificanceGate.Outcome significant, WindowReport report,
                                    Observation observation, Map<Metric, List<Observation>> observationsByMetric) {
        boolean breached = rule.breachedBy(observation.value());
        if (significant == SignificanceGate.Outcome.SIGNIFICANT && breached) {
            return false; // a breach: the lifecycle counts it
        }
        if (persistence.persists(rule, report, observation)
                || sameProblemShown(rule, report, observation, observationsByMetric)) {
            return true;
        }
        MetricFamily family = rule.metric().family();
        if (significant == SignificanceGate.Outcome.NOT_SIGNIFICANT && breached && family != MetricFamily.FEATURE_STATISTIC
                && family != MetricFamily.PREDICTION_STATISTIC) {
            // The figure still crosses the threshold without significance this window: a real drop near the bar
            // would otherwise resolve and fire again whenever one window's test fell short. Distances (PSI,
            // Wasserstein, ...) are left out: they are biased upward in small windows, where a gone drift would
            // still cross the bar.
            return true;
        }
        // A detector resets after each signal and is quiet until it has seen enough errors again: a quiet window
        // whose accuracy is still significantly below the baseline's is no evidence that the change is gone.
        // Resolving there fired the alert again at the detector's next signal, every few windows.
        // Without a false-alarm target no accuracy test runs (SIGNIFICANT then means "no test"), and a quiet window is
        // clear as for any rule.
        return family == MetricFamily.CONCEPT_DRIFT && ruleSet.significancePolicy().isPresent()
                && significant == SignificanceGate.Outcome.SIGNIFICANT && !breached;
    }

    /**
     * Whether another rule of the rule's inhibition group, about the same feature, group or model version, breaches in
     * this window, or would hold an alert of its own ({@link ProblemPersistence}): a critical alert whose figure fell
     * back to the warning's bar is the same problem, still there, and not one to resolve so that the warning fires next
     * (one alert per problem, in both directions); likewise a warning that stands in for a stronger rule of its severity
     * ({@link #standIn}) while only that rule's bar is crossed. A major drift alert held only half-way to its own bar
     * (PSI 0.125) resolved while the feature still drifted at 5% (p = 0.003 at a PSI of 0.12), and the moderate rule
     * fired the same drift again a few windows later: 5 of the 6 runs with two episodes among 100 of a 0.25 sd shift on
     * 200-event windows (bench/RESULTS.md, section 4, "The same problem's holds").
     */
    private boolean sameProblemShown(Rule rule, WindowReport report, Observation observation,
                                     Map<Metric, List<Observation>> observationsByMetric) {
        for (Rule other : inhibition.alikeOf(rule)) {
            if (!other.appliesTo(report.getModelId())) {
                continue;
            }
            for (Observation seen : observationsByMetric.computeIfAbsent(other.metric(), metric -> metric.observe(report))) {
                if (Objects.equals(seen.feature(), observation.feature()) && Objects.equals(seen.segment(), observation.segment())
                        && other.selects(seen) && other.hasEnoughSamples(seen)
                        && (other.breachedBy(seen.value())
                                && significance.of(other, report, seen) == SignificanceGate.Outcome.SIGNIFICANT
                            || persistence.persists(other, report, seen))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A weaker rule of the group, about the same feature, group or model version, whose alert of this rule's severity or
     * higher fires: it stands for this rule, which then does not fire. A stronger rule escalates to a higher severity
     * only; a warning that handed over to another warning would be the same problem told twice.
     */
    private Optional<Rule> standIn(Rule rule, WindowReport report, Observation observation, AlertStateStore states) {
        for (Rule weaker : inhibition.weakerAlikeOf(rule)) {
            if (weaker.severity().compareTo(rule.severity()) < 0 || !weaker.appliesTo(report.getModelId())) {
                continue;
            }
            String fingerprint = fingerprints.of(report.getModelId(), report.getModelVersion(), weaker.name(),
                    observation.feature(), observation.segment());
            if (states.get(fingerprint).filter(AlertState::firing).isPresent()) {
                return Optional.of(weaker);
            }
        }
        return Optional.empty();
    }

    /**
     * The first stronger rule of the rule's inhibition group that fires, or breaches in this window,
     * for this model version and this observation's feature or segment, or for what covers it: the model version as a
     * whole, or the attribute of its group ({@link Inhibition#inhibitingTarget}). Stronger rules come first in the rule
     * set, so their state already includes this report.
     */
    private Optional<Rule> inhibitor(Rule rule, WindowReport report, Observation observation, AlertStateStore states) {
        for (Rule stronger : inhibition.inhibitorsOf(rule)) {
            if (!stronger.appliesTo(report.getModelId())) {
                continue;
            }
            Inhibition.Target target = Inhibition.inhibitingTarget(stronger, observation);
            String fingerprint = fingerprints.of(report.getModelId(), report.getModelVersion(), stronger.name(),
                    target.feature(), target.segment());
            // Firing, or breaching in this very window: a stronger condition that holds but does not
            // fire (its "for" has not run yet, or a revision may not fire it twice) still explains it.
            if (states.get(fingerprint).filter(state -> state.firing() || state.consecutiveBreaches() > 0
                    && report.getWindowEnd().equals(state.lastWindowEnd())).isPresent()) {
                return Optional.of(stronger);
            }
        }
        return Optional.empty();
    }
}
