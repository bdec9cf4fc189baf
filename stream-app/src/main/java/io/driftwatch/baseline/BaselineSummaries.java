package io.driftwatch.baseline;

import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.ReferenceProfile;
import io.driftwatch.stats.CategoricalSummary;
import io.driftwatch.stats.NumericSummary;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * A {@link ReferenceProfile} decoded once into the summaries the drift statistics read, so that
 * the sketches of a baseline are not deserialized again for every window compared with it.
 */
public final class BaselineSummaries {

    private final ReferenceProfile profile;
    private final Map<String, NumericSummary> numeric;
    private final Map<String, CategoricalSummary> categorical;
    private final NumericSummary predictionNumeric;
    private final CategoricalSummary predictionClasses;

    public BaselineSummaries(ReferenceProfile profile) {
        this.profile = profile;
        this.numeric = new HashMap<>();
        profile.getNumericFeatures().forEach((name, p) -> numeric.put(name, numeric(name, p)));
        this.categorical = new HashMap<>();
        profile.getCategoricalFeatures().forEach((name, p) -> categorical.put(name, categorical(p)));
        this.predictionNumeric = profile.getPredictionNumeric() == null ? null
            : numeric("prediction", profile.getPredictionNumeric());
        this.predictionClasses = profile.getPredictionClasses() == null ? null
            : categorical(profile.getPredictionClasses());
    }

    public ReferenceProfile profile() {
        return profile;
    }

    public NumericSummary numeric(String feature) {
        return numeric.get(feature);
    }

    public CategoricalSummary categorical(String feature) {
        return categorical.get(feature);
    }

    public java.util.Set<String> featureNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(numeric.keySet());
        names.addAll(categorical.keySet());
        return names;
    }

    public NumericSummary predictionNumeric() {
        return predictionNumeric;
    }

    public CategoricalSummary predictionClasses() {
        return predictionClasses;
    }

    static NumericSummary numeric(String name, NumericFeatureProfile p) {
        KllDoublesSketch sketch;
        try {
            ByteBuffer buffer = p.getKllSketch().duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Baseline feature '" + name + "' has no readable KLL sketch: " + e.getMessage(), e);
        }
        Map<Double, Long> valueCounts = new LinkedHashMap<>();
        p.getValueCounts().forEach((v, c) -> valueCounts.put(Double.parseDouble(v), c));
        return new NumericSummary(sketch, sketch.getN(), p.getMean(), p.getStdDev(), p.getDistinctValues(), valueCounts);
    }

    static CategoricalSummary categorical(CategoricalFeatureProfile p) {
        return new CategoricalSummary(Map.copyOf(p.getFrequencies()), p.getOtherCount());
    }
}
