package io.driftwatch.topology;

import static io.driftwatch.topology.MinuteWindowsRig.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.FeatureDrift;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.schemas.Verdict;
import io.driftwatch.schemas.WindowReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drift topology end to end in {@link TopologyTestDriver}: events in, window reports out. Windows
 * are one minute with ten seconds of grace; an event past a window's end plus grace closes it.
 */
class DriftTopologyTest {

    private static final long MINUTE = 60_000;
    private static final ProfileSettings PROFILE = ProfileSettings.defaults();

    private MinuteWindowsRig rig;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> predictions;
    private TestInputTopic<String, ReferenceProfile> baselines;
    private TestOutputTopic<String, WindowReport> reports;
    private TestOutputTopic<String, ReferenceProfile> capturedBaselines;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, Alert> alerts;
    private final BinaryTopicSerdes serdes = new BinaryTopicSerdes();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private int ids;

    @BeforeEach
    void start() {
        rig = new MinuteWindowsRig("drift-topology-test", Map.of(
            "window.idle.timeout", "30s",
            "drift.min.sample.size", "30",
            "baseline.capture", "first-window",
            "baseline.capture.min.events", "100",
            "profile.max.features", "50"), serdes, metrics);
        driver = rig.driver;
        predictions = rig.predictions;
        reports = rig.reports;
        baselines = driver.createInputTopic("baselines", new StringSerializer(), serdes.baselineSerde.serializer());
        reports = driver.createOutputTopic("window-reports", new StringDeserializer(), serdes.reportSerde.deserializer());
        capturedBaselines = driver.createOutputTopic("baselines", new StringDeserializer(), serdes.baselineSerde.deserializer());
        deadLetters = driver.createOutputTopic("dead-letter", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        alerts = driver.createOutputTopic("alerts", new StringDeserializer(), serdes.alertSerde.deserializer());
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private PredictionEvent event(String model, String version, long time, Map<String, Object> features) {
        return PredictionEvent.newBuilder()
            .setPredictionId("p" + (ids++))
            .setModelId(model)
            .setModelVersion(version)
            .setEventTime(Instant.ofEpochMilli(time))
            .setFeatures(features)
            .setPrediction(Prediction.newBuilder().setScore(score(features)).build())
            .setLatencyMs(10.0)
            .build();
    }

    private void send(PredictionEvent e) {
        rig.send(e);
    }

    /** The model: a logistic score of f0 (f0 missing, or sent as text, scores 0.5). */
    private static double score(Map<String, Object> features) {
        return features.get("f0") instanceof Double x ? 1 / (1 + Math.exp(-x)) : 0.5;
    }

    /** Ten standard-normal features, with the listed ones shifted by {@code shift}, and a categorical one. */
    private static Map<String, Object> features(Random rnd, double shift, List<String> shifted, String category) {
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String name = "f" + i;
            f.put(name, rnd.nextGaussian() + (shifted.contains(name) ? shift : 0.0));
        }
        f.put("country", category);
        return f;
    }

    private void publishBaseline(String model, String version, long seed) {
        Random rnd = new Random(seed);
        WindowProfile reference = new WindowProfile(PROFILE);
        String[] countries = {"de", "fr", "it"};
        for (int i = 0; i < 5000; i++) {
            Map<String, Object> f = features(rnd, 0, List.of(), countries[i % 3]);
            f.forEach(reference::addFeature);
            reference.countEvent(false);
            reference.addPrediction(io.driftwatch.schemas.PredictionKind.BINARY, score(f), null);
        }
        ReferenceProfile profile = ReferenceProfileFactory.fromProfile(model, version, reference,
            BaselineSource.TRAINING_DATA, "test reference", Instant.ofEpochMilli(T0 - MINUTE), Map.of());
        baselines.pipeInput(model + "/" + version, profile, T0 - MINUTE);
    }

    /** Sends {@code n} events spread over the window starting at {@code windowStart}. */
    private void fillWindow(String model, String version, long windowStart, int n, Random rnd,
                            Consumer<Map<String, Object>> mutate, double shift, List<String> shifted) {
        String[] countries = {"de", "fr", "it"};
        for (int i = 0; i < n; i++) {
            Map<String, Object> f = features(rnd, shift, shifted, countries[i % 3]);
            mutate.accept(f);
            send(event(model, version, windowStart + (long) i * (MINUTE - 1) / n, f));
        }
    }

    /** An event past the window's end plus grace, which closes it. */
    private void closeWindow(String model, String version, long windowStart) {
        send(event(model, version, windowStart + MINUTE + 10_001, features(new Random(0), 0, List.of(), "de")));
    }

    private static Map<String, FeatureDrift> byName(WindowReport r) {
        return r.getFeatures().stream().collect(Collectors.toMap(FeatureDrift::getFeature, f -> f));
    }

    @Test
    void stationaryDataFlagsNoFeature() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 2000, new Random(2), f -> { }, 0, List.of());
        closeWindow("fraud", "1", T0);

