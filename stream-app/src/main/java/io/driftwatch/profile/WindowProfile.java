package io.driftwatch.profile;

import io.driftwatch.performance.ConfidenceBasedEstimator;
import io.driftwatch.performance.SegmentAccumulator;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.serde.CompactMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything Driftwatch keeps about one model version's predictions in one window: per numeric
 * feature a {@link NumericAccumulator}, per categorical (string or boolean) feature a
 * {@link CategoricalAccumulator}, the prediction's distribution, inference latency, and counts of
 * events and errors. Every part merges exactly (counts, moments, frequencies within their cap) or
 * within the sketch's stated error (quantiles), which is what lets the topology aggregate per input
 * partition first and merge per model afterwards.
 *
 * <p>A feature whose values have both types within a window (a number in some events, a string in
 * others) is kept under both; the baseline decides which one is compared. A feature that is absent
 * or null in an event is missing: {@link #missing(String)} derives it from the event count.
 */
public final class WindowProfile {

    private final ProfileSettings settings;
    private long events;
    private long errors;
    private final Map<String, NumericAccumulator> numeric;
    private final Map<String, CategoricalAccumulator> categorical;
    private NumericAccumulator predictionNumeric;
    private CategoricalAccumulator predictionClasses;
    private LatencyAccumulator latency;
    private PredictionKind predictionKind = PredictionKind.UNKNOWN;
    private ConfidenceBasedEstimator estimator;
    private SegmentAccumulator segments;
    // Values of features beyond settings.maxFeatures() distinct ones: counted, not profiled.
    private long droppedFeatureValues;
    // Not state: the accumulators of the last event's features, by position in its feature map. A model's
    // events carry the same features in the same map order, so the next event finds each accumulator by
    // comparing names instead of hashing them (the decoder makes new strings, whose hash is not cached).
    private String[] layoutNames = new String[0];
    private Object[] layoutAccumulators = new Object[0];

    public WindowProfile(ProfileSettings settings) {
        this.settings = settings;
        this.numeric = new HashMap<>();
        this.categorical = new HashMap<>();
    }

    WindowProfile(ProfileSettings settings, long events, long errors,
                  Map<String, NumericAccumulator> numeric, Map<String, CategoricalAccumulator> categorical,
                  NumericAccumulator predictionNumeric, CategoricalAccumulator predictionClasses,
                  LatencyAccumulator latency, PredictionKind predictionKind,
                  ConfidenceBasedEstimator estimator, SegmentAccumulator segments, long droppedFeatureValues) {
        this.settings = settings;
        this.droppedFeatureValues = droppedFeatureValues;
        this.events = events;
        this.errors = errors;
        this.numeric = numeric;
        this.categorical = categorical;
        this.predictionNumeric = predictionNumeric;
        this.predictionClasses = predictionClasses;
        this.latency = latency;
        this.predictionKind = predictionKind;
        this.estimator = estimator;
        this.segments = segments;
    }

    /** Adds one validated prediction event. */
    public void add(PredictionEvent event) {
        events++;
        if (event.getError()) {
            errors++;
        }
        Map<String, Object> features = event.getFeatures();
        if (layoutNames.length != features.size()) {
            layoutNames = new String[features.size()];
            layoutAccumulators = new Object[features.size()];
        }
        if (features instanceof CompactMap<Object> decoded) {
            // The decoder's map: its entries by position, without an entry object each.
            for (int i = 0; i < layoutNames.length; i++) {
                if (decoded.isDoubleAt(i)) {
                    addNumber(i, decoded.keyAt(i), decoded.doubleAt(i)); // never boxed
                } else {
                    addFeature(i, decoded.keyAt(i), decoded.valueAt(i));
                }
            }
        } else {
            int i = 0;
            for (Map.Entry<String, Object> feature : features.entrySet()) {
                addFeature(i++, feature.getKey(), feature.getValue());
            }
        }
        addPrediction(event.getPrediction());
        if (!settings.segmentAttributes().isEmpty()) {
            Prediction p = event.getPrediction();
            boolean positive = p != null && settings.isPositive(p.getScore(), p.getLabel());
            ensureSegments().addPrediction(event.getSegments(), positive);
        }
        Double latencyMs = event.getLatencyMs();
        if (latencyMs != null) {
            ensureLatency().add(latencyMs);
        }
    }

    /** Adds one feature value: a number, a string, a boolean, or null (missing). */
    public void addFeature(String name, Object value) {
        // get-then-put rather than computeIfAbsent with a capturing lambda: this runs for every feature of every event.
        if (value instanceof Number n) {
            NumericAccumulator acc = numericAccumulator(name);
            if (acc == null) {
                droppedFeatureValues++;
            } else {
                acc.add(n.doubleValue());
            }
        } else if (value instanceof CharSequence || value instanceof Boolean) {
            CategoricalAccumulator acc = categoricalAccumulator(name);
            if (acc == null) {
                droppedFeatureValues++;
            } else {
                acc.add(value instanceof Boolean b ? (b ? "true" : "false") : value.toString());
            }
        }
        // null: missing, derived from the event count.
    }

    /** {@link #addFeature(String, Object)} through the layout cache: same accumulators, same order. */
    private void addFeature(int position, String name, Object value) {
        if (value instanceof Double d) {
            addNumber(position, name, d);
        } else if (value instanceof CharSequence || value instanceof Boolean) {
            Object acc = layoutAccumulators[position];
            if (!(cachedAt(position, name) && acc instanceof CategoricalAccumulator)) {
                acc = cache(position, name, categoricalAccumulator(name));
                if (acc == null) {
                    return;
                }
            }
            ((CategoricalAccumulator) acc).add(value instanceof Boolean b ? (b ? "true" : "false") : value.toString());
        } else {
            addFeature(name, value); // other numbers, or null (missing)
        }
    }

    /** A double feature through the layout cache. */
    private void addNumber(int position, String name, double value) {
        Object acc = layoutAccumulators[position];
        if (!(cachedAt(position, name) && acc instanceof NumericAccumulator)) {
            acc = cache(position, name, numericAccumulator(name));
            if (acc == null) {
                return;
            }
        }
        ((NumericAccumulator) acc).add(value);
    }

    /** Puts {@code acc} in the layout cache at {@code position}; a null one (over the feature cap) is a dropped value. */
    private Object cache(int position, String name, Object acc) {
        if (acc == null) {
            droppedFeatureValues++;
        } else {
            layoutNames[position] = name;
            layoutAccumulators[position] = acc;
        }
        return acc;
    }

    /** Whether the layout cache holds {@code name}'s accumulator at {@code position}. */
    private boolean cachedAt(int position, String name) {
        String known = layoutNames[position];
        return known != null && (known == name || known.equals(name));
    }

    /** The feature's accumulator, or null when a new one would pass the feature cap (the caller counts the drop). */
    private NumericAccumulator numericAccumulator(String name) {
        NumericAccumulator acc = numeric.get(name);
        if (acc == null) {
            if (atFeatureCap()) {
                return null;
            }
            acc = new NumericAccumulator(settings.kllK());
            numeric.put(name, acc);
        }
        return acc;
    }

    private CategoricalAccumulator categoricalAccumulator(String name) {
        CategoricalAccumulator acc = categorical.get(name);
        if (acc == null) {
            if (atFeatureCap()) {
                return null;
            }
            acc = new CategoricalAccumulator(settings.maxCategories());
            categorical.put(name, acc);
        }
        return acc;
    }

    private boolean atFeatureCap() {
        return numeric.size() + categorical.size() >= settings.maxFeatures();
    }

    /**
     * Feature values this window did not profile because the window already had
     * {@link ProfileSettings#maxFeatures()} distinct features when their feature first came.
     */
    public long droppedFeatureValues() {
        return droppedFeatureValues;
    }

    /** Counts one event without features, for profiles built from rows that are not events. */
    public void countEvent(boolean error) {
        events++;
        if (error) {
            errors++;
        }
    }

    private void addPrediction(Prediction prediction) {
        if (prediction == null) {
            return;
        }
        PredictionKind kind;
        if (prediction.getScore() != null) {
            kind = PredictionKind.BINARY;
            ensurePredictionNumeric().add(prediction.getScore());
            // Confidence-based estimation reads calibrated scores; the decision follows the label if given.
            Boolean predictedPositive = prediction.getLabel() == null ? null : settings.positiveLabel().equals(prediction.getLabel());
            ensureEstimator().add(prediction.getScore(), predictedPositive);
        } else if (prediction.getValue() != null) {
            kind = PredictionKind.REGRESSION;
            ensurePredictionNumeric().add(prediction.getValue());
        } else if (prediction.getProbabilities() != null || prediction.getLabel() != null) {
            kind = PredictionKind.MULTICLASS;
        } else {
            return;
        }
        String label = prediction.getLabel();
        if (label == null && prediction.getProbabilities() != null) {
            label = mostProbable(prediction.getProbabilities());
        }
        if (label != null && kind != PredictionKind.REGRESSION) {
            ensurePredictionClasses().add(label);
        }
        if (predictionKind == PredictionKind.UNKNOWN) {
            predictionKind = kind;
        }
    }

    /** Adds a prediction of a known kind, for profiles built from training data. */
    public void addPrediction(PredictionKind kind, Double numericValue, String label) {
        if (numericValue != null) {
            ensurePredictionNumeric().add(numericValue);
        }
        if (label != null) {
            ensurePredictionClasses().add(label);
        }
        if (predictionKind == PredictionKind.UNKNOWN) {
            predictionKind = kind;
        }
    }

    private static String mostProbable(Map<String, Double> probabilities) {
        String best = null;
        double bestP = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            double p = e.getValue() == null ? Double.NEGATIVE_INFINITY : e.getValue();
            if (p > bestP || (p == bestP && best != null && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestP = p;
            }
        }
        return best;
    }

    private NumericAccumulator ensurePredictionNumeric() {
        if (predictionNumeric == null) {
            predictionNumeric = new NumericAccumulator(settings.kllK());
        }
        return predictionNumeric;
    }

    private CategoricalAccumulator ensurePredictionClasses() {
        if (predictionClasses == null) {
            predictionClasses = new CategoricalAccumulator(settings.maxCategories());
        }
        return predictionClasses;
    }

    private ConfidenceBasedEstimator ensureEstimator() {
        if (estimator == null) {
            estimator = new ConfidenceBasedEstimator(settings.decisionThreshold());
        }
        return estimator;
    }

    private SegmentAccumulator ensureSegments() {
        if (segments == null) {
            segments = new SegmentAccumulator(settings.segmentAttributes(), settings.maxSegmentValues());
        }
        return segments;
    }

    private LatencyAccumulator ensureLatency() {
        if (latency == null) {
            latency = new LatencyAccumulator();
        }
        return latency;
    }

    /**
     * A copy holding only what a comparison of two versions reads (counts, the prediction's
     * distribution, latency): a few KB instead of every feature's sketch.
     */
    public WindowProfile outputsOnly() {
        WindowProfile copy = new WindowProfile(settings);
        copy.events = events;
        copy.errors = errors;
        copy.predictionKind = predictionKind;
        if (predictionNumeric != null) {
            copy.ensurePredictionNumeric().merge(predictionNumeric);
        }
        if (predictionClasses != null) {
            copy.ensurePredictionClasses().merge(predictionClasses);
        }
        if (latency != null) {
            copy.ensureLatency().merge(latency);
        }
        return copy;
    }

    /** Adds everything {@code other} holds; {@code other} is left unchanged. */
    public void merge(WindowProfile other) {
        events += other.events;
        errors += other.errors;
        droppedFeatureValues += other.droppedFeatureValues;
        // Over the cap, a feature of the other profile is dropped whole, and its values counted.
        other.numeric.forEach((name, acc) -> {
            NumericAccumulator mine = numericAccumulator(name);
            if (mine != null) {
                mine.merge(acc);
            } else {
                droppedFeatureValues += acc.count() + acc.nonFinite();
            }
        });
        other.categorical.forEach((name, acc) -> {
            CategoricalAccumulator mine = categoricalAccumulator(name);
            if (mine != null) {
                mine.merge(acc);
            } else {
                droppedFeatureValues += acc.count();
            }
        });
        if (other.predictionNumeric != null) {
            ensurePredictionNumeric().merge(other.predictionNumeric);
        }
        if (other.predictionClasses != null) {
            ensurePredictionClasses().merge(other.predictionClasses);
        }
        if (other.latency != null) {
            ensureLatency().merge(other.latency);
        }
        if (other.estimator != null) {
            ensureEstimator().merge(other.estimator);
        }
        if (other.segments != null) {
            ensureSegments().merge(other.segments);
        }
        if (predictionKind == PredictionKind.UNKNOWN) {
            predictionKind = other.predictionKind;
        }
    }

    public ProfileSettings settings() {
        return settings;
    }

    public long events() {
        return events;
    }

    public long errors() {
        return errors;
    }

    public Map<String, NumericAccumulator> numeric() {
        return java.util.Collections.unmodifiableMap(numeric);
    }

    public Map<String, CategoricalAccumulator> categorical() {
        return java.util.Collections.unmodifiableMap(categorical);
    }

    /** Events in which the feature was null or absent (or, for a type it was compared as, of the other type). */
    public long missing(String feature) {
        long seen = 0;
        NumericAccumulator n = numeric.get(feature);
        if (n != null) {
            seen += n.count() + n.nonFinite();
        }
        CategoricalAccumulator c = categorical.get(feature);
        if (c != null) {
            seen += c.count();
        }
        return Math.max(0, events - seen);
    }

    /** Score (binary) or value (regression) distribution; null if no event had one. */
    public NumericAccumulator predictionNumeric() {
        return predictionNumeric;
    }

    /** Predicted label distribution; null if no event had one. */
    public CategoricalAccumulator predictionClasses() {
        return predictionClasses;
    }

    /** Latency distribution; null if no event reported latency. */
    public LatencyAccumulator latency() {
        return latency;
    }

    /** Expected confusion matrix from the binary scores (CBPE); null if no event had a score. */
    public ConfidenceBasedEstimator estimator() {
        return estimator;
    }

    /** Prediction counts per segment value; null when no segment attribute is configured or seen. */
    public SegmentAccumulator segments() {
        return segments;
    }

    public PredictionKind predictionKind() {
        return predictionKind;
    }
}
