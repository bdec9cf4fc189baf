package io.driftwatch.baseline;

import io.driftwatch.profile.CategoricalAccumulator;
import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.ReferenceProfile;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns a profile of reference data (a captured window, or training data) into a {@link ReferenceProfile}. */
public final class ReferenceProfileFactory {

    private ReferenceProfileFactory() {
    }

    public static ReferenceProfile fromProfile(String modelId, String modelVersion, WindowProfile profile,
                                               BaselineSource source, String description, Instant createdAt,
                                               Map<String, Double> baselineQuality) {
        Map<String, NumericFeatureProfile> numeric = new HashMap<>();
        profile.numeric().forEach((name, acc) -> numeric.put(name, numeric(acc, profile.missing(name))));
        Map<String, CategoricalFeatureProfile> categorical = new HashMap<>();
        profile.categorical().forEach((name, acc) -> categorical.put(name, categorical(acc, profile.missing(name))));
        return ReferenceProfile.newBuilder()
            .setModelId(modelId)
            .setModelVersion(modelVersion)
            .setCreatedAt(createdAt)
            .setSource(source)
            .setDescription(description)
            .setRowCount(profile.events())
            .setKllK(profile.settings().kllK())
            .setNumericFeatures(numeric)
            .setCategoricalFeatures(categorical)
            .setPredictionKind(profile.predictionKind())
            .setPredictionNumeric(profile.predictionNumeric() == null ? null : numeric(profile.predictionNumeric(), 0))
            .setPredictionClasses(profile.predictionClasses() == null ? null : categorical(profile.predictionClasses(), 0))
            .setLabelNumeric(null)
            .setLabelClasses(null)
            .setBaselineQuality(baselineQuality == null ? Map.of() : Map.copyOf(baselineQuality))
            .build();
    }

    static NumericFeatureProfile numeric(NumericAccumulator acc, long missing) {
        Map<String, Long> valueCounts = new HashMap<>();
        acc.valueCounts().forEach((v, c) -> valueCounts.put(Double.toString(v), c));
        return NumericFeatureProfile.newBuilder()
            .setCount(acc.count())
            .setMissing(missing)
            .setNonFinite(acc.nonFinite())
            .setMean(acc.mean())
            .setStdDev(acc.stdDev())
            .setMin(acc.min())
            .setMax(acc.max())
            .setDistinctValues(acc.distinctValues())
            .setValueCounts(valueCounts)
            .setKllSketch(ByteBuffer.wrap(acc.sketch().toByteArray()))
            .build();
    }

    static CategoricalFeatureProfile categorical(CategoricalAccumulator acc, long missing) {
        return CategoricalFeatureProfile.newBuilder()
            .setCount(acc.count())
            .setMissing(missing)
            .setFrequencies(acc.frequencies())
            .setOtherCount(acc.otherCount())
            .build();
    }
}
