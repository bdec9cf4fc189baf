package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The significance that the default drift and accuracy rules need on top of their thresholds. */
class SignificanceGateTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void accuracyDropPValueIsTheExactBinomialTail() {
        // scipy.stats.binom.cdf(k, n, p) (scipy 1.10.1), k = round(accuracy * n):
        // binom.cdf(85, 100, 0.9), binom.cdf(855, 1000, 0.9), binom.cdf(160, 200, 0.9), binom.cdf(81, 100, 0.9)
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 100)).isCloseTo(0.07257296526488045, within(1e-12));
        assertThat(SignificanceGate.accuracyDropPValue(0.855, 0.9, 1000)).isCloseTo(4.445788847113469e-06, within(1e-15));
        assertThat(SignificanceGate.accuracyDropPValue(0.80, 0.9, 200)).isCloseTo(1.7007333197271984e-05, within(1e-15));
        assertThat(SignificanceGate.accuracyDropPValue(0.81, 0.9, 100)).isCloseTo(0.004580754180004487, within(1e-13));
        // A baseline measured on 1000 rows is itself noisy: the pooled two-proportion z-test counts that,
        // scipy.stats.norm.cdf(z) for (900 of 1000) against (850 of 1000) = 0.0003616163582150922, far
        // above the binomial tail binom.cdf(850, 1000, 0.9) = 4.489442859449909e-07 that treats it as known.
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 1000, 1000)).isCloseTo(0.0003616163582150922,
                within(1e-12));
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 1000, 0)).isCloseTo(4.489442859449909e-07,
                within(1e-15));
    }

    @Test
    void errorRateAndGroupGapPValuesAreTheExactOneSidedTails() {
        // scipy.stats.binom.sf(k - 1, n, 0.01): binom.sf(19, 1000, 0.01), binom.sf(39, 2000, 0.01), binom.sf(9, 1000, 0.01)
        assertThat(SignificanceGate.errorRatePValue(20, 1000, 0.01)).isCloseTo(0.0032883597877274573, within(1e-13));
        assertThat(SignificanceGate.errorRatePValue(40, 2000, 0.01)).isCloseTo(4.811531715232038e-05, within(1e-15));
        assertThat(SignificanceGate.errorRatePValue(10, 1000, 0.01)).isCloseTo(0.5426994078251132, within(1e-12));
        // Pooled two-proportion z, one-sided: scipy.stats.norm.cdf(z) with
        // z = (xw/nw - xr/nr) / sqrt(P(1-P)(1/nr + 1/nw)), P = (xr + xw)/(nr + nw);
        // (xr, nr, xw, nw) = (75, 600, 38, 400) and (1770, 3000, 720, 2000)
        assertThat(SignificanceGate.groupGapPValue(75, 600, 38, 400)).isCloseTo(0.07105220862464862, within(1e-12));
        assertThat(SignificanceGate.groupGapPValue(1770, 3000, 720, 2000)).isCloseTo(1.8111510849695706e-57,
                within(1e-66));
    }

    /**
     * The reference group is the best of the window and the worst the lowest: with two groups the
     * one-sided test of the picked pair is a two-sided test, so its p-value counts twice. B at 80 of 400
     * against A at 180 of 600 (ratio 0.667): Φ(z) = 2.063263738346261e-04 (scipy.stats.norm.cdf, pooled z),
     * below α = 1 − 0.999^(1/4) = 2.5009e-4 of a report without features, but 2·Φ(z) is not. B at 60 of
     * 400 (Φ(z) = 2.6480469594842486e-08) fires, in its first window: the test, not a second window,
     * keeps noise out.
     */
    @Test
    void aDisparateImpactGapCountsThePairPickedAfterLookingAtTheRates() {
        assertThat(SignificanceGate.groupGapPValue(180, 600, 80, 400)).isCloseTo(2.063263738346261e-04, within(1e-15));
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        assertThat(rules(engine.evaluate(withGroups(0, 80), AlertStateStore.inMemory())))
                .as("p < alpha only if the pair had been fixed in advance").doesNotContain("disparate-impact");
        assertThat(rules(engine.evaluate(withGroups(0, 60), AlertStateStore.inMemory()))).contains("disparate-impact");
        WindowReport threeGroups = withGroups(0, 60);
        threeGroups.getSegments().get(0).getGroups().add(Reports.group("C", 500, 0.29, 0, null));
        threeGroups.getSegments().get(0).getGroups().add(Reports.group(
                io.driftwatch.performance.SegmentAccumulator.OTHER_VALUE, 50, 0.5, 0, null));
        assertThat(SignificanceGate.selectedPairs(threeGroups, "group")).as("3 groups, 'other' not counted")
                .isEqualTo(6);
        assertThat(SignificanceGate.selectedPairs(withGroups(0, 60), "group")).isEqualTo(2);
    }

    private static WindowReport withGroups(int window, long positivesOfB) {
        double ratio = (positivesOfB / 400.0) / 0.3;
        return Reports.window("loan-approval", "1", window)
                .setSegments(new java.util.ArrayList<>(List.of(Reports.segment("group",
                        Reports.group("A", 600, 0.3, 0, null), Reports.group("B", 400, positivesOfB / 400.0, 0, null)))))
                .setFairness(new java.util.ArrayList<>(List.of(Reports.fairness("group", "A", "B", 0.3 - positivesOfB / 400.0,
                        ratio, null))))
                .build();
    }

    @Test
    void anAccuracyDropFiresOnlyWhenItIsSignificantAtTheTargetsLevel() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        // 0.85 against 0.9 is 5.6% down; with 100 labels that is noise (p = 0.073 above), with 1000 it is not.
        assertThat(rules(engine.evaluate(withQuality(0, 100, 0.85), store))).doesNotContain("accuracy-drop");
        assertThat(rules(engine.evaluate(withQuality(1, 1000, 0.85), store))).contains("accuracy-drop");
    }

    /**
     * A window of 1000 predictions whose labels arrive over four reports, each 0.85 right against a
     * baseline of 0.9 (5.6% down). The default rule counts from 100 labels, so the window has at most
     * 4 looks (100-199, 200-399, 400-799, 800-1000), each tested at α / 4 = 6.2523·10⁻⁵ with
     * α = 1 − 0.999^(1/4). The p-values (the larger of scipy.stats.binom.cdf(round(0.85·n), n, 0.9) and
     * the pooled z-test against 45,000 of 50,000, which is smaller here): 300 labels 4.055·10⁻³; 560
     * labels 1.2787·10⁻⁴, below α, which fired before looks were counted, but it is not a look (the
     * last was at 300); 600 labels 7.5963·10⁻⁵, a look, not below α / 4; 700 labels 2.0822·10⁻⁵, below
     * α / 4, but not a look (600 was). A window whose first report has the 700 labels fires.
     */
    @Test
    void anAccuracyDropIsTestedOnTheWindowsLooksOnlyAtTheLevelOverTheirNumber() {
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 560)).isCloseTo(1.2787420715393088e-04, within(1e-15));
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 600)).isCloseTo(7.596315063999201e-05, within(1e-15));
        assertThat(SignificanceGate.accuracyDropPValue(0.85, 0.9, 700)).isCloseTo(2.082215198999262e-05, within(1e-15));
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        long lastLook = 0;
        int revision = 0;
        for (long labelled : new long[] {300, 560, 600, 700}) {
            lastLook = io.driftwatch.stats.DoublingLooks.next(lastLook, labelled);
            WindowReport report = withQuality(0, labelled, 0.85);
            report.setRevision(revision++);
            report.getQuality().setDropTestLabelledCount(lastLook);
            assertThat(rules(engine.evaluate(report, store))).as("%d labels", labelled).doesNotContain("accuracy-drop");
        }
        WindowReport once = withQuality(0, 700, 0.85);
        once.getQuality().setDropTestLabelledCount(io.driftwatch.stats.DoublingLooks.next(0, 700));
        List<Alert> alerts = engine.evaluate(once, AlertStateStore.inMemory());
        assertThat(rules(alerts)).contains("accuracy-drop");
        assertThat(alerts.stream().filter(a -> a.getRule().equals("accuracy-drop")).findFirst().orElseThrow()
                .getEvidence().getDetails()).containsEntry("drop_test_labelled_count", "700")
                .containsEntry("labelled_count", "700");
    }

    /**
     * With a completion delay the report that finds the labels complete gets half the level, the looks
     * before it share the other half. The same window as above (4 looks at most): 600 labels at 0.85,
     * p = 7.5963·10⁻⁵, is a look before completion at α / 8 = 3.1262·10⁻⁵ and does not fire; the report
     * that finds the same 600 labels complete is tested at α / 2 = 1.2505·10⁻⁴ and fires. Without a
     * completion delay it would be tested at α / 4 = 6.2523·10⁻⁵ and would not.
     */
    @Test
    void theReportThatFindsTheLabelsCompleteGetsHalfTheLevel() {
        assertThat(SignificanceGate.shareOfLevel(null, 4)).isEqualTo(0.25);
        assertThat(SignificanceGate.shareOfLevel(false, 4)).isEqualTo(0.125);
        assertThat(SignificanceGate.shareOfLevel(true, 4)).isEqualTo(0.5);
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        io.driftwatch.schemas.QualityReport previous = null;
        int revision = 0;
        for (boolean complete : new boolean[] {false, false}) {
            WindowReport report = withQuality(0, revision == 0 ? 300 : 600, 0.85);
            report.setRevision(revision++);
            report.getQuality().setLabelsComplete(complete);
            report.getQuality().setDropTestLabelledCount(io.driftwatch.report.QualitySections.dropTestLook(previous,
                    report.getQuality().getLabelledCount(), complete));
            previous = report.getQuality();
            assertThat(rules(engine.evaluate(report, store))).doesNotContain("accuracy-drop");
        }
        assertThat(previous.getDropTestLabelledCount()).as("600 >= 2 x 300: a look").isEqualTo(600);
        WindowReport completed = withQuality(0, 600, 0.85);
        completed.setRevision(revision);
        completed.getQuality().setLabelsComplete(true);
        completed.getQuality().setDropTestLabelledCount(io.driftwatch.report.QualitySections.dropTestLook(previous, 600, true));
        assertThat(rules(engine.evaluate(completed, store))).containsExactly("accuracy-drop");
    }

    /**
     * The quality baseline of a version whose reference has none is fixed from its first labelled
     * windows, here 231 right of 241 labels (0.9585), while the captured reference it is reported
     * with has 456 rows. A window at 263 of 300 (0.877) is 8.5% down. Counted on the 456 rows, the
     * pooled z-test gives scipy.stats.norm.cdf(z) = 1.3658833554743628e-05 for (437 of 456) against
     * (263 of 300), below α = 1 − 0.999^(1/4) = 2.5009e-4 of a report without features; counted on
     * the 241 labels it was measured on, 3.9103070123571793e-04, above it. The demo fired this alert
     * on stationary data when the row count was used.
     */
    @Test
    void aBaselineFixedFromFewLabelsCountsThoseLabelsNotTheReferencesRows() {
        assertThat(SignificanceGate.accuracyDropPValue(263 / 300.0, 231 / 241.0, 300, 456))
                .isCloseTo(1.3658833554743628e-05, within(1e-15));
        assertThat(SignificanceGate.accuracyDropPValue(263 / 300.0, 231 / 241.0, 300, 241))
                .isCloseTo(3.9103070123571793e-04, within(1e-14));

        WindowReport measured = withBaselineOf(0, 241L);
        assertThat(rules(new RuleEngine(RulesFile.defaults(), CLOCK).evaluate(measured, AlertStateStore.inMemory())))
                .as("the baseline's 241 labels leave the drop within noise").doesNotContain("accuracy-drop");
        WindowReport unrecorded = withBaselineOf(0, null);
        assertThat(rules(new RuleEngine(RulesFile.defaults(), CLOCK).evaluate(unrecorded, AlertStateStore.inMemory())))
                .as("without a recorded count the reference's 456 rows bound it").contains("accuracy-drop");
    }

    private static WindowReport withBaselineOf(int window, Long baselineLabelled) {
        double baseline = 231 / 241.0;
        WindowReport report = Reports.window("fraud-detector", "1", window)
                .setQuality(Reports.quality(600, 300, 263 / 300.0, baseline)).build();
        report.getQuality().setBaselineLabelledCount(baselineLabelled);
        report.getBaseline().setRowCount(456);
        return report;
    }

    @Test
    void aConceptDriftSignalCountsOnlyWithASignificantAccuracyDrop() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        // 0.88 against 0.9 on 1000 labels is within noise (binom.cdf(880, 1000, 0.9) is about 0.02).
        assertThat(rules(engine.evaluate(withDetector(0, 0.88), store))).isEmpty();
        // 0.86 is 4.4% down, under the accuracy bar, but binom.cdf(860, 1000, 0.9) = 3.6326e-05 is below the
        // test's level at its 5 looks from 32 labels on, (1 - 0.999^(1/4)) / 5 = 5.0019e-05.
        assertThat(rules(engine.evaluate(withDetector(1, 0.86), store))).containsExactly("concept-drift");

        RuleEngine fresh = new RuleEngine(RulesFile.defaults(), CLOCK);
        WindowReport noBaselineYet = Reports.window("credit-scorer", "1", 0)
                .setConceptDrift(new java.util.ArrayList<>(List.of(Reports.detector("ddm", true, 300)))).build();
        assertThat(rules(fresh.evaluate(noBaselineYet, AlertStateStore.inMemory())))
                .as("no quality baseline yet: nothing confirms the signal").isEmpty();
    }

    /**
     * A detector resets after each signal and signals again while a change lasts. While the accuracy
     * is down past the bar, its alert is the problem's one alert: concept-drift is below accuracy-drop in
     * the default quality group. When the drop eases below the bar but the accuracy is still significantly
     * down (and the detectors still signal), it is the same problem: accuracy-drop stays, rather than
     * resolving so that concept-drift fires next. It resolves once the accuracy is back.
     */
    @Test
    void anAccuracyDropInhibitsTheConceptDriftAlertsOfItsVersionUntilTheAccuracyIsBack() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        assertThat(rules(engine.evaluate(withDetector(0, 0.80), store))).containsExactly("accuracy-drop");
        assertThat(rules(engine.evaluate(withDetector(1, 0.80), store))).as("a new signal, same problem").isEmpty();
        assertThat(engine.evaluate(withDetector(2, 0.86), store)).isEmpty();
        assertThat(engine.evaluate(withDetector(3, 0.86), store)).isEmpty();
        assertThat(engine.evaluate(quietDetector(4, 0.9), store)).isEmpty();
        assertThat(engine.evaluate(quietDetector(5, 0.9), store)).extracting(a -> a.getRule() + " " + a.getStatus())
                .containsExactly("accuracy-drop RESOLVED");
    }

    /**
     * A concept-drift alert firing when the accuracy drop passes the bar resolves at once, inhibited, even in
     * a window whose quiet detector alone would leave it firing: two alerts for one problem otherwise.
     */
    @Test
    void aFiringConceptDriftAlertResolvesWhenAccuracyDropFiresThoughItsDetectorIsQuiet() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        assertThat(rules(engine.evaluate(withDetector(0, 0.86), store))).containsExactly("concept-drift");
        assertThat(engine.evaluate(quietDetector(1, 0.80), store)).extracting(a -> a.getRule() + " " + a.getStatus())
                .containsExactly("accuracy-drop FIRING", "concept-drift RESOLVED");
        assertThat(engine.evaluate(quietDetector(2, 0.80), store)).as("one alert for the problem, and it stays").isEmpty();
    }

    /**
     * A detector resets after each signal: the windows after it are quiet while the change lasts. The
     * alert stays firing while the accuracy stays significantly below the baseline (0.86 against 0.9 on
     * 1000 labels, as above), and resolves once it is not (0.9).
     */
    /**
     * Without a false-alarm target no accuracy test runs, and a quiet window is clear, as for any rule:
     * "RESOLVED once, when a firing alert's condition has not held in resolve_after consecutive windows".
     */
    @Test
    void withoutAFalseAlarmTargetAConceptDriftAlertResolvesOnAQuietWindow() {
        RuleSet rules = RulesFile.parse("r.yaml", """
                rules:
                  - {name: concept-drift, metric: concept_drift.detected, comparator: "==", threshold: 1, severity: warning}
                """);
        RuleEngine noTarget = new RuleEngine(rules, CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        java.util.function.IntFunction<WindowReport> window = w -> Reports.window("churn-predictor", "3", w)
                .setQuality(Reports.quality(1000, 1000, 0.9, 0.9))
                .setConceptDrift(new java.util.ArrayList<>(List.of(Reports.detector("adwin", w == 0, 1000)))).build();

        assertThat(noTarget.evaluate(window.apply(0), store)).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING);
        assertThat(noTarget.evaluate(window.apply(1), store)).extracting(Alert::getStatus).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void aConceptDriftAlertStaysFiringWhileTheAccuracyStaysSignificantlyLow() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        assertThat(rules(engine.evaluate(withDetector(0, 0.86), store))).containsExactly("concept-drift");
        assertThat(engine.evaluate(quietDetector(1, 0.86), store)).as("quiet detector, accuracy still down").isEmpty();
        assertThat(rules(engine.evaluate(withDetector(2, 0.86), store))).as("its next signal is the same episode")
                .isEmpty();
        assertThat(engine.evaluate(quietDetector(3, 0.9), store)).extracting(a -> a.getRule() + " " + a.getStatus())
                .containsExactly("concept-drift RESOLVED");
    }

    private static WindowReport quietDetector(int window, double accuracy) {
        WindowReport report = withDetector(window, accuracy);
        report.getConceptDrift().set(0, Reports.detector("adwin", false, 1000));
        return report;
    }

    private static WindowReport withDetector(int window, double accuracy) {
        return Reports.window("churn-predictor", "3", window).setQuality(Reports.quality(1000, 1000, accuracy, 0.9))
                .setConceptDrift(new java.util.ArrayList<>(List.of(Reports.detector("adwin", true, 1000)))).build();
    }

    @Test
    void aPsiAboveItsThresholdFiresOnlyWhenTheFeatureIsSignificantAndNeverWhenUncertain() {
        RuleEngine engine = new RuleEngine(RulesFile.defaults(), CLOCK);
        AlertStateStore store = AlertStateStore.inMemory();
        double level = 1e-4;

        assertThat(rules(engine.evaluate(withAmount(0, gated(0.31, 0.2, level, Verdict.NO_DRIFT)), store)))
                .as("PSI 0.31 in a small, noisy window").isEmpty();
        assertThat(rules(engine.evaluate(withAmount(1, gated(0.31, 2e-4, level, Verdict.UNCERTAIN)), store)))
                .as("the sketch cannot tell").isEmpty();
        assertThat(rules(engine.evaluate(withAmount(2, gated(0.31, 1e-9, level, Verdict.DRIFT)), store)))
                .containsExactly("feature-psi-major");
    }

    private static FeatureDrift gated(double psi, double pValue, double level, Verdict verdict) {
        FeatureDrift drift = Reports.psi("amount", psi);
        Map<String, Double> statistics = new HashMap<>(drift.getStatistics());
        statistics.put(SignificancePolicy.P_VALUE_STATISTIC, pValue);
        statistics.put(SignificancePolicy.LEVEL_STATISTIC, level);
        drift.setStatistics(statistics);
        drift.setVerdict(verdict);
        return drift;
    }

    private static WindowReport withAmount(int window, FeatureDrift amount) {
        return Reports.withFeatures(Reports.window("fraud-scorer", "3", window),
                List.of(Reports.psi("age", 0.01), amount, Reports.psi("income", 0.02))).build();
    }

    private static WindowReport withQuality(int window, long labelled, double accuracy) {
        return Reports.window("credit-scorer", "2", window)
                .setQuality(Reports.quality(Math.max(labelled, 1000), labelled, accuracy, 0.9)).build();
    }

    private static List<String> rules(List<Alert> alerts) {
        return alerts.stream().map(Alert::getRule).toList();
    }
}
