package io.driftwatch.baseline.io;

import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import java.util.List;
import java.util.Map;

/**
 * The baseline built from a training file, and what reading it found.
 *
 * @param profile         the baseline, source {@code TRAINING_DATA}, ready to publish
 * @param rowsRead        rows read, good and bad
 * @param badRows         rows skipped as bad
 * @param badRowExamples  messages of the first bad rows (at most {@value TrainingDataProfiler#BAD_ROW_EXAMPLES})
 * @param featureTypes    each feature profiled, with its type (numeric wins for a feature seen with both)
 * @param task            the model's task, given or inferred; UNKNOWN when the data had neither predictions nor labels
 * @param labelledRows    rows with a true label (or value)
 * @param qualityRows     rows with both a prediction and a true label, from which baseline quality was computed
 */
public record TrainingDataProfile(ReferenceProfile profile, long rowsRead, long badRows, List<String> badRowExamples,
                                  Map<String, ColumnType> featureTypes, PredictionKind task, long labelledRows,
                                  long qualityRows) {

    public TrainingDataProfile {
        badRowExamples = List.copyOf(badRowExamples);
        featureTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(featureTypes));
    }

    /** Quality of the model on the training data by metric name; empty without predictions and labels. */
    public Map<String, Double> baselineQuality() {
        return profile.getBaselineQuality();
    }
}
