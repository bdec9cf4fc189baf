package io.driftwatch.baseline.io;

import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link TrainingRow} into what a profile takes: features (special columns removed, type
 * overrides applied), the prediction as the task reads it, and the true label or value. Infers the
 * task from the first row that shows one when none is configured:
 * <ol>
 *   <li>a nested prediction: a score means binary, a value regression, a label or probabilities multiclass;</li>
 *   <li>a value in the score column: binary;</li>
 *   <li>a text (or boolean) prediction: multiclass; a numeric one: multiclass if the label is text, else regression;</li>
 *   <li>no prediction, a label: multiclass if it is text, regression if it is a number.</li>
 * </ol>
 * A classifier whose predicted and true labels are both numbers (0/1) without a score is therefore
 * read as regression unless the task is given.
 */
final class RowInterpreter {

    /** A row ready for the profile; prediction fields are null where the row has none. */
    record Interpreted(Map<String, Object> features, boolean error, Double score, String predictedLabel,
                       Map<String, Double> probabilities, Double predictedValue, String trueLabel, Double trueValue) {

        boolean hasPrediction() {
            return score != null || predictedLabel != null || predictedValue != null;
        }

        boolean hasTruth() {
            return trueLabel != null || trueValue != null;
        }
    }

    private final TrainingDataOptions options;
    private final String fileName;
    private final Map<String, ColumnType> readerTypes;
    private PredictionKind task;

    RowInterpreter(TrainingDataOptions options, String fileName, Map<String, ColumnType> readerTypes) {
        this.options = options;
        this.fileName = fileName;
        this.readerTypes = readerTypes;
        this.task = options.task();
    }

    /** The task: configured, inferred so far, or null while no row has shown one. */
    PredictionKind task() {
        return task;
    }

    Interpreted interpret(TrainingRow row) throws BadRowException {
        Map<String, Object> features = features(row);
        Map<String, Object> columns = row.columns();
        String labelColumn = null;
        for (String candidate : options.labelColumns()) {
            if (columns.containsKey(candidate)) {
                labelColumn = candidate;
                break;
            }
        }
        Object labelValue = labelColumn == null ? null : columns.get(labelColumn);
        Prediction nested = row.nestedPrediction();
        Object scoreValue = nested != null ? nested.getScore() : column(columns, options.scoreColumn());
        Object predictionValue;
        if (nested != null) {
            predictionValue = nested.getValue() != null ? nested.getValue() : nested.getLabel();
        } else {
            predictionValue = column(columns, options.predictionColumn());
        }
        Map<String, Double> probabilities = nested == null ? null : nested.getProbabilities();
        if (task == null) {
            task = infer(scoreValue, predictionValue, probabilities, labelValue, labelColumn);
        }
        if (row.error() || task == null) {
            return new Interpreted(features, row.error(), null, null, null, null, null, null);
        }
        String position = row.position();
        String predictionColumn = nested != null ? "prediction" : options.predictionColumn();
        if (task == PredictionKind.REGRESSION) {
            Double predicted = number(predictionValue, predictionColumn, position);
            Double truth = number(labelValue, labelColumn, position);
            return new Interpreted(features, false, null, null, null, predicted, null, truth);
        }
        Double score = task == PredictionKind.BINARY ? score(scoreValue, nested != null ? "prediction.score" : options.scoreColumn(), position) : null;
        String predicted = label(predictionValue, predictionColumn, position);
        if (predicted == null && score != null) {
            predicted = score >= options.profileSettings().decisionThreshold() ? options.positiveLabel() : options.negativeLabel();
        }
        if (predicted == null && probabilities != null && !probabilities.isEmpty()) {
            predicted = mostProbable(probabilities);
        }
        String truth = label(labelValue, labelColumn, position);
        return new Interpreted(features, false, score, predicted, probabilities, null, truth, null);
    }

    private PredictionKind infer(Object score, Object prediction, Map<String, Double> probabilities, Object label,
                                 String labelColumn) {
        if (score != null) {
            return PredictionKind.BINARY;
        }
        if (prediction != null) {
            if (!(prediction instanceof Double)) {
                return PredictionKind.MULTICLASS;
            }
            return isText(label, labelColumn) ? PredictionKind.MULTICLASS : PredictionKind.REGRESSION;
        }
        if (probabilities != null && !probabilities.isEmpty()) {
            return PredictionKind.MULTICLASS;
        }
        if (label != null) {
            return isText(label, labelColumn) ? PredictionKind.MULTICLASS : PredictionKind.REGRESSION;
        }
        return null;
    }

    private boolean isText(Object label, String labelColumn) {
        if (label != null) {
            return !(label instanceof Double);
        }
        return labelColumn != null && readerTypes.get(labelColumn) == ColumnType.CATEGORICAL;
    }

    private Map<String, Object> features(TrainingRow row) throws BadRowException {
        Map<String, Object> source = row.nestedFeatures() != null ? row.nestedFeatures() : row.columns();
        boolean flat = row.nestedFeatures() == null;
        Map<String, Object> features = new LinkedHashMap<>(source.size() * 2);
        for (Map.Entry<String, Object> e : source.entrySet()) {
            String name = e.getKey();
            if (flat && options.isSpecial(name)) {
                continue;
            }
            ColumnType override = options.columnTypes().get(name);
            Object value = e.getValue();
            if (override == ColumnType.IGNORED) {
                continue;
            }
            if (value != null && override == ColumnType.NUMERIC && !(value instanceof Double)) {
                Double parsed = value instanceof String s ? CsvTrainingDataReader.parseNumber(s) : null;
                if (parsed == null) {
                    throw new BadRowException(fileName, row.position(), name, "'" + value
                        + "' is not a number, but the column is declared numeric");
                }
                value = parsed;
            } else if (value instanceof Double d && override == ColumnType.CATEGORICAL) {
                value = Labels.format(d);
            }
            features.put(name, value);
        }
        return features;
    }

    private static Object column(Map<String, Object> columns, String name) {
        return name == null ? null : columns.get(name);
    }

    private Double score(Object value, String column, String position) throws BadRowException {
        Double score = number(value, column, position);
        if (score != null && !(score >= 0 && score <= 1)) {
            throw new BadRowException(fileName, position, column, "score " + value
                + " is not a probability in [0, 1]; give the positive class's probability, or name the score column");
        }
        return score;
    }

    private Double number(Object value, String column, String position) throws BadRowException {
        if (value == null) {
            return null;
        }
        Double number = value instanceof Double d ? d : value instanceof String s ? CsvTrainingDataReader.parseNumber(s) : null;
        if (number == null || !Double.isFinite(number)) {
            throw new BadRowException(fileName, position, column, "'" + value + "' is not a finite number, as a "
                + task.name().toLowerCase(java.util.Locale.ROOT) + " model's " + (column != null && options.labelColumns().contains(column)
                ? "true value" : "prediction") + " must be");
        }
        return number;
    }

    private String label(Object value, String column, String position) throws BadRowException {
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new BadRowException(fileName, position, column, "'" + d + "' is not a class label");
        }
        String label = Labels.of(value);
        return label == null || label.isEmpty() ? null : label;
    }

    /** The most probable class, ties to the smallest label (as the quality accumulator breaks them). */
    private static String mostProbable(Map<String, Double> probabilities) {
        String best = null;
        double bestP = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(probabilities).entrySet()) {
            if (e.getValue() != null && e.getValue() > bestP) {
                best = e.getKey();
                bestP = e.getValue();
            }
        }
        return best;
    }
}
