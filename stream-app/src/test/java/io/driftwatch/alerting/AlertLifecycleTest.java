package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    private final Rule rule = Rule.builder("psi", "feature.psi", ComparisonOperator.GREATER_OR_EQUAL, 0.25,
            Severity.CRITICAL).forWindows(3).resolveAfter(2).minSamples(100).build();

    /** Feeds values window by window (null = no observation) and records the transitions by window index. */
    private List<String> run(Double... values) {
        AlertState state = AlertState.initial();
        List<String> transitions = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Optional<Observation> observation = Optional.ofNullable(values[i])
                    .map(v -> new Observation("amount", null, v, 500));
            AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, state, observation, end(i));
            int index = i;
            evaluation.transition().ifPresent(t -> transitions.add(index + ":" + t + "x" + evaluation.windowsInRun()));
            state = evaluation.state();
        }
        return transitions;
    }

    private static Instant end(int window) {
        return T0.plus(Duration.ofHours(window + 1));
    }

    @Test
    void firesOnceAfterForWindowsAndResolvesOnceAfterResolveAfter() {
        assertThat(run(0.3, 0.3, 0.3, 0.4, 0.5, 0.6, 0.1, 0.1, 0.1, 0.1))
                .containsExactly("2:FIRINGx3", "7:RESOLVEDx2");
    }

    @Test
    void aShortBreachDoesNotFireAndASingleGoodWindowDoesNotResolve() {
        assertThat(run(0.3, 0.3, 0.1, 0.3, 0.3)).isEmpty();
        // Hysteresis: one clear window in the middle of an episode keeps it firing.
        assertThat(run(0.3, 0.3, 0.3, 0.1, 0.3, 0.1, 0.3, 0.1, 0.1)).containsExactly("2:FIRINGx3", "8:RESOLVEDx2");
    }

    @Test
    void noStormWhileTheConditionHolds() {
        Double[] values = new Double[500];
        java.util.Arrays.fill(values, 0.9);
        assertThat(run(values)).containsExactly("2:FIRINGx3");
    }

    @Test
    void absentObservationsNeitherBreachNorClearNorBreakARun() {
        assertThat(run(0.3, null, 0.3, null, null, 0.3)).containsExactly("5:FIRINGx3");
        assertThat(run(0.3, 0.3, 0.3, null, null, null, 0.1, null, 0.1)).containsExactly("2:FIRINGx3", "8:RESOLVEDx2");
    }

    @Test
    void observationsBelowMinSamplesCountAsAbsent() {
        AlertState firing = stateAfter(0.3, 0.3, 0.3);
        AlertLifecycle.Evaluation small = AlertLifecycle.evaluate(rule, firing,
                Optional.of(new Observation("amount", null, 0.0, 99)), end(3));

        assertThat(small.state()).isSameAs(firing);
        assertThat(small.transition()).isEmpty();
    }

    @Test
    void keepsStartsAtAndLastValue() {
        AlertState state = stateAfter(0.3, 0.3, 0.35, 0.5);

        assertThat(state.firing()).isTrue();
        assertThat(state.startsAt()).isEqualTo(end(2));
        assertThat(state.lastValue()).isEqualTo(0.5);
        assertThat(state.lastWindowEnd()).isEqualTo(end(3));
        assertThat(state.consecutiveBreaches()).isEqualTo(4);
    }

    @Test
    void aRevisionOfTheLastWindowReplacesItsEvaluation() {
        AlertState twoBreaches = stateAfter(0.3, 0.3);
        AlertLifecycle.Evaluation third = AlertLifecycle.evaluate(rule, twoBreaches, obs(0.3), end(2));
        assertThat(third.transition()).contains(AlertStatus.FIRING);

        // Same window again with the same figure: no second FIRING, no extra count.
        AlertLifecycle.Evaluation same = AlertLifecycle.evaluate(rule, third.state(), obs(0.31), end(2));
        assertThat(same.transition()).isEmpty();
        assertThat(same.state().consecutiveBreaches()).isEqualTo(3);
        assertThat(same.state().startsAt()).isEqualTo(end(2));

        // The revision says the window was fine after all: the episode it started is over.
        AlertLifecycle.Evaluation revised = AlertLifecycle.evaluate(rule, same.state(), obs(0.1), end(2));
        assertThat(revised.transition()).contains(AlertStatus.RESOLVED);
        assertThat(revised.state().consecutiveBreaches()).isZero();
        assertThat(revised.state().consecutiveClears()).isEqualTo(1);
        assertThat(revised.state().beforeLastWindow()).isEqualTo(twoBreaches.current());
    }

    @Test
    void aRevisionThatDoesNotChangeTheOutcomeLeavesTheCountsAlone() {
        AlertState clearing = stateAfter(0.3, 0.3, 0.3, 0.1);
        assertThat(clearing.firing()).isTrue();
        assertThat(clearing.consecutiveClears()).isEqualTo(1);

        AlertLifecycle.Evaluation revised = AlertLifecycle.evaluate(rule, clearing, obs(0.05), end(3));

        assertThat(revised.transition()).isEmpty();
        assertThat(revised.state().consecutiveClears()).isEqualTo(1);
    }

    @Test
    void anOlderWindowThanTheLastEvaluatedIsIgnored() {
        AlertState state = stateAfter(0.3, 0.3);

        AlertLifecycle.Evaluation stale = AlertLifecycle.evaluate(rule, state, obs(0.9), end(0));

        assertThat(stale.state()).isSameAs(state);
        assertThat(stale.transition()).isEmpty();
    }

    /**
     * A window that still shows the problem breaks a run of clear windows: clear, still there, clear is not two clear
     * windows running. Before, it counted as absent and the episode ended at the second clear window.
     */
    @Test
    void aWindowThatStillShowsTheProblemBreaksARunOfClearWindows() {
        AlertState oneClear = stateAfter(0.3, 0.3, 0.3, 0.1);
        AlertLifecycle.Evaluation held = AlertLifecycle.evaluatePersisting(rule, oneClear,
                new Observation("amount", null, 0.2, 500), end(4));

        assertThat(held.transition()).isEmpty();
        assertThat(held.state().firing()).isTrue();
        assertThat(held.state().consecutiveClears()).isZero();
        assertThat(held.state().lastWindowEnd()).isEqualTo(end(4));
        AlertLifecycle.Evaluation clear = AlertLifecycle.evaluate(rule, held.state(), obs(0.1), end(5));
        assertThat(clear.transition()).isEmpty();
        assertThat(AlertLifecycle.evaluate(rule, clear.state(), obs(0.1), end(6)).transition())
                .contains(AlertStatus.RESOLVED);
    }

    /**
     * Only a firing alert is held: for one that is not firing, for a window older than the last, below min_samples, and
     * for a revision of the window that resolved the alert (a revision never fires twice), the window is no evidence
     * either way and the state stays as it is. A revision of the window that fired the alert keeps it firing.
     */
    @Test
    void holdingChangesNothingButAFiringAlertsRunOfClearWindows() {
        Observation held = new Observation("amount", null, 0.2, 500);
        AlertState quiet = stateAfter(0.3, 0.3);
        AlertState resolved = stateAfter(0.3, 0.3, 0.3, 0.1, 0.1);
        AlertState fired = stateAfter(0.3, 0.3, 0.3);

        assertThat(AlertLifecycle.evaluatePersisting(rule, quiet, held, end(2)).state()).isSameAs(quiet);
        assertThat(AlertLifecycle.evaluatePersisting(rule, fired, held, end(1)).state()).isSameAs(fired);
        assertThat(AlertLifecycle.evaluatePersisting(rule, fired, new Observation("amount", null, 0.2, 99), end(3))
                .state()).isSameAs(fired);
        AlertLifecycle.Evaluation revisedResolution = AlertLifecycle.evaluatePersisting(rule, resolved, held, end(4));
        assertThat(revisedResolution.state()).isSameAs(resolved);
        assertThat(revisedResolution.transition()).isEmpty();
        AlertLifecycle.Evaluation revisedFiring = AlertLifecycle.evaluatePersisting(rule, fired, held, end(2));
        assertThat(revisedFiring.state()).isSameAs(fired);
        assertThat(revisedFiring.transition()).isEmpty();
    }

    @Test
    void nanNeverBreaches() {
        for (ComparisonOperator op : ComparisonOperator.values()) {
            assertThat(op.test(Double.NaN, 1.0)).as(op.symbol()).isFalse();
        }
        assertThat(ComparisonOperator.NOT_EQUAL.test(2, 1)).isTrue();
        assertThat(ComparisonOperator.EQUAL.test(1, 1)).isTrue();
        assertThat(ComparisonOperator.parse(" GE ")).contains(ComparisonOperator.GREATER_OR_EQUAL);
        assertThat(ComparisonOperator.parse("=>")).isEmpty();
    }

    private static Optional<Observation> obs(double value) {
        return Optional.of(new Observation("amount", null, value, 500));
    }

    private AlertState stateAfter(double... values) {
        AlertState state = AlertState.initial();
        for (int i = 0; i < values.length; i++) {
            state = AlertLifecycle.evaluate(rule, state, obs(values[i]), end(i)).state();
        }
        return state;
    }
}
