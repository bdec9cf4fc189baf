package io.driftwatch.baseline.io;

import io.driftwatch.schemas.Prediction;
import java.util.Map;

/**
 * One row of training data as a reader delivers it: typed values ({@link Double}, {@link String},
 * {@link Boolean}, or null for missing) by column, and, for rows shaped like a
 * {@code PredictionEvent}, the nested features, prediction and error flag.
 *
 * @param position        where the row is, e.g. "line 17" or "record 3", for messages
 * @param columns         top-level scalar values by column name, in file order
 * @param nestedFeatures  the row's {@code features} object or map, or null when the row is flat
 * @param nestedPrediction the row's {@code prediction} object or record, or null
 * @param error           the {@code error} flag of an event-shaped row (false for flat rows)
 */
public record TrainingRow(String position, Map<String, Object> columns, Map<String, Object> nestedFeatures,
                          Prediction nestedPrediction, boolean error) {
}