        List<TestRecord<String, WindowReport>> out = reports.readRecordsToList();
        assertThat(out).hasSize(1);
        WindowReport r = out.get(0).value();
        assertThat(out.get(0).key()).isEqualTo("fraud/1");
        assertThat(r.getEventCount()).isEqualTo(2000);
        assertThat(r.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(r.getWindowEnd().toEpochMilli()).isEqualTo(T0 + MINUTE);
        assertThat(r.getBaseline().getSource()).isEqualTo("TRAINING_DATA");
        assertThat(r.getBaseline().getFallback()).isFalse();
        assertThat(r.getFeatures()).hasSize(11).allSatisfy(f -> assertThat(f.getVerdict()).isEqualTo(Verdict.NO_DRIFT));
        assertThat(r.getDriftedFeatureCount()).isZero();
        assertThat(r.getTestedFeatureCount()).isEqualTo(11);
        assertThat(r.getDatasetDrift()).isFalse();
        assertThat(byName(r).get("f0").getTest()).isEqualTo("wasserstein");
        assertThat(byName(r).get("country").getTest()).isEqualTo("jensen_shannon");
        assertThat(r.getLatency().getP99Ms()).isEqualTo(10.0);
        assertThat(r.getPredictionDrift()).isNotNull();
        assertThat(alerts.readValuesToList()).as("no rule fires on stationary data").isEmpty();
    }

