package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.ConceptDriftResult;
import io.driftwatch.schemas.FairnessReport;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.QualityTask;
import io.driftwatch.schemas.WindowReport;
import io.driftwatch.state.ExpiredRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delayed labels in {@link TopologyTestDriver}: outcomes joined to predictions whichever comes first,
 * quality per window of prediction time re-reported with a revision as late labels arrive, the
 * confidence-based estimate beside it, concept-drift detectors on the error stream, and fairness.
 * Expected figures are computed here directly from the generated predictions and labels.
 */
class QualityTopologyTest {

    private static final long MINUTE = 60_000;

    private MinuteWindowsRig rig;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> outcomes;
    private TestOutputTopic<String, WindowReport> reports;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
            "window.idle.timeout", "5m",
            "drift.min.sample.size", "30",
            "baseline.capture", "off",
            "labels.horizon", "1h",
            "labels.revision.interval", "5s",
            "segments.attributes", "group,region",
            "fairness.attributes", "group",
            "fairness.min.group.count", "20"));
        settings.putAll(extra);
        rig = new MinuteWindowsRig("quality-topology-test", settings, serdes, metrics);
        driver = rig.driver;
        reports = rig.reports;
        outcomes = driver.createInputTopic("outcomes", new ByteArraySerializer(), new ByteArraySerializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** A binary classifier's prediction with a calibrated score, and its true label drawn from that score. */
    private record Labelled(PredictionEvent prediction, String truth) {}

    private Labelled classify(String id, String model, long time, double score, String truth, String group) {
        PredictionEvent p = PredictionEvent.newBuilder()
            .setPredictionId(id)
            .setModelId(model)
            .setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(Map.of("x", score))
            .setPrediction(Prediction.newBuilder().setScore(score).build())
            .setSegments(Map.of("group", group, "region", "eu"))
            .build();
        return new Labelled(p, truth);
    }

    private void send(PredictionEvent e) {
        rig.send(e);
    }

    private void sendOutcome(String id, String model, long time, String label, Double value) {
        OutcomeEvent o = OutcomeEvent.newBuilder().setPredictionId(id).setModelId(model)
            .setEventTime(Instant.ofEpochMilli(time)).setLabel(label).setValue(value).build();
        outcomes.pipeInput(id.getBytes(), serdes.outcomeSerde.serializer().serialize("o", o), time);
    }

    private void closeWindowOf(String model, long windowStart) {
        send(PredictionEvent.newBuilder().setPredictionId("closer-" + windowStart).setModelId(model).setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(windowStart + MINUTE + 10_001)).setFeatures(Map.of())
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build());
    }

    private static double accuracy(List<Labelled> labelled) {
        long right = labelled.stream().filter(l -> (l.prediction().getPrediction().getScore() >= 0.5 ? "1" : "0")
            .equals(l.truth())).count();
        return (double) right / labelled.size();
    }

    @Test
    void aPredictionSentAgainIsJoinedOnceWhateverItsEventTime() {
        // p: a producer retry (same event time) before its outcome, then the outcome twice.
        Labelled p = classify("p", "fraud", T0 + 1_000, 0.9, "1", "a");
        send(p.prediction());
        send(p.prediction());
        sendOutcome("p", "fraud", T0 + 5_000, "1", null);
        sendOutcome("p", "fraud", T0 + 6_000, "1", null);
        // q: the outcome first; the prediction, then a copy with an earlier event time; the outcome again.
        Labelled q = classify("q", "fraud", T0 + 3_000, 0.2, "0", "a");
        sendOutcome("q", "fraud", T0 + 3_500, "0", null);
        send(q.prediction());
        send(PredictionEvent.newBuilder(q.prediction()).setEventTime(Instant.ofEpochMilli(T0 + 2_000)).build());
        sendOutcome("q", "fraud", T0 + 7_000, "0", null);
        // r: two copies with different event times waiting; the outcome twice.
        Labelled r = classify("r", "fraud", T0 + 4_000, 0.7, "0", "b");
        send(r.prediction());
        send(PredictionEvent.newBuilder(r.prediction()).setEventTime(Instant.ofEpochMilli(T0 + 2_500)).build());
        sendOutcome("r", "fraud", T0 + 8_000, "0", null);
        sendOutcome("r", "fraud", T0 + 9_000, "0", null);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("fraud", T0);

        WindowReport report = reports.readValue();
        assertThat(report.getQuality().getLabelledCount()).isEqualTo(3);
        assertThat(metrics.get("driftwatch_outcomes_joined").counter().count()).isEqualTo(3.0);
        assertThat(metrics.get("driftwatch_outcomes_duplicate").counter().count()).isEqualTo(3.0);
        // p right (0.9 → 1), q right (0.2 → 0), r wrong (0.7 → 1, truth 0).
        assertThat(report.getQuality().getMetrics().get("accuracy")).isCloseTo(2.0 / 3, within(1e-12));
    }

    /**
     * With {@code labels.complete.after}, a window is re-reported once its end plus that delay has passed
     * by event time, even without new labels: that report says its labels are complete and is the drop
     * test's last look. Labels later than declared still revise the figures, but are no look.
     */
    @Test
    void aWindowIsReportedAgainWhenItsLabelsAreComplete() {
        rig.close();
        start(Map.of("labels.complete.after", "2m"));
        for (int i = 0; i < 200; i++) {
            send(classify("p" + i, "fraud", T0 + i * 100L, 0.9, i < 150 ? "1" : "0", "a").prediction());
        }
        for (int i = 0; i < 150; i++) {
            sendOutcome("p" + i, "fraud", T0 + MINUTE, "1", null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("fraud", T0);
        WindowReport first = reportsOfWindow(T0).get(0);
        assertThat(first.getQuality().getLabelsComplete()).isFalse();
        assertThat(first.getQuality().getDropTestLabelledCount()).isEqualTo(150);

        // Event time passes the window's end plus 2 minutes: the next revision pass reports it complete.
        send(classify("later", "fraud", T0 + 3 * MINUTE + 1, 0.5, "1", "a").prediction());
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        WindowReport complete = reportsOfWindow(T0).get(0);
        assertThat(complete.getRevision()).isEqualTo(1);
        assertThat(complete.getQuality().getLabelsComplete()).isTrue();
        assertThat(complete.getQuality().getLabelledCount()).isEqualTo(150);
        assertThat(complete.getQuality().getDropTestLabelledCount()).as("the completing report is a look").isEqualTo(150);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(reportsOfWindow(T0)).as("complete once").isEmpty();

        for (int i = 150; i < 200; i++) {
            sendOutcome("p" + i, "fraud", T0 + 3 * MINUTE, "0", null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        WindowReport late = reportsOfWindow(T0).get(0);
        assertThat(late.getQuality().getLabelledCount()).isEqualTo(200);
        assertThat(late.getQuality().getLabelsComplete()).isTrue();
        assertThat(late.getQuality().getDropTestLabelledCount()).as("no look after the last").isEqualTo(150);
    }

    private List<WindowReport> reportsOfWindow(long windowStart) {
        return reports.readValuesToList().stream()
            .filter(r -> r.getWindowStart().toEpochMilli() == windowStart).toList();
    }

    @Test
    void lateLabelsReviseTheWindowsQualityWithCoverage() {
        Random rnd = new Random(1);
        List<Labelled> window = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double score = rnd.nextDouble();
            window.add(classify("p" + i, "fraud", T0 + i * 50L, score, rnd.nextDouble() < score ? "1" : "0",
                i % 2 == 0 ? "a" : "b"));
        }
        // 100 outcomes arrive before their predictions; the rest after.
        for (int i = 0; i < 100; i++) {
            sendOutcome("p" + i, "fraud", T0 + i * 50L, window.get(i).truth(), null);
        }
        window.forEach(l -> send(l.prediction()));
        for (int i = 100; i < 400; i++) {
            sendOutcome("p" + i, "fraud", T0 + MINUTE, window.get(i).truth(), null);
        }
        sendOutcome("p5", "fraud", T0 + MINUTE, "1", null); // duplicate: ignored
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // the label join sends what it joined
        closeWindowOf("fraud", T0);

        WindowReport first = reports.readValue();
        assertThat(first.getRevision()).isZero();
        assertThat(first.getQuality().getTask()).isEqualTo(QualityTask.BINARY_CLASSIFICATION);
        assertThat(first.getQuality().getPredictedCount()).isEqualTo(1000);
        assertThat(first.getQuality().getLabelledCount()).isEqualTo(400);
        assertThat(first.getQuality().getLabelCoverage()).isEqualTo(0.4);
        assertThat(first.getQuality().getMetrics().get("accuracy")).isCloseTo(accuracy(window.subList(0, 400)), within(1e-12));
        assertThat(metrics.get("driftwatch_outcomes_duplicate").counter().count()).isEqualTo(1.0);

        assertThat(first.getQuality().getDropTestLabelledCount()).as("the first report is a look").isEqualTo(400);

        // Labels keep coming for the closed window: it is re-reported with the new coverage.
        for (int i = 400; i < 700; i++) {
            sendOutcome("p" + i, "fraud", T0 + 2 * MINUTE, window.get(i).truth(), null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(reports.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        WindowReport between = reports.readValue();
        assertThat(between.getRevision()).isEqualTo(1);
        assertThat(between.getQuality().getLabelledCount()).isEqualTo(700);
        assertThat(between.getQuality().getDropTestLabelledCount()).as("700 < 2 x 400: not a look").isEqualTo(400);
        for (int i = 700; i < 1000; i++) {
            sendOutcome("p" + i, "fraud", T0 + 2 * MINUTE, window.get(i).truth(), null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        WindowReport revised = reports.readValue();
        assertThat(revised.getRevision()).isEqualTo(2);
        assertThat(revised.getQuality().getDropTestLabelledCount()).as("1000 >= 2 x 400: a look").isEqualTo(1000);
        assertThat(revised.getWindowStart()).isEqualTo(first.getWindowStart());
        assertThat(revised.getQuality().getLabelledCount()).isEqualTo(1000);
        assertThat(revised.getQuality().getLabelCoverage()).isEqualTo(1.0);
        assertThat(revised.getQuality().getMetrics().get("accuracy")).isCloseTo(accuracy(window), within(1e-12));
        // The drift part of the report is unchanged by a revision.
        assertThat(revised.getFeatures()).isEqualTo(first.getFeatures());
        // Nothing new: no further revision.
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(reports.isEmpty()).isTrue();

        // Calibrated scores: the label-free estimate is close to the realised accuracy.
        double estimated = first.getEstimatedQuality().getMetrics().get("accuracy");
        assertThat(estimated).isCloseTo(revised.getQuality().getMetrics().get("accuracy"), within(0.04));
        assertThat(first.getEstimatedQuality().getMethod()).isEqualTo("CBPE");
    }

    /**
     * Without a reference quality the first three windows with at least 100 labels fix the baseline;
     * later reports carry it with the labels it is measured on, which the accuracy-drop test needs
     * (SignificanceGateTest shows why a larger count fired on noise), and late labels of those three
     * windows revise it.
     */
    @Test
    void aBaselineFromTheFirstLabelledWindowsIsReportedWithItsLabelsAndRevisedByTheirLateOnes() {
        Random rnd = new Random(4);
        List<Labelled> baselineLabelled = new ArrayList<>();
        List<Labelled> unlabelledOfFirst = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long start = T0 + w * MINUTE;
            int labels = 120 + 10 * w;
            for (int i = 0; i < 200; i++) {
                double score = rnd.nextDouble();
                Labelled l = classify("b" + w + "-" + i, "scorer", start + i * 250L, score,
                    rnd.nextDouble() < score ? "1" : "0", "a");
                send(l.prediction());
                if (i < labels) {
                    sendOutcome(l.prediction().getPredictionId(), "scorer", start + i * 250L + 1, l.truth(), null);
                    if (w < 3) {
                        baselineLabelled.add(l);
                    }
                } else if (w == 0) {
                    unlabelledOfFirst.add(l);
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        closeWindowOf("scorer", T0 + 3 * MINUTE);
        List<WindowReport> out = reports.readValuesToList();
        assertThat(out).extracting(WindowReport::getRevision).containsOnly(0);
        assertThat(out).hasSize(4);
        for (int w = 0; w < 3; w++) {
            assertThat(out.get(w).getQuality().getBaseline()).as("window %d: not fixed yet", w).isEmpty();
            assertThat(out.get(w).getQuality().getBaselineLabelledCount()).isNull();
        }
        WindowReport fourth = out.get(3);
        assertThat(fourth.getQuality().getLabelledCount()).isEqualTo(150);
        assertThat(fourth.getQuality().getBaseline().get("accuracy"))
            .as("the pooled accuracy of the first three windows' labels")
            .isCloseTo(accuracy(baselineLabelled), within(1e-12));
        assertThat(fourth.getQuality().getBaselineLabelledCount()).isEqualTo(120 + 130 + 140);

        // The first window's other 80 labels come late: its revision revises the baseline.
        for (Labelled l : unlabelledOfFirst) {
            sendOutcome(l.prediction().getPredictionId(), "scorer", T0 + 4 * MINUTE, l.truth(), null);
            baselineLabelled.add(l);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // the label join sends what it joined
        driver.advanceWallClockTime(Duration.ofSeconds(5)); // the merge stage's next revision pass
        assertThat(reports.readValuesToList()).extracting(WindowReport::getWindowStart)
            .containsExactly(Instant.ofEpochMilli(T0));
        for (int i = 0; i < 50; i++) {
            long time = T0 + 4 * MINUTE + 20_000 + i * 100L;
            Labelled l = classify("b4-" + i, "scorer", time, rnd.nextDouble(), "1", "a");
            send(l.prediction());
            sendOutcome(l.prediction().getPredictionId(), "scorer", time + 1, l.truth(), null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("scorer", T0 + 4 * MINUTE);
        WindowReport fifth = reports.readValue();
        assertThat(fifth.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 4 * MINUTE));
        assertThat(fifth.getQuality().getBaselineLabelledCount()).isEqualTo(200 + 130 + 140);
        assertThat(fifth.getQuality().getBaseline().get("accuracy"))
            .isCloseTo(accuracy(baselineLabelled), within(1e-12));
    }

    /** A reference's baseline quality comes with the rows it was measured on, not all its rows. */
    @Test
    void aReferencesBaselineQualityIsReportedWithTheRowsItWasMeasuredOn() {
        io.driftwatch.profile.WindowProfile rows = new io.driftwatch.profile.WindowProfile(DriftwatchConfig.from(Map.of()).profile());
        Random rnd = new Random(5);
        for (int i = 0; i < 2000; i++) {
            rows.add(classify("ref" + i, "scorer", T0 - MINUTE, rnd.nextDouble(), "1", "a").prediction());
        }
        io.driftwatch.schemas.ReferenceProfile reference = io.driftwatch.baseline.ReferenceProfileFactory.fromProfile(
            "scorer", "1", rows, io.driftwatch.schemas.BaselineSource.TRAINING_DATA, "train.csv",
            Instant.ofEpochMilli(T0 - MINUTE), Map.of("accuracy", 0.8));
        reference.setBaselineQualityCount(300L); // labels on 300 of the 2000 rows
        driver.createInputTopic("baselines", new org.apache.kafka.common.serialization.StringSerializer(),
            serdes.baselineSerde.serializer()).pipeInput("scorer/1", reference, T0 - MINUTE);
        for (int i = 0; i < 200; i++) {
            Labelled l = classify("s" + i, "scorer", T0 + i * 250L, rnd.nextDouble(), rnd.nextBoolean() ? "1" : "0", "a");
            send(l.prediction());
            sendOutcome(l.prediction().getPredictionId(), "scorer", T0 + i * 250L + 1, l.truth(), null);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("scorer", T0);
        WindowReport r = reports.readValue();
        assertThat(r.getBaseline().getRowCount()).isEqualTo(2000);
        assertThat(r.getQuality().getBaseline()).containsEntry("accuracy", 0.8);
        assertThat(r.getQuality().getBaselineLabelledCount()).isEqualTo(300L);
    }

    /**
     * A failed request (docs/producers.md: {@code error: true}, {@code prediction: {}}) has no answer to score. Its
     * outcome matches it, whichever comes first, so a second one is a duplicate and none is left waiting to be
     * counted unmatched; it is counted as unscorable and adds nothing to quality, and nothing fails.
     */
    @Test
    void anOutcomeOfAFailedPredictionMatchesItButAddsNothingToQuality() {
        PredictionEvent failed = PredictionEvent.newBuilder(classify("f1", "fraud", T0 + 1_000, 0.5, "1", "a").prediction())
            .setPrediction(Prediction.newBuilder().build()).setError(true).setErrorMessage("model timed out").build();
        send(failed);
        sendOutcome("f1", "fraud", T0 + 2_000, "1", null); // the prediction came first
        sendOutcome("f2", "fraud", T0 + 2_500, "0", null); // the outcome comes first
        send(PredictionEvent.newBuilder(failed).setPredictionId("f2").setEventTime(Instant.ofEpochMilli(T0 + 3_000)).build());
        sendOutcome("f1", "fraud", T0 + 4_000, "1", null);
        sendOutcome("f2", "fraud", T0 + 4_500, "0", null);
        Labelled p = classify("p", "fraud", T0 + 5_000, 0.9, "1", "a");
        send(p.prediction());
        sendOutcome("p", "fraud", T0 + 6_000, "1", null);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("fraud", T0);

        WindowReport report = reports.readValue();
        assertThat(report.getErrorCount()).isEqualTo(2);
        assertThat(report.getQuality().getLabelledCount()).isEqualTo(1);
        assertThat(report.getQuality().getMetrics().get("accuracy")).isEqualTo(1.0);
        assertThat(metrics.get("driftwatch_outcomes_joined").counter().count()).isEqualTo(1.0);
        assertThat(metrics.get("driftwatch_outcomes_unscorable").tag("reason", "no_answer").counter().count()).isEqualTo(2.0);
        assertThat(metrics.get("driftwatch_outcomes_duplicate").counter().count()).isEqualTo(2.0);
        // Two horizons on, the outcome that came first was not left waiting.
        send(classify("later", "fraud", T0 + 2 * 60 * MINUTE, 0.9, "1", "a").prediction());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(metrics.get("driftwatch_outcomes_unmatched").counter().count()).isZero();
    }

    @Test
    void anOutcomeWithoutPredictionIsCountedUnmatchedAfterTheHorizon() {
        sendOutcome("ghost", "fraud", T0, "1", null);
        send(classify("p1", "fraud", T0 + 2 * 60 * MINUTE, 0.9, "1", "a").prediction());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(metrics.get("driftwatch_outcomes_unmatched").counter().count()).isEqualTo(1.0);
    }

    /** Outcomes expire in batches (the stream time may jump past millions of them); every one is counted. */
    @Test
    void moreOutcomesThanOneExpiryBatchAllExpire() {
        int n = ExpiredRange.BATCH + 7;
        for (int i = 0; i < n; i++) {
            sendOutcome("ghost-" + i, "fraud", T0 + i, "1", null);
        }
        send(classify("p1", "fraud", T0 + 2 * 60 * MINUTE, 0.9, "1", "a").prediction());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(metrics.get("driftwatch_outcomes_unmatched").counter().count()).isEqualTo(n);
        // Nothing is left to expire: a second horizon on, the count stays.
        send(classify("p2", "fraud", T0 + 4 * 60 * MINUTE, 0.9, "1", "a").prediction());
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(metrics.get("driftwatch_outcomes_unmatched").counter().count()).isEqualTo(n);
    }

    @Test
    void fairnessGapBetweenGroupsIsReported() {
        Random rnd = new Random(2);
        for (int i = 0; i < 2000; i++) {
            String group = i % 2 == 0 ? "a" : "b";
            // Group b gets positive predictions half as often as group a.
            double score = group.equals("a") ? (rnd.nextDouble() < 0.6 ? 0.8 : 0.2) : (rnd.nextDouble() < 0.3 ? 0.8 : 0.2);
            send(classify("q" + i, "loans", T0 + i * 25L, score, score > 0.5 ? "1" : "0", group).prediction());
        }
        closeWindowOf("loans", T0);
        WindowReport r = reports.readValue();
        FairnessReport f = r.getFairness().get(0);
        assertThat(f.getAttribute()).isEqualTo("group");
        assertThat(f.getReferenceGroup()).isEqualTo("a");
        assertThat(f.getWorstGroup()).isEqualTo("b");
        assertThat(f.getDisparateImpactRatio()).isBetween(0.4, 0.6).isLessThan(0.8);
        assertThat(r.getSegments()).extracting(s -> s.getAttribute()).containsExactly("group", "region");
    }

    @Test
    void conceptDriftVisibleOnlyInLabelsIsDetected() {
        Random rnd = new Random(3);
        // Window 1: the model is right 90% of the time. Window 2: the concept flips for half the inputs.
        for (int w = 0; w < 2; w++) {
            long start = T0 + w * MINUTE;
            double errorRate = w == 0 ? 0.1 : 0.5;
            for (int i = 0; i < 3000; i++) {
                String id = "c" + w + "-" + i;
                double score = rnd.nextDouble() < 0.5 ? 0.9 : 0.1;
                String predicted = score >= 0.5 ? "1" : "0";
                boolean wrong = rnd.nextDouble() < errorRate;
                String truth = wrong ? (predicted.equals("1") ? "0" : "1") : predicted;
                send(classify(id, "churn", start + i * 19L, score, truth, "a").prediction());
                sendOutcome(id, "churn", start + i * 19L + 1, truth, null);
            }
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        closeWindowOf("churn", T0 + MINUTE);
        List<WindowReport> out = reports.readValuesToList();
        assertThat(out).hasSize(2);
        List<ConceptDriftResult> before = out.get(0).getConceptDrift();
        List<ConceptDriftResult> after = out.get(1).getConceptDrift();
        assertThat(before).extracting(ConceptDriftResult::getDetector).containsExactly("adwin", "ddm", "page_hinkley");
        assertThat(before).noneMatch(ConceptDriftResult::getDetected);
        assertThat(after).filteredOn(d -> !d.getDetector().equals("page_hinkley"))
            .allMatch(ConceptDriftResult::getDetected);
        assertThat(after.get(0).getObservations()).isEqualTo(6000);
        assertThat(metrics.get("driftwatch_concept_drift_detections").tag("detector", "adwin").counter().count()).isPositive();
    }

    /** A label for a regression's prediction has nothing to score it with: counted, not silently dropped. */
    @Test
    void anOutcomeOfTheWrongKindIsCountedAsUnscorable() {
        PredictionEvent p = PredictionEvent.newBuilder().setPredictionId("r1").setModelId("eta").setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(T0 + 100)).setFeatures(Map.of("d", 1.0))
            .setPrediction(Prediction.newBuilder().setValue(12.5).build()).build();
        send(p);
        sendOutcome("r1", "eta", T0 + 200, "late", null);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("eta", T0);

        assertThat(metrics.get("driftwatch_outcomes_unscorable").tag("reason", "wrong_kind").counter().count()).isEqualTo(1.0);
        assertThat(metrics.get("driftwatch_outcomes_joined").counter().count()).isZero();
        assertThat(reports.readValue().getQuality()).satisfiesAnyOf(
            q -> assertThat(q).isNull(), q -> assertThat(q.getLabelledCount()).isZero());
    }

    @Test
    void regressionQualityIsExact() {
        double absSum = 0;
        double sqSum = 0;
        for (int i = 0; i < 200; i++) {
            double predicted = i;
            double actual = i + (i % 2 == 0 ? 2.0 : -1.0);
            absSum += Math.abs(predicted - actual);
            sqSum += (predicted - actual) * (predicted - actual);
            PredictionEvent p = PredictionEvent.newBuilder().setPredictionId("r" + i).setModelId("eta").setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(T0 + i * 100L)).setFeatures(Map.of("d", (double) i))
                .setPrediction(Prediction.newBuilder().setValue(predicted).build()).setLatencyMs(5.0 + i).build();
            send(p);
            sendOutcome("r" + i, "eta", T0 + i * 100L + 5, null, actual);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        closeWindowOf("eta", T0);
        WindowReport r = reports.readValue();
        assertThat(r.getQuality().getTask()).isEqualTo(QualityTask.REGRESSION);
        assertThat(r.getQuality().getMetrics().get("mae")).isCloseTo(absSum / 200, within(1e-12));
        assertThat(r.getQuality().getMetrics().get("rmse")).isCloseTo(Math.sqrt(sqSum / 200), within(1e-12));
        assertThat(r.getConceptDrift()).extracting(ConceptDriftResult::getDetector).containsExactly("page_hinkley");
        assertThat(r.getLatency().getMaxMs()).isEqualTo(204.0);
        assertThat(r.getEstimatedQuality()).isNull();
    }
}
