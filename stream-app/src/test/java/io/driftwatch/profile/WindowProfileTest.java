package io.driftwatch.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class WindowProfileTest {

    private static final ProfileSettings SETTINGS = new ProfileSettings(200, 10);

    static PredictionEvent event(Random rnd, int i) {
        Map<String, Object> features = new HashMap<>();
        features.put("amount", rnd.nextGaussian() * 10 + 100);
        features.put("age", (double) (18 + rnd.nextInt(60)));
        features.put("country", "c" + rnd.nextInt(5));
        features.put("is_new", rnd.nextBoolean());
        features.put("rating", (double) rnd.nextInt(3)); // low-cardinality numeric
        if (i % 10 == 0) {
            features.put("amount", null);
        }
        if (i % 17 == 0) {
            features.put("age", Double.NaN);
        }
        if (i % 7 == 0) {
            features.remove("country");
        }
        return PredictionEvent.newBuilder()
            .setPredictionId("p" + i)
            .setModelId("m")
            .setModelVersion("1")
            .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i))
            .setFeatures(features)
            .setPrediction(Prediction.newBuilder().setScore(rnd.nextDouble()).setLabel(null).build())
            .setLatencyMs(5 + rnd.nextDouble() * 20)
            .setError(i % 50 == 0)
            .build();
    }

    @Test
    void countsMomentsFrequenciesAndMissingValues() {
        Random rnd = new Random(1);
        WindowProfile profile = new WindowProfile(SETTINGS);
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            PredictionEvent e = event(rnd, i);
            events.add(e);
            profile.add(e);
        }
        assertThat(profile.events()).isEqualTo(1000);
        assertThat(profile.errors()).isEqualTo(20);
        assertThat(profile.missing("amount")).isEqualTo(100);
        assertThat(profile.numeric().get("age").nonFinite()).isEqualTo(59);
        assertThat(profile.missing("age")).isZero();
        assertThat(profile.missing("country")).isEqualTo(143);
        assertThat(profile.missing("never-seen")).isEqualTo(1000);
        assertThat(profile.categorical().get("is_new").frequencies()).containsOnlyKeys("true", "false");
        assertThat(profile.numeric().get("rating").distinctValues()).isEqualTo(3);
        assertThat(profile.numeric().get("rating").valueCounts().values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(1000);
        assertThat(profile.numeric().get("amount").distinctValues()).isEqualTo(NumericAccumulator.DISTINCT_CAP);
        assertThat(profile.numeric().get("amount").valueCounts()).isEmpty();
        assertThat(profile.predictionKind()).isEqualTo(PredictionKind.BINARY);
        assertThat(profile.latency().count()).isEqualTo(1000);

        double[] amounts = events.stream().map(e -> e.getFeatures().get("amount")).filter(v -> v != null)
            .mapToDouble(v -> (Double) v).toArray();
        double mean = java.util.Arrays.stream(amounts).average().orElseThrow();
        double var = java.util.Arrays.stream(amounts).map(v -> (v - mean) * (v - mean)).sum() / amounts.length;
        assertThat(profile.numeric().get("amount").mean()).isCloseTo(mean, within(1e-9));
        assertThat(profile.numeric().get("amount").stdDev()).isCloseTo(Math.sqrt(var), within(1e-9));
    }

    /** The two-stage aggregation must give what one stage gives: partials per partition, merged. */
    @Test
    void mergingPartialsEqualsProfilingEverythingAtOnce() {
        Random rnd = new Random(7);
        WindowProfile single = new WindowProfile(SETTINGS);
        WindowProfile[] partitions = {new WindowProfile(SETTINGS), new WindowProfile(SETTINGS), new WindowProfile(SETTINGS)};
        for (int i = 0; i < 30_000; i++) {
            PredictionEvent e = event(rnd, i);
            single.add(e);
            partitions[i % 3].add(e);
        }
        WindowProfile merged = new WindowProfile(SETTINGS);
        for (WindowProfile p : partitions) {
            merged.merge(p);
        }
        assertThat(merged.events()).isEqualTo(single.events());
        assertThat(merged.errors()).isEqualTo(single.errors());
        for (String f : single.numeric().keySet()) {
            NumericAccumulator a = single.numeric().get(f);
            NumericAccumulator b = merged.numeric().get(f);
            assertThat(b.count()).isEqualTo(a.count());
            assertThat(b.nonFinite()).isEqualTo(a.nonFinite());
            assertThat(b.mean()).isCloseTo(a.mean(), within(1e-9 * Math.max(1, Math.abs(a.mean()))));
            assertThat(b.stdDev()).isCloseTo(a.stdDev(), within(1e-9 * Math.max(1, a.stdDev())));
            assertThat(b.min()).isEqualTo(a.min());
            assertThat(b.max()).isEqualTo(a.max());
            assertThat(b.valueCounts()).containsExactlyInAnyOrderEntriesOf(a.valueCounts());
            assertThat(single.missing(f)).isEqualTo(merged.missing(f));
            // KLL merging is randomized, so merged and single sketches differ, but both must be within
            // the sketch's rank error of the truth; hence within twice that of each other.
            double eps = KllDoublesSketch.getNormalizedRankError(SETTINGS.kllK(), false);
            for (double rank = 0.05; rank < 1.0; rank += 0.05) {
                double q = a.sketch().getQuantile(rank);
                assertThat(b.sketch().getRank(q)).isCloseTo(a.sketch().getRank(q), within(2 * eps));
            }
        }
        for (String f : single.categorical().keySet()) {
            assertThat(merged.categorical().get(f).frequencies()).isEqualTo(single.categorical().get(f).frequencies());
            assertThat(merged.categorical().get(f).otherCount()).isEqualTo(single.categorical().get(f).otherCount());
        }
        assertThat(merged.latency().count()).isEqualTo(single.latency().count());
        assertThat(merged.latency().max()).isEqualTo(single.latency().max());
    }

    @Test
    void codecRoundTripKeepsEveryFigure() {
        Random rnd = new Random(3);
        WindowProfile profile = new WindowProfile(SETTINGS);
        for (int i = 0; i < 5000; i++) {
            profile.add(event(rnd, i));
        }
        WindowProfileCodec codec = new WindowProfileCodec();
        byte[] bytes = codec.encode(profile);
        WindowProfile back = codec.decode(bytes);
        assertThat(codec.encode(back)).isEqualTo(bytes);
        assertThat(back.events()).isEqualTo(profile.events());
        assertThat(back.numeric().get("amount").sketch().getQuantile(0.5))
            .isEqualTo(profile.numeric().get("amount").sketch().getQuantile(0.5));
        assertThat(back.categorical().get("country").frequencies()).isEqualTo(profile.categorical().get("country").frequencies());
        assertThat(back.latency().quantile(0.99)).isEqualTo(profile.latency().quantile(0.99));
        assertThat(back.predictionKind()).isEqualTo(PredictionKind.BINARY);
    }

    /**
     * A producer that writes ids into feature names must not grow a window's profile without bound:
     * past profile.max.features distinct features, values of new features are counted, not profiled,
     * whether they arrive in events (either add path) or in a partial merged from another partition.
     */
    @Test
    void featuresBeyondTheCapAreCountedNotProfiled() {
        ProfileSettings capped = ProfileSettings.defaults().withMaxFeatures(3);
        WindowProfile profile = new WindowProfile(capped);
        for (int i = 0; i < 10; i++) {
            Map<String, Object> features = new java.util.LinkedHashMap<>();
            features.put("a", 1.0 * i);
            features.put("b", "x");
            features.put("c", true);
            features.put("id-" + i, 2.0);      // a new feature in every event
            features.put("tag-" + i, "y");
            profile.add(PredictionEvent.newBuilder().setPredictionId("p" + i).setModelId("m").setModelVersion("1")
                .setEventTime(Instant.EPOCH).setFeatures(features)
                .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build());
        }
        assertThat(profile.numeric().keySet()).containsExactly("a");
        assertThat(profile.categorical().keySet()).containsExactlyInAnyOrder("b", "c");
        assertThat(profile.droppedFeatureValues()).isEqualTo(20);
        profile.addFeature("late-comer", 5.0);
        assertThat(profile.droppedFeatureValues()).isEqualTo(21);

        WindowProfile other = new WindowProfile(capped);
        for (int i = 0; i < 4; i++) {
            other.addFeature("a", 1.0);
            other.addFeature("z", 1.0);
            other.addFeature("w", "k");
            other.countEvent(false);
        }
        profile.merge(other);
        assertThat(profile.numeric().get("a").count()).isEqualTo(14);
        assertThat(profile.numeric()).doesNotContainKey("z");
        assertThat(profile.categorical()).doesNotContainKey("w");
        assertThat(profile.droppedFeatureValues()).isEqualTo(21 + 8);

        WindowProfileCodec codec = new WindowProfileCodec();
        WindowProfile back = codec.decode(codec.encode(profile));
        assertThat(back.droppedFeatureValues()).isEqualTo(29);
        assertThat(back.settings().maxFeatures()).isEqualTo(3);
    }

    /** Profiles in changelogs written before the feature cap (format version 1) are still read. */
    @Test
    void profilesWrittenBeforeTheFeatureCapAreRead() {
        WindowProfile profile = new WindowProfile(SETTINGS);
        Random rnd = new Random(4);
        for (int i = 0; i < 100; i++) {
            profile.add(event(rnd, i));
        }
        WindowProfileCodec codec = new WindowProfileCodec();
        byte[] v2 = codec.encode(profile);
        // Version 1 is version 2 without the cap (int) and the dropped count (long) after the decision threshold:
        // version, k, categories, attribute count (0), segment values, positive label "1", threshold.
        int capAt = 1 + 4 + 4 + 4 + 4 + (2 + 1) + 8;
        byte[] v1 = new byte[v2.length - 12];
        System.arraycopy(v2, 0, v1, 0, capAt);
        System.arraycopy(v2, capAt + 12, v1, capAt, v2.length - capAt - 12);
        v1[0] = 1;

        WindowProfile back = codec.decode(v1);
        assertThat(back.settings().maxFeatures()).isEqualTo(ProfileSettings.DEFAULT_MAX_FEATURES);
        assertThat(back.droppedFeatureValues()).isZero();
        assertThat(back.events()).isEqualTo(100);
        assertThat(back.numeric().get("amount").count()).isEqualTo(profile.numeric().get("amount").count());
    }

    @Test
    void corruptOrForeignBytesAreRejectedWithTheCause() {
        WindowProfileCodec codec = new WindowProfileCodec();
        assertThatThrownBy(() -> codec.decode(new byte[] {9, 0, 0}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format version 9");
        byte[] good = codec.encode(new WindowProfile(SETTINGS));
        assertThatThrownBy(() -> codec.decode(java.util.Arrays.copyOf(good, good.length - 3)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Corrupt window profile");
    }

    @Test
    void categoriesBeyondTheCapAreFoldedIntoOther() {
        CategoricalAccumulator acc = new CategoricalAccumulator(3);
        for (String c : new String[] {"a", "b", "c", "d", "a", "e"}) {
            acc.add(c);
        }
        assertThat(acc.frequencies()).containsOnlyKeys("a", "b", "c");
        assertThat(acc.otherCount()).isEqualTo(2);
        assertThat(acc.count()).isEqualTo(6);

        CategoricalAccumulator other = new CategoricalAccumulator(3);
        for (String c : new String[] {"d", "d", "d", "d"}) {
            other.add(c);
        }
        acc.merge(other);
        // The union has 4 named categories; the least frequent (b and c tie at 1: 'c' loses by name) is folded.
        assertThat(acc.frequencies()).containsOnlyKeys("a", "b", "d");
        assertThat(acc.otherCount()).isEqualTo(3);
        assertThat(acc.count()).isEqualTo(10);
    }
}
