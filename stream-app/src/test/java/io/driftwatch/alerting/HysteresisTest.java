package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.alerting.LifecycleReference.Kind;
import io.driftwatch.alerting.LifecycleReference.Step;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@code resolve_threshold}: a firing alert clears only in windows whose figure is back past it; a figure between it and
 * the threshold breaks a run of clear windows while the alert fires, and is a clear window while it does not.
 */
class HysteresisTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final double CLEAR = 0.01;
    private static final double BAND = 0.07;
    private static final double BREACH = 0.2;

    /**
     * A rise that sits at the bar (above it in one window, just under it in the next) is one episode with a resolve
     * threshold below the bar; without one, every two windows just under the bar resolve it and the next one fires it
     * again.
     */
    @Test
    void aProblemAtTheBarIsOneEpisodeNotOneAlertPerCrossing() {
        double[] atTheBar = {0.12, 0.09, 0.08, 0.11, 0.09, 0.095, 0.13, 0.08, 0.09, 0.1, 0.02, 0.01};

        assertThat(transitions(rule(2, 0.05), atTheBar)).extracting(Step::status)
            .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(transitions(rule(2, 0.05), atTheBar)).extracting(Step::window).containsExactly(0, 11);
        assertThat(transitions(rule(2, null), atTheBar)).extracting(Step::status).containsExactly(AlertStatus.FIRING,
            AlertStatus.RESOLVED, AlertStatus.FIRING, AlertStatus.RESOLVED, AlertStatus.FIRING, AlertStatus.RESOLVED,
            AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    /**
     * Over random series of clear, breaching, absent and in-between windows, the lifecycle with a resolve threshold makes
     * exactly the transitions of the documented lifecycle ({@link LifecycleReference}) where an in-between window is what
     * a not-significant crossing is: the end of a run of clear windows while the alert fires, clear while it does not.
     */
    @Property(tries = 2000)
    void matchesTheReferenceWithInBetweenWindowsAsTheProblemStillThere(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 3) Integer> codes,
            @ForAll @IntRange(min = 1, max = 3) int forWindows, @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = new Kind[codes.size()][];
        double[] values = new double[codes.size()];
        for (int w = 0; w < codes.size(); w++) {
            Kind kind = Kind.values()[codes.get(w)];
            kinds[w] = new Kind[] {kind};
            values[w] = switch (kind) {
                case CLEAR -> CLEAR;
                case BREACH -> BREACH;
                case NOISE -> BAND;
                case ABSENT -> Double.NaN;
            };
        }
        Rule rule = Rule.builder("missing", "feature.missing_increase", ComparisonOperator.GREATER_OR_EQUAL, 0.1,
                Severity.WARNING).forWindows(forWindows).resolveAfter(resolveAfter).resolveThreshold(0.05).build();

        assertThat(transitions(rule, values))
            .isEqualTo(LifecycleReference.transitions(kinds, 0, forWindows, resolveAfter));
    }

    @Test
    void aResolveThresholdMustBeOnTheSideThatDoesNotBreach() {
        assertThatThrownBy(() -> rule(2, 0.2)).hasMessageContaining("resolve_threshold 0.2 is on the breaching side of"
            + " the threshold 0.1; a firing alert clears when its figure is back below it, so set it at most 0.1");
        assertThatThrownBy(() -> Rule.builder("drop", "quality.change_relative.accuracy", ComparisonOperator.LESS_OR_EQUAL,
                -0.05, Severity.CRITICAL).resolveThreshold(-0.1).build()).hasMessageContaining("set it at least -0.05");
        assertThatThrownBy(() -> Rule.builder("d", "feature.drift", ComparisonOperator.EQUAL, 1, Severity.WARNING)
            .resolveThreshold(0).build()).hasMessageContaining("needs a comparator of >, >=, < or <=, not ==");
    }

    @Test
    void aRulesFileNamesAMisplacedResolveThresholdWithItsLine() {
        String yaml = """
            version: 1
            rules:
              - name: missing
                metric: feature.missing_increase
                comparator: ">="
                threshold: 0.1
                severity: warning
                resolve_threshold: 0.2
              - name: text
                metric: feature.missing_increase
                comparator: ">="
                threshold: 0.1
                severity: warning
                resolve_threshold: low
            """;
        List<RuleProblem> problems = RulesFile.check("rules.yaml", yaml);

        assertThat(problems).extracting(RuleProblem::line).containsExactly(8, 14);
        assertThat(problems.get(0).message()).contains("resolve_threshold 0.2 is on the breaching side")
            .contains("for rule 'missing'");
        assertThat(problems.get(1).message()).contains("resolve_threshold must be a number for rule 'text'");
        assertThat(RulesFile.check("rules.yaml", yaml.replace("resolve_threshold: 0.2", "resolve_threshold: 0.05")
            .replace("resolve_threshold: low", "resolve_threshold: 0.1"))).isEmpty();
    }

    private static Rule rule(int resolveAfter, Double resolveThreshold) {
        Rule.Builder builder = Rule.builder("missing", "feature.missing_increase", ComparisonOperator.GREATER_OR_EQUAL,
                0.1, Severity.WARNING).resolveAfter(resolveAfter);
        return resolveThreshold == null ? builder.build() : builder.resolveThreshold(resolveThreshold).build();
    }

    /** The transitions of one fingerprint over windows with these figures (NaN: no observation). */
    private static List<Step> transitions(Rule rule, double[] values) {
        List<Step> steps = new ArrayList<>();
        AlertState state = AlertState.initial();
        for (int w = 0; w < values.length; w++) {
            Optional<Observation> observation = Double.isNaN(values[w]) ? Optional.empty()
                : Optional.of(new Observation("f", null, values[w], 1000));
            AlertLifecycle.Evaluation evaluation = AlertLifecycle.evaluate(rule, state, observation,
                T0.plusSeconds(3600L * (w + 1)));
            state = evaluation.state();
            int window = w;
            evaluation.transition().ifPresent(status -> steps.add(new Step(window, status)));
        }
        return steps;
    }
}
