package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.LifecycleReference.Kind;
import io.driftwatch.alerting.LifecycleReference.Step;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * An accuracy rule gated by significance, over random series of windows: clear (accuracy at the
 * baseline's), breaching (a significant drop), absent (too few labels for {@code min_samples}) and noisy
 * (a drop past the bar on too few labels to be significant), against the documented lifecycle in
 * {@link LifecycleReference}: noise never starts an episode, and never ends or interrupts a firing one.
 */
class SignificantEpisodePropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    @Property(tries = 300)
    void noiseNeitherStartsNorEndsAnEpisode(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 3) Integer> codes,
                                            @ForAll @IntRange(min = 1, max = 3) int forWindows,
                                            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        RuleEngine engine = new RuleEngine(RulesFile.parse("test", """
            version: 1
            false_alarm_target:
              windows_between_false_alerts: 1000
            rules:
              - name: accuracy-drop
                metric: quality.change_relative.accuracy
                comparator: "<="
                threshold: -0.05
                severity: critical
                min_samples: 100
                for: %d
                resolve_after: %d
            """.formatted(forWindows, resolveAfter)), CLOCK);
        AlertStateStore states = AlertStateStore.inMemory();
        Kind[][] kinds = new Kind[codes.size()][];
        List<Step> actual = new ArrayList<>();
        for (int w = 0; w < codes.size(); w++) {
            Kind kind = Kind.values()[codes.get(w)];
            kinds[w] = new Kind[] {kind};
            for (Alert alert : engine.evaluate(report(w, kind), states)) {
                actual.add(new Step(w, alert.getStatus()));
            }
        }
        assertThat(actual).isEqualTo(LifecycleReference.transitions(kinds, 0, forWindows, resolveAfter));
    }

    /** Against a baseline accuracy of 0.9 (SignificanceGateTest has the p-values of these figures). */
    private static WindowReport report(int window, Kind kind) {
        long labelled = switch (kind) {
            case CLEAR, BREACH -> 1000;
            case NOISE -> 100;
            case ABSENT -> 50;
        };
        double accuracy = switch (kind) {
            case CLEAR -> 0.9;
            case BREACH -> 0.8;
            case NOISE, ABSENT -> 0.85;
        };
        return Reports.window("credit-scorer", "2", window).setQuality(Reports.quality(labelled, labelled, accuracy, 0.9))
            .build();
    }
}
