package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.report.QualitySections;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.QualityReport;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window whose labels arrive over many revisions is still judged at the false-alarm target's
 * level: on a model whose accuracy does not change, the share of windows in which any revision
 * fires {@code accuracy-drop} stays within the accuracy test's level.
 *
 * <p>Each simulated window has 1,000 predictions, of which 300 to 1,000 get labels, in 1 to 40
 * revisions of random sizes (the first report at the window's close included); every label is right
 * with the baseline's probability 0.9. Each revision's report goes through the rule engine as the
 * application makes it: its {@code drop_test_labelled_count} follows from the previous report's
 * ({@link QualitySections#dropTestLook}), without a completion point and with one
 * ({@code labels.complete.after}: the report that finds the labels complete is the last look). The rule is the default {@code accuracy-drop} with its bar at
 * 0 (any drop), so that significance alone decides; the baseline's accuracy is measured on a million
 * labels, so it is as good as known.
 *
 * <p>Margin: if the schedule is right, the count of windows with a FIRING is Binomial(windows, p)
 * with p at most the test's level; the check allows up to the 99.9% quantile of Binomial(windows,
 * level), so a correct gate fails it with probability at most 0.1% (never with this fixed seed). A
 * control counts the same windows as if every revision were tested at the full level (what the gate
 * did before), and must exceed the bound: the check can fail.
 */
class AccuracyRevisionsFalseAlarmTest {

    private static final Logger LOG = LoggerFactory.getLogger(AccuracyRevisionsFalseAlarmTest.class);

    private static final int WINDOWS = 3000;
    private static final int PREDICTIONS = 1000;
    private static final double ACCURACY = 0.9;
    private static final long BASELINE_LABELS = 1_000_000;
    private static final long MIN_SAMPLES = 100;

    private static final RuleSet RULES = RulesFile.parse("r.yaml", """
            false_alarm_target:
              windows_between_false_alerts: 20
            rules:
              - name: accuracy-drop
                metric: quality.change_relative.accuracy
                comparator: "<"
                threshold: 0
                severity: critical
                min_samples: %d
            """.formatted(MIN_SAMPLES));

    @Test
    void revisionsOfAStationaryWindowFireNoMoreOftenThanTheTestsLevel() {
        double level = LatencyObjectives.alphaFor(report(0, 0, null), RULES.significancePolicy().orElseThrow());
        int bound = new BinomialDistribution(WINDOWS, level).inverseCumulativeProbability(0.999);

        Outcome looks = run(new Well19937c(20261204L), level, false);
        Outcome completed = run(new Well19937c(20261205L), level, true);
        LOG.info("{} stationary windows, {} revisions: accuracy-drop fired in {} (level {}, bound {}); every revision "
                        + "tested at the full level would have fired in {}. With a completion point, {} revisions: fired in {}",
                WINDOWS, looks.revisions, looks.firing, level, bound, looks.firedAtFullLevel, completed.revisions,
                completed.firing);
        assertThat(looks.firing).isLessThanOrEqualTo(bound);
        assertThat(completed.firing).isLessThanOrEqualTo(bound);
        assertThat(looks.firedAtFullLevel).isGreaterThan(bound);
    }

    private record Outcome(int firing, int firedAtFullLevel, int revisions) {
    }

    /**
     * With {@code completion}, each window's labels are declared complete at a random report (after
     * the last labels, with a report of its own, when the draw falls there): the reports before it say
     * {@code labels_complete} false, that one and any later one (labels later than declared) true.
     */
    private static Outcome run(RandomGenerator random, double level, boolean completion) {
        RuleEngine engine = new RuleEngine(RULES, Clock.systemUTC());
        AlertStateStore store = AlertStateStore.inMemory();
        int firing = 0;
        int firedAtFullLevel = 0;
        int revisions = 0;
        for (int w = 0; w < WINDOWS; w++) {
            long[] arrived = arrivals(random);
            int completeAt = completion ? random.nextInt(arrived.length + 1) : -1;
            long[] labelled = completeAt == arrived.length ? Arrays.copyOf(arrived, arrived.length + 1) : arrived;
            labelled[labelled.length - 1] = arrived[arrived.length - 1];
            revisions += labelled.length;
            long correct = 0;
            long before = 0;
            QualityReport previous = null;
            boolean fired = false;
            boolean anyBelowLevel = false;
            for (int r = 0; r < labelled.length; r++) {
                correct += new BinomialDistribution(random, (int) (labelled[r] - before), ACCURACY).sample();
                before = labelled[r];
                double accuracy = (double) correct / labelled[r];
                Boolean complete = completion ? r >= completeAt : null;
                WindowReport report = report(w, r, null);
                QualityReport quality = Reports.quality(PREDICTIONS, labelled[r], accuracy, ACCURACY);
                quality.setBaselineLabelledCount(BASELINE_LABELS);
                quality.setLabelsComplete(complete);
                quality.setDropTestLabelledCount(QualitySections.dropTestLook(previous, labelled[r], complete));
                report.setQuality(quality);
                previous = quality;
                List<Alert> alerts = engine.evaluate(report, store);
                fired |= alerts.stream().anyMatch(a -> a.getStatus() == AlertStatus.FIRING);
                anyBelowLevel |= labelled[r] >= MIN_SAMPLES && accuracy < ACCURACY && SignificanceGate.accuracyDropPValue(
                        accuracy, ACCURACY, labelled[r], BASELINE_LABELS) < level;
            }
            firing += fired ? 1 : 0;
            firedAtFullLevel += anyBelowLevel ? 1 : 0;
        }
        return new Outcome(firing, firedAtFullLevel, revisions);
    }

    /** Cumulative labelled counts of one window's reports: 1 to 40 reports, 300 to 1,000 labels in all. */
    private static long[] arrivals(RandomGenerator random) {
        int reports = 1 + random.nextInt(40);
        long total = 300 + random.nextInt(PREDICTIONS - 300 + 1);
        long[] cuts = new long[reports];
        for (int i = 0; i < reports - 1; i++) {
            cuts[i] = 1 + (long) (random.nextDouble() * (total - 1));
        }
        cuts[reports - 1] = total;
        Arrays.sort(cuts);
        return Arrays.stream(cuts).distinct().toArray();
    }

    /** Revision {@code revision} of window 0 of its own model version: windows do not share an alert's state. */
    private static WindowReport report(int window, int revision, QualityReport quality) {
        return Reports.window("scorer", "v" + window, 0).setRevision(revision).setQuality(quality).build();
    }
}