    /**
     * A feature that stops arriving, or that a producer starts sending as text where the baseline has numbers, leaves
     * its drift test without values: INSUFFICIENT_DATA, which no drift rule sees. The feature-missing rule fires for
     * exactly those two; feature-missing-partial, which it inhibits for them, for a feature missing from three events
     * in ten; neither for one missing from one in twenty, below both bars.
     */
    @Test
    void aFeatureThatStopsArrivingOrTurnsToTextFiresFeatureMissing() {
        publishBaseline("fraud", "1", 1);
        int[] i = {0};
        fillWindow("fraud", "1", T0, 1000, new Random(7), f -> {
            f.remove("f3");
            f.put("f4", f.get("f4").toString());
            if (i[0] % 10 < 3) {
                f.remove("f5");
            }
            if (i[0]++ % 20 == 0) {
                f.remove("f6");
            }
        }, 0, List.of());
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        assertThat(byName(r).get("f3").getVerdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(byName(r).get("f4").getVerdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        // The report says which way the values went, which its counts alone do not for values of another kind.
        assertThat(byName(r).get("f3").getVerdictReason()).isEqualTo("0 numbers in the window, fewer than the 30 a"
            + " verdict needs; 1000 events without the feature, 0 not finite, 0 with text or booleans where the baseline"
            + " has numbers");
        assertThat(byName(r).get("f4").getVerdictReason()).isEqualTo("0 numbers in the window, fewer than the 30 a"
            + " verdict needs; 0 events without the feature, 0 not finite, 1000 with text or booleans where the baseline"
            + " has numbers");
        assertThat(byName(r).get("f5").getVerdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(byName(r).get("f5").getVerdictReason()).isNull();
        List<Alert> fired = alerts.readValuesToList();
        assertThat(fired).extracting(Alert::getRule, Alert::getFeature, Alert::getStatus)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("feature-missing", "f3", AlertStatus.FIRING),
                org.assertj.core.groups.Tuple.tuple("feature-missing", "f4", AlertStatus.FIRING),
                org.assertj.core.groups.Tuple.tuple("feature-missing-partial", "f5", AlertStatus.FIRING));
        assertThat(fired).filteredOn(a -> a.getFeature().equals("f3")).singleElement().extracting(Alert::getSummary)
            .isEqualTo("fraud v1: feature 'f3' without a usable value in 100% of the events, 0% in the baseline"
                + " (increase 1 \u2265 0.5) (critical)");
        assertThat(fired).filteredOn(a -> a.getFeature().equals("f5")).singleElement().extracting(Alert::getSummary)
            .isEqualTo("fraud v1: feature 'f5' without a usable value in 30% of the events, 0% in the baseline"
                + " (increase 0.3 \u2265 0.1) (warning)");
    }

    /**
     * The model's outputs drift when an input it scores on does: f0 shifted by one standard deviation moves the scores,
     * and prediction-drift fires beside f0's own drift alert, with the prediction's test decided at the target's level
     * as a feature's. A shift in features the model does not score on leaves its outputs, and the rule, alone.
     */
    @Test
    void aShiftInAnInputTheModelScoresOnFiresPredictionDrift() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 2000, new Random(3), f -> { }, 1.0, List.of("f0"));
        closeWindow("fraud", "1", T0);
        fillWindow("fraud", "1", T0 + 2 * MINUTE, 2000, new Random(4), f -> { }, 1.0, List.of("f5"));
        closeWindow("fraud", "1", T0 + 2 * MINUTE);

        // The windows of 2,000 events (each closing event opens a window of one).
        List<WindowReport> out = reports.readValuesToList().stream().filter(r -> r.getEventCount() == 2000).toList();
        assertThat(out).hasSize(2);
        FeatureDrift moved = out.get(0).getPredictionDrift();
        assertThat(moved.getVerdict()).isEqualTo(Verdict.DRIFT);
        assertThat(moved.getStatistics()).containsKeys(io.driftwatch.alerting.SignificancePolicy.LEVEL_STATISTIC);
        // The prediction's test is one of the window's: every feature is decided at the level of 11 features, the
        // prediction and the model-level shares.
        assertThat(byName(out.get(0)).get("f1").getStatistics().get(io.driftwatch.alerting.SignificancePolicy.LEVEL_STATISTIC))
            .isEqualTo(moved.getStatistics().get(io.driftwatch.alerting.SignificancePolicy.LEVEL_STATISTIC));
        assertThat(out.get(1).getPredictionDrift().getVerdict()).isEqualTo(Verdict.NO_DRIFT);
        assertThat(alerts.readValuesToList()).filteredOn(a -> a.getStatus() == AlertStatus.FIRING)
            .extracting(Alert::getRule, Alert::getFeature)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("feature-psi-major", "f0"),
                org.assertj.core.groups.Tuple.tuple("prediction-drift", null),
                org.assertj.core.groups.Tuple.tuple("feature-psi-major", "f5"));
    }

    @Test
    void aShiftInTwoOfTenFeaturesFlagsExactlyThose() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 2000, new Random(3), f -> { }, 1.0, List.of("f2", "f7"));
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        List<String> drifted = r.getFeatures().stream().filter(f -> f.getVerdict() == Verdict.DRIFT)
            .map(FeatureDrift::getFeature).toList();
        assertThat(drifted).containsExactly("f2", "f7");
        assertThat(r.getDriftedFeatureCount()).isEqualTo(2);
        assertThat(r.getDatasetDriftShare()).isCloseTo(2.0 / 11, org.assertj.core.api.Assertions.within(1e-12));
        // A one-standard-deviation shift gives a normalised Wasserstein distance of about 1.
        assertThat(byName(r).get("f2").getStatistic()).isBetween(0.85, 1.15);
        assertThat(byName(r).get("f2").getErrorBound()).isNotNull();
    }

    /**
     * A producer that puts an id into a feature name adds a feature with every event. Past
     * profile.max.features (50 here) distinct features in a window, the values of new ones are counted
     * in a metric instead of profiled; every event still counts, and the real features keep their figures.
     */
    @Test
    void aFeatureNamedAfterAnIdInEveryEventIsCappedAndCounted() {
        publishBaseline("fraud", "1", 1);
        int[] i = {0};
        fillWindow("fraud", "1", T0, 300, new Random(6), f -> f.put("request-" + i[0]++, 1.0), 0, List.of());
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        assertThat(r.getEventCount()).isEqualTo(300);
        assertThat(byName(r)).containsKeys("f0", "f9", "country");
        assertThat(byName(r).get("f0").getVerdict()).isEqualTo(Verdict.NO_DRIFT);
        // 11 real features and the ids of the first 39 events make 50; the other 261 events' ids are dropped.
        assertThat(metrics.get("driftwatch_feature_values_dropped").tag("model", "fraud").counter().count()).isEqualTo(261.0);
    }

    @Test
    void featuresWithTooFewValuesCountAsNotDriftedInTheDatasetShare() {
        publishBaseline("fraud", "1", 1);
        int[] i = {0};
        // Five of eleven features shift; two others are missing from all but 20 of 300 events, below the
        // minimum sample size (30 here). Over the tested features alone that would read "5 of 9, half drifted".
        fillWindow("fraud", "1", T0, 300, new Random(5), f -> {
            if (i[0]++ >= 20) {
                f.remove("f8");
                f.remove("f9");
            }
        }, 1.0, List.of("f0", "f1", "f2", "f3", "f4"));
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        assertThat(byName(r).get("f8").getVerdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(r.getDriftedFeatureCount()).isEqualTo(5);
        assertThat(r.getTestedFeatureCount()).isEqualTo(9);
        assertThat(r.getComparedFeatureCount()).isEqualTo(11);
        assertThat(r.getDatasetDriftShare()).isCloseTo(5.0 / 11, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.getDatasetDrift()).isFalse();
    }

    @Test
    void newCategoriesAndMissingValuesAreReported() {
        publishBaseline("fraud", "1", 1);
        Random rnd = new Random(4);
        int[] i = {0};
        fillWindow("fraud", "1", T0, 1000, rnd, f -> {
            if (i[0] % 4 == 0) {
                f.put("country", "zz");
            }
            if (i[0] % 5 == 0) {
                f.put("f0", null);
            }
            if (i[0] % 10 == 1) {
                f.remove("f1");
            }
            i[0]++;
        }, 0, List.of());
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        FeatureDrift country = byName(r).get("country");
        assertThat(country.getNewCategories()).containsExactly("zz");
        assertThat(country.getVerdict()).isEqualTo(Verdict.DRIFT);
        assertThat(byName(r).get("f0").getMissingCount()).isEqualTo(200);
        assertThat(byName(r).get("f0").getWindowCount()).isEqualTo(800);
        assertThat(byName(r).get("f1").getMissingCount()).isEqualTo(100);
    }

    @Test
    void outOfOrderEventsInsideGraceCountAndLaterOnesAreLate() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 500, new Random(5), f -> { }, 0, List.of());
        // Stream time moves into the next window, then an event of the first window arrives within grace.
        send(event("fraud", "1", T0 + MINUTE + 5_000, features(new Random(6), 0, List.of(), "de")));
        send(event("fraud", "1", T0 + 30_000, features(new Random(7), 0, List.of(), "de")));
        assertThat(reports.isEmpty()).isTrue();
        closeWindow("fraud", "1", T0);
        // Now the first window is closed: an event for it is late.
        send(event("fraud", "1", T0 + 40_000, features(new Random(8), 0, List.of(), "de")));

        WindowReport first = reports.readValue();
        assertThat(first.getEventCount()).isEqualTo(501);
        assertThat(first.getLateEventCount()).isZero();
        assertThat(metrics.get("driftwatch_late_events").tag("stage", "partition").counter().count()).isEqualTo(1.0);

        // The late event is carried by the version's next report.
        send(event("fraud", "1", T0 + 2 * MINUTE + 10_001, features(new Random(9), 0, List.of(), "de")));
        WindowReport second = reports.readValue();
        assertThat(second.getWindowStart().toEpochMilli()).isEqualTo(T0 + MINUTE);
        assertThat(second.getLateEventCount()).isEqualTo(1);
    }

    @Test
    void aWindowBelowTheMinimumSizeGetsNoVerdict() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 10, new Random(10), f -> { }, 5.0, List.of("f0"));
        closeWindow("fraud", "1", T0);

        WindowReport r = reports.readValue();
        assertThat(r.getEventCount()).isEqualTo(10);
        assertThat(r.getFeatures()).allSatisfy(f -> {
            assertThat(f.getVerdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
            assertThat(f.getStatistic()).isNull();
        });
        assertThat(r.getTestedFeatureCount()).isZero();
        assertThat(r.getDatasetDrift()).isFalse();
    }

    @Test
    void aVersionWithoutBaselineCapturesOneThenReportsAgainstIt() {
        // 150 events: below the KLL sketch's k, so the sketches are exact and the test deterministic.
        fillWindow("churn", "7", T0, 150, new Random(11), f -> { }, 0, List.of());
        closeWindow("churn", "7", T0);

        WindowReport first = reports.readValue();
        assertThat(first.getBaseline()).isNull();
        assertThat(first.getFeatures()).allSatisfy(f -> assertThat(f.getVerdict()).isEqualTo(Verdict.NO_BASELINE));
        TestRecord<String, ReferenceProfile> captured = capturedBaselines.readRecord();
        assertThat(captured.key()).isEqualTo("churn/7");
        assertThat(captured.value().getSource()).isEqualTo(BaselineSource.CAPTURED);
        assertThat(captured.value().getRowCount()).isEqualTo(150);

        fillWindow("churn", "7", T0 + MINUTE, 150, new Random(12), f -> { }, 1.0, List.of("f4"));
        closeWindow("churn", "7", T0 + MINUTE);
        WindowReport second = reports.readValue();
        assertThat(second.getBaseline().getSource()).isEqualTo("CAPTURED");
        assertThat(second.getBaseline().getModelVersion()).isEqualTo("7");
        KeyValueStore<String, ReferenceProfile> kept = driver.getKeyValueStore(TopologyStores.defaults().capturedBaselines());
        assertThat(kept.get("churn/7")).as("the captured copy, once the baselines topic has it back").isNull();
        // 150 rows of reference: Evidently's rule picks KS. The shifted feature is unmistakable; the
        // others are tested at 5% each, so only their p-values are bounded, far from the shifted one's.
        FeatureDrift f4 = byName(second).get("f4");
        assertThat(f4.getTest()).isEqualTo("ks");
        assertThat(f4.getVerdict()).isEqualTo(Verdict.DRIFT);
        assertThat(f4.getPValue()).isLessThan(1e-6);
        assertThat(second.getFeatures()).filteredOn(f -> f.getFeature().matches("f[0-9]") && !f.getFeature().equals("f4"))
            .hasSize(9).allSatisfy(f -> assertThat(f.getPValue()).isGreaterThan(1e-3));
    }

    @Test
    void aNewVersionFallsBackToTheModelsLatestBaseline() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "2", T0, 200, new Random(13), f -> { }, 0, List.of());
        closeWindow("fraud", "2", T0);
        WindowReport r = reports.readValue();
        assertThat(r.getBaseline().getModelVersion()).isEqualTo("1");
        assertThat(r.getBaseline().getFallback()).isTrue();
    }

    @Test
    void anIdleModelsLastWindowClosesOnWallClockTime() {
        publishBaseline("fraud", "1", 1);
        fillWindow("fraud", "1", T0, 100, new Random(14), f -> { }, 0, List.of());
        assertThat(reports.isEmpty()).isTrue();
        // No more events: after the idle timeout, event time follows the wall clock.
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        driver.advanceWallClockTime(Duration.ofSeconds(80));
        assertThat(reports.readValuesToList()).hasSize(1);
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicWithTheirReason() {
        predictions.pipeInput("k1".getBytes(), new byte[] {1, 2, 3}, T0);
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).containsExactly(1, 2, 3);
        assertThat(dead.key()).containsExactly("k1".getBytes());
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("AVRO_DECODE_ERROR");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("predictions");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(metrics.get("driftwatch_events_rejected").tag("reason", "AVRO_DECODE_ERROR").counter().count()).isEqualTo(1.0);
    }
}
