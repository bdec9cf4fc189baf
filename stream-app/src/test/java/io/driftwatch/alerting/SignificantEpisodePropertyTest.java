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
 * baseline's; a drop less than half-way to the bar; a drop half-way on too few labels to be significant
 * at 5%), breaching (a significant drop), absent (too few labels for {@code min_samples}) and noisy
 * (a drop past the bar on too few labels to be significant; a drop short of the bar but half-way to it
 * and significant at 5%, which {@link ProblemPersistence} holds), against the documented lifecycle in
 * {@link LifecycleReference}: noise never starts an episode, and never ends or interrupts a firing one.
 */
class SignificantEpisodePropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    @Property(tries = 300)
    void noiseNeitherStartsNorEndsAnEpisode(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 11) Integer> codes,
                                            @ForAll @IntRange(min = 1, max = 3) int forWindows,
                                            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        RuleEngine engine = new RuleEngine(accuracyRule(forWindows, resolveAfter), CLOCK);
        AlertStateStore states = AlertStateStore.inMemory();
        Kind[][] kinds = new Kind[codes.size()][];
        List<Step> actual = new ArrayList<>();
        for (int w = 0; w < codes.size(); w++) {
            Kind kind = Kind.values()[codes.get(w) / 3];
            kinds[w] = new Kind[] {kind};
            for (Alert alert : engine.evaluate(report(w, kind, codes.get(w) % 3), states)) {
                actual.add(new Step(w, alert.getStatus()));
            }
        }
        assertThat(actual).isEqualTo(LifecycleReference.transitions(kinds, 0, forWindows, resolveAfter));
    }

    /**
     * Against a baseline accuracy of 0.9 (SignificanceGateTest has the p-values of the first figures): labels and
     * accuracy of each kind's three variants. A drop of 3.3% on 1,000 labels has p ≈ 8·10⁻⁴ and 2.7% on 2,000
     * p ≈ 2·10⁻⁴, both below 5% shared over the window's looks; 3.3% on 100 labels has p ≈ 0.16; 2.2% is less than
     * half-way to the 5% bar.
     */
    private static WindowReport report(int window, Kind kind, int variant) {
        double[] figures = labelledAndAccuracy(kind, variant);
        long labelled = (long) figures[0];
        return Reports.window("credit-scorer", "2", window)
            .setQuality(Reports.quality(labelled, labelled, figures[1], 0.9)).build();
    }

    /** The labelled count and accuracy of a kind's variant (0 to 2), against a baseline accuracy of 0.9. */
    static double[] labelledAndAccuracy(Kind kind, int variant) {
        double[][] variants = switch (kind) {
            case CLEAR -> new double[][] {{1000, 0.9}, {1000, 0.88}, {100, 0.87}};
            case BREACH -> new double[][] {{1000, 0.8}, {1000, 0.82}, {2000, 0.84}};
            case NOISE -> new double[][] {{100, 0.85}, {1000, 0.87}, {2000, 0.876}};
            case ABSENT -> new double[][] {{50, 0.85}, {50, 0.9}, {50, 0.8}};
        };
        return variants[variant];
    }

    /** An accuracy rule at 5% below the baseline, gated by the false-alarm target of one per 1000 windows. */
    static RuleSet accuracyRule(int forWindows, int resolveAfter) {
        return RulesFile.parse("accuracy-rule", """
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
            """.formatted(forWindows, resolveAfter));
    }
}
