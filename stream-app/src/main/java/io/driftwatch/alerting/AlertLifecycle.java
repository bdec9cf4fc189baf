package io.driftwatch.alerting;

import io.driftwatch.schemas.AlertStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The life of one alert fingerprint from window to window: it fires once after the rule's
 * {@code for} consecutive breaching windows, stays quiet while it keeps firing, and resolves once
 * after {@code resolve_after} consecutive windows that do not breach (hysteresis: a single good
 * window does not end an episode when {@code resolve_after > 1}). At most one transition per
 * window; one FIRING and one RESOLVED per episode.
 *
 * <p><b>Absent observations.</b> A window without an observation for the fingerprint (the
 * feature was missing or had too little data for a verdict, the figure was null, or its sample
 * count is below {@code min_samples}) is no evidence either way: it neither breaches nor clears,
 * and it does not break a run of consecutive windows. A firing alert therefore stays firing
 * through a quiet night with too little traffic for a verdict, instead of resolving and firing
 * again in the morning. "Consecutive" means consecutive among the windows that had an observation.
 *
 * <p><b>Hysteresis.</b> A rule with a {@code resolve_threshold} clears a firing alert only in windows whose figure is
 * back past it. A window between it and the threshold shows that the problem has not come back: it is not a breach
 * (nothing fires from it) but it breaks a run of clear windows, so a firing alert resolves only after
 * {@code resolve_after} clear windows with nothing in between but absent ones. A problem that sits at the threshold,
 * crossing it in one window and not the next, therefore stays one episode instead of firing again each time two
 * windows fall just short.
 *
 * <p><b>Windows that still show the problem.</b> {@link RuleEngine} says the same of other windows of a firing alert
 * that fall short of a significant breach but still show its problem ({@link #evaluatePersisting}): a figure past the
 * bar without significance, a problem still significant at the lenient level ({@link ProblemPersistence}), another rule
 * of the same problem still breaching or holding. Before, such a window counted as absent, and two clear windows with
 * breaches of that kind between them ended the episode, so that the next significant breach fired it again: a disparate
 * impact ratio swinging between 0.45 and 0.92 on 1,000-event windows re-fired in 18% of the runs it was detected in.
 *
 * <p><b>Order and revisions.</b> Each fingerprint moves forward in window time. An observation of
 * a window that ends before the last evaluated one is ignored (that window's successor has been
 * judged already). An observation of the same window again (a revision of its report, e.g. with
 * late labels) replaces that window's evaluation: counters are recomputed from the state before
 * that window, and a transition is emitted only if the alert's firing status differs from what was
 * last published. A revision may resolve, but it never fires twice: not when a FIRING was already
 * published for that window (fire, resolve, fire again on three revisions of one window), and not
 * when the episode was already firing before that window (the window's first report resolved it;
 * the revision undoing that would repeat the episode's FIRING). In both cases the alert stays
 * resolved and a breach in the next window fires it as a new episode. All this rests on the state
 * remembering its last window, which is why {@link RuleEngine} never forgets a state.
 */
public final class AlertLifecycle {

    /**
     * The outcome of one window for one fingerprint.
     *
     * @param state      the state to store
     * @param transition FIRING or RESOLVED when the alert changed, else empty
     */
    public record Evaluation(AlertState state, Optional<AlertStatus> transition) {
        public Evaluation {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(transition, "transition");
        }

        /** Consecutive windows behind the transition: breaching ones for FIRING, clear ones for RESOLVED. */
        public int windowsInRun() {
            return transition.map(t -> t == AlertStatus.FIRING ? state.consecutiveBreaches()
                    : state.consecutiveClears()).orElse(0);
        }
    }

    private AlertLifecycle() {
    }

    /**
     * Evaluates one window.
     *
     * @param rule        the rule (condition, for, resolve_after, min_samples)
     * @param state       the fingerprint's state, {@link AlertState#initial()} when it has none
     * @param observation the fingerprint's observation in this window, or empty when absent
     * @param windowEnd   end of the window
     */
    public static Evaluation evaluate(Rule rule, AlertState state, Optional<Observation> observation,
                                      Instant windowEnd) {
        return evaluate(rule, state, observation, windowEnd, false);
    }

    /**
     * Evaluates one window of a rule that a stronger rule may inhibit ({@link Inhibition}): an
     * inhibited observation counts as clear, and an inhibited alert that fires resolves at once
     * (its rule's hysteresis is about its own figure, which the inhibiting alert now reports).
     *
     * @param inhibited whether an alert of a stronger rule of the same group fires after this window
     */
    public static Evaluation evaluate(Rule rule, AlertState state, Optional<Observation> observation,
                                      Instant windowEnd, boolean inhibited) {
        return evaluate(rule, state, observation, windowEnd, inhibited, true);
    }

    /**
     * Evaluates one window of a rule whose threshold is gated by significance
     * ({@link SignificanceGate}): an observation that is not significant counts as clear, whatever
     * its value (it is not told apart from the baseline's sampling noise).
     *
     * @param inhibited   whether an alert of a stronger rule of the same group fires after this window
     * @param significant whether the observation passed the rule's significance test
     */
    public static Evaluation evaluate(Rule rule, AlertState state, Optional<Observation> observation,
                                      Instant windowEnd, boolean inhibited, boolean significant) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(windowEnd, "windowEnd");
        // An inhibited alert that fires resolves whatever its figure's sample: the stronger alert reports the problem.
        if (observation.isEmpty() || !rule.hasEnoughSamples(observation.get()) && !(inhibited && state.firing())) {
            return new Evaluation(state, Optional.empty());
        }
        AlertState.Counters base;
        Instant last = state.lastWindowEnd();
        Instant end = Instant.ofEpochMilli(windowEnd.toEpochMilli());
        boolean revision;
        if (last == null || end.isAfter(last)) {
            base = state.current();
            revision = false;
        } else if (end.equals(last)) {
            base = state.beforeLastWindow();
            revision = true;
        } else {
            return new Evaluation(state, Optional.empty());
        }
        double value = observation.get().value();
        if (base.firing() && !inhibited && !rule.breachedBy(value) && !rule.clearedBy(value)) {
            // Between the resolve threshold and the threshold: the figure has not come back.
            return persisting(state, base, revision, value, end);
        }
        boolean breach = !inhibited && significant && rule.breachedBy(value);
        int breaches = breach ? saturatedIncrement(base.breaches()) : 0;
        int clears = breach ? 0 : saturatedIncrement(base.clears());
        boolean firing = base.firing();
        if (!firing && breach && breaches >= rule.forWindows()) {
            firing = true;
        } else if (firing && !breach && (clears >= rule.resolveAfter() || inhibited)) {
            firing = false;
        }
        boolean published = state.firing();
        if (revision && firing && !published && (state.firedAtLastWindow() || base.firing())) {
            firing = false;
        }
        Instant startsAt = firing && !published ? end : state.startsAt();
        Optional<AlertStatus> transition = firing == published ? Optional.empty()
                : Optional.of(firing ? AlertStatus.FIRING : AlertStatus.RESOLVED);
        boolean firedAtThisWindow = (revision && state.firedAtLastWindow())
                || transition.filter(t -> t == AlertStatus.FIRING).isPresent();
        AlertState next = new AlertState(new AlertState.Counters(firing, breaches, clears), base, startsAt, value, end,
                firedAtThisWindow);
        return new Evaluation(next, transition);
    }

    /**
     * Evaluates a window that does not breach (significantly) but still shows the problem of the alert, firing as of
     * the window before: the alert keeps firing and the window breaks its run of clear windows. Nothing else changes:
     * for an alert that was not firing before this window it is no evidence either way, as an absent observation, and
     * so is a revision of a window whose first report resolved the alert (a revision never fires twice).
     *
     * @param rule        the rule (for {@code min_samples})
     * @param state       the fingerprint's state
     * @param observation the fingerprint's observation in this window
     * @param windowEnd   end of the window
     */
    public static Evaluation evaluatePersisting(Rule rule, AlertState state, Observation observation, Instant windowEnd) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(observation, "observation");
        Instant last = state.lastWindowEnd();
        Instant end = Instant.ofEpochMilli(windowEnd.toEpochMilli());
        if (!rule.hasEnoughSamples(observation) || last != null && end.isBefore(last)) {
            return new Evaluation(state, Optional.empty());
        }
        boolean revision = end.equals(last);
        return persisting(state, revision ? state.beforeLastWindow() : state.current(), revision, observation.value(), end);
    }

    private static Evaluation persisting(AlertState state, AlertState.Counters base, boolean revision, double value,
                                         Instant end) {
        if (!base.firing() || !state.firing()) {
            return new Evaluation(state, Optional.empty());
        }
        AlertState next = new AlertState(new AlertState.Counters(true, base.breaches(), 0), base, state.startsAt(),
                value, end, revision && state.firedAtLastWindow());
        return new Evaluation(next, Optional.empty());
    }

    private static int saturatedIncrement(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }
}
