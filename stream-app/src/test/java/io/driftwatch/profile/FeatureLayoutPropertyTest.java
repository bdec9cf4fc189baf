package io.driftwatch.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.serde.CompactMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link WindowProfile#add} finds accumulators through a cache of the last event's feature layout; over
 * random streams whose feature sets, map order, value types (numbers, strings, booleans, longs, null,
 * NaN, doubles unboxed in the decoder's map) and names (equal strings in new instances) change from event
 * to event, it must give exactly what adding each feature by name gives: same accumulators, same counts,
 * moments, distinct values, frequencies and missing counts.
 */
class FeatureLayoutPropertyTest {

    private static final String[] NAMES = {"age", "income", "country", "flag", "score", "tenure"};

    @Property(tries = 200)
    void theLayoutCacheAddsEachValueToTheSameAccumulatorAsAddingByName(@ForAll long seed) {
        Random rnd = new Random(seed);
        ProfileSettings settings = ProfileSettings.defaults();
        WindowProfile cached = new WindowProfile(settings);
        WindowProfile byName = new WindowProfile(settings);
        List<String> layout = new ArrayList<>(List.of(NAMES));
        int events = 1 + rnd.nextInt(400);
        for (int e = 0; e < events; e++) {
            if (rnd.nextDouble() < 0.05) {
                Collections.shuffle(layout, rnd); // a producer that changes its map order
            }
            // The decoder's map (doubles unboxed) or any other map.
            boolean decoded = rnd.nextBoolean();
            Map<String, Object> features = decoded ? new CompactMap<>() : new LinkedHashMap<>();
            for (String name : layout) {
                if (rnd.nextDouble() < 0.1) {
                    continue; // absent in this event
                }
                Object value = value(rnd, name);
                if (decoded && value instanceof Double d && rnd.nextDouble() < 0.9) {
                    ((CompactMap<Object>) features).putDouble(new String(name.toCharArray()), d);
                } else {
                    features.put(new String(name.toCharArray()), value);
                }
            }
            PredictionEvent event = PredictionEvent.newBuilder().setPredictionId("p" + e).setModelId("m").setModelVersion("1")
                .setEventTime(Instant.EPOCH).setFeatures(features)
                .setPrediction(io.driftwatch.schemas.Prediction.newBuilder().build()).build();
            cached.add(event);
            byName.countEvent(false);
            features.forEach(byName::addFeature);
        }
        assertThat(cached.events()).isEqualTo(byName.events());
        assertThat(cached.numeric().keySet()).isEqualTo(byName.numeric().keySet());
        assertThat(cached.categorical().keySet()).isEqualTo(byName.categorical().keySet());
        cached.numeric().forEach((name, a) -> {
            NumericAccumulator b = byName.numeric().get(name);
            assertThat(a.count()).as(name).isEqualTo(b.count());
            assertThat(a.nonFinite()).as(name).isEqualTo(b.nonFinite());
            assertThat(a.mean()).as(name).isEqualTo(b.mean());
            assertThat(a.stdDev()).as(name).isEqualTo(b.stdDev());
            assertThat(a.distinctValues()).as(name).isEqualTo(b.distinctValues());
            if (a.count() > 0) {
                assertThat(a.min()).as(name).isEqualTo(b.min());
                assertThat(a.max()).as(name).isEqualTo(b.max());
            }
        });
        cached.categorical().forEach((name, a) -> {
            assertThat(a.frequencies()).as(name).isEqualTo(byName.categorical().get(name).frequencies());
            assertThat(a.count()).as(name).isEqualTo(byName.categorical().get(name).count());
        });
        for (String name : NAMES) {
            assertThat(cached.missing(name)).as(name).isEqualTo(byName.missing(name));
        }
    }

    private static Object value(Random rnd, String name) {
        // Mostly one type per feature, as real traffic is, with every other kind mixed in now and then.
        double u = rnd.nextDouble();
        if (u < 0.05) {
            return null;
        }
        if (u < 0.08) {
            return rnd.nextBoolean();
        }
        if (u < 0.11) {
            return (long) rnd.nextInt(5);
        }
        if (u < 0.13) {
            return Double.NaN;
        }
        boolean numeric = name.hashCode() % 2 == 0 ? u < 0.9 : u < 0.2;
        return numeric ? (double) rnd.nextInt(30) + (rnd.nextBoolean() ? 0.5 : 0) : "c" + rnd.nextInt(8);
    }
}
