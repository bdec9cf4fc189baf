package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.alerting.LifecycleReference.Kind;
import io.driftwatch.alerting.LifecycleReference.Step;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * An accuracy rule over windows whose labels come in parts, when the monitor knows when they are complete
 * ({@code labels.complete.after}): each window is reported on part of its labels ({@code labels_complete} false), then
 * once they are complete. A report on part of the labels may fire or hold an alert, but never ends one (docs/alerting.md,
 * "An alert ends when its problem does"), whatever the parts said, with restarts anywhere (a new engine over the stored
 * bytes).
 */
class CompleteLabelsPropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    /**
     * When each window's complete report comes before the next window's first and its parts show no drop, clear or too
     * few labels to tell, the transitions are exactly those of the complete reports read in window order: parts that
     * looked clear neither resolve an alert nor, with a complete report that still shows the drop, make it fire again.
     * Before, they counted as clear windows.
     */
    @Property(tries = 400)
    void theTransitionsAreThoseOfTheCompleteLabels(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 11) Integer> finals,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 8) Integer> parts,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 60) Integer> restartsBefore,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        Kind[][] kinds = new Kind[finals.size()][];
        List<Delivery> deliveries = new ArrayList<>();
        for (int w = 0; w < finals.size(); w++) {
            Kind kind = Kind.values()[finals.get(w) / 3];
            kinds[w] = new Kind[] {kind};
            // Zero to two reports on part of the labels, each clear or without enough labels: no more labels than the
            // complete report has, so a window absent on its complete labels is absent on every part of them.
            WindowReport complete = complete(kind, finals.get(w) % 3, w);
            int code = parts.get(w % parts.size());
            for (int p = 0; p < code % 3; p++) {
                boolean clear = (code / 3 + p) % 3 != 0 && complete.getQuality().getLabelledCount() >= 300;
                deliveries.add(new Delivery(w, partOf(clear ? Kind.CLEAR : Kind.ABSENT, w, p), false));
            }
            deliveries.add(new Delivery(w, complete, true));
        }

        List<Step> actual = replay(SignificantEpisodePropertyTest.accuracyRule(forWindows, resolveAfter), deliveries, restartsBefore).stream()
            .map(Transition::step).toList();

        assertThat(actual).isEqualTo(LifecycleReference.transitions(kinds, 0, forWindows, resolveAfter));
    }

    /**
     * With the complete reports late, after later windows' first ones as {@code labels.complete.after} delays them, and
     * parts of any kind, breaches included: no report on part of a window's labels resolves the alert, and its FIRING
     * and RESOLVED alternate, starting with FIRING.
     */
    @Property(tries = 400)
    void noReportOnPartOfTheLabelsEndsAnAlert(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 11) Integer> finals,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 35) Integer> parts,
            @ForAll @IntRange(min = 0, max = 4) int delay,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 90) Integer> restartsBefore,
            @ForAll @IntRange(min = 1, max = 3) int forWindows,
            @ForAll @IntRange(min = 1, max = 3) int resolveAfter) {
        List<Delivery> deliveries = new ArrayList<>();
        for (int w = 0; w < finals.size(); w++) {
            int code = parts.get(w % parts.size());
            for (int p = 0; p < code % 3; p++) {
                Kind kind = Kind.values()[(code / 3 + p) % 4];
                deliveries.add(new Delivery(w, partOf(kind, w, p), false));
            }
            deliveries.add(new Delivery(w + delay, complete(Kind.values()[finals.get(w) / 3], finals.get(w) % 3, w), true));
        }
        // A window's parts come when it closes, its complete report `delay` windows later: stable, so in window order.
        deliveries.sort(Comparator.comparingInt(Delivery::at));

        List<Transition> actual = replay(SignificantEpisodePropertyTest.accuracyRule(forWindows, resolveAfter), deliveries, restartsBefore);

        assertThat(actual).filteredOn(t -> t.step().status() == AlertStatus.RESOLVED)
            .allSatisfy(t -> assertThat(t.complete()).as("resolved on complete labels: %s", t).isTrue());
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).step().status()).as("transition %d of %s", i, actual)
                .isEqualTo(i % 2 == 0 ? AlertStatus.FIRING : AlertStatus.RESOLVED);
        }
    }

    /** A report handed to the engine; {@code at} orders the deliveries. */
    private record Delivery(int at, WindowReport report, boolean complete) {
    }

    /** A transition, and whether the report that made it had the window's labels complete. */
    private record Transition(Step step, boolean complete) {
    }

    private static List<Transition> replay(RuleSet rules, List<Delivery> deliveries, List<Integer> restartsBefore) {
        Map<String, byte[]> bytes = new HashMap<>();
        AlertStateStore store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
        RuleEngine engine = new RuleEngine(rules, CLOCK);
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            if (restartsBefore.contains(i)) {
                engine = new RuleEngine(rules, CLOCK);
                store = AlertStateStore.overBytes(bytes::get, bytes::put, bytes::remove);
            }
            Delivery delivery = deliveries.get(i);
            for (Alert alert : engine.evaluate(delivery.report(), store)) {
                int window = (int) Duration.between(Reports.T0, alert.getWindowEnd()).dividedBy(Reports.WINDOW) - 1;
                transitions.add(new Transition(new Step(window, alert.getStatus()), delivery.complete()));
            }
        }
        return transitions;
    }

    /**
     * A report on part of a window's labels, against a baseline accuracy of 0.9: clear (the baseline's accuracy, or a
     * drop of 3.3%, half-way to the bar, that 150 labels cannot tell from noise at 5%: P ≈ 0.11), a significant drop,
     * too few labels for {@code min_samples}, or a drop past the bar without significance.
     */
    private static WindowReport partOf(Kind kind, int window, int part) {
        double[] labelledAndAccuracy = switch (kind) {
            case CLEAR -> part == 0 ? new double[] {300, 0.9} : new double[] {150, 0.87};
            case BREACH -> new double[] {600, 0.78};
            case ABSENT -> new double[] {40, 0.84};
            case NOISE -> new double[] {120, 0.84};
        };
        return report(window, part, 3000, (long) labelledAndAccuracy[0], labelledAndAccuracy[1], false);
    }

    /**
     * The report that finds a window's labels complete, in the variants of {@link SignificantEpisodePropertyTest}: clear
     * (the baseline's accuracy; a drop short of half-way to the bar; a drop half-way on too few labels to be significant
     * at 5%), breaching (a significant drop), absent (too few labels for {@code min_samples}) and noisy (a drop past the
     * bar without significance, or short of it but significant at 5%, which holds a firing alert).
     */
    private static WindowReport complete(Kind kind, int variant, int window) {
        double[] figures = SignificantEpisodePropertyTest.labelledAndAccuracy(kind, variant);
        long labelled = (long) figures[0];
        return report(window, 2, Math.max(labelled, 3000), labelled, figures[1], true);
    }

    private static WindowReport report(int window, int revision, long predicted, long labelled, double accuracy,
                                       boolean complete) {
        QualityReport quality = Reports.quality(predicted, labelled, accuracy, 0.9);
        quality.setLabelsComplete(complete);
        return Reports.window("credit-scorer", "2", window).setRevision(revision).setQuality(quality).build();
    }
}
