package io.driftwatch.baseline.io;

import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.schemas.PredictionKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How training data is read and profiled. Build with {@link #builder()}; every setting has a default.
 *
 * @param format           the file format, or null to take it from the file name
 * @param delimiter        CSV field separator
 * @param missingValues    CSV field texts that mean "missing" (the empty field always does)
 * @param columnTypes      type overrides by column (CSV decides types from the data, JSON and Avro
 *                         from the values); {@link ColumnType#IGNORED} leaves a column out
 * @param scoreColumn      column of the positive-class score of a binary classifier, or null for none
 * @param predictionColumn column of the predicted label (classifiers) or value (regression), or null
 * @param labelColumns     candidate columns of the true label or value; the first one present is used
 * @param task             what the model predicts, or null to infer it (see {@link TrainingDataProfiler})
 * @param positiveLabel    the positive class of a binary classifier
 * @param negativeLabel    the label a score below the decision threshold (profileSettings) predicts
 * @param maxBadRows       bad rows skipped (and counted) before reading fails
 * @param progressEvery    rows between progress reports
 * @param profileSettings  sketch size and category cap of the profile
 */
public record TrainingDataOptions(TrainingDataFormat format, char delimiter, Set<String> missingValues,
                                  Map<String, ColumnType> columnTypes, String scoreColumn, String predictionColumn,
                                  List<String> labelColumns, PredictionKind task, String positiveLabel,
                                  String negativeLabel, long maxBadRows, long progressEvery,
                                  ProfileSettings profileSettings) {

    public TrainingDataOptions {
        missingValues = Set.copyOf(missingValues);
        columnTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
        labelColumns = List.copyOf(labelColumns);
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        Objects.requireNonNull(negativeLabel, "negativeLabel");
        Objects.requireNonNull(profileSettings, "profileSettings");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CSV delimiter cannot be a quote or a line break");
        }
        if (task == PredictionKind.UNKNOWN) {
            throw new IllegalArgumentException("task UNKNOWN is not a task; use binary, multiclass or regression, or leave it unset to infer it");
        }
        if (positiveLabel.isEmpty() || negativeLabel.isEmpty() || positiveLabel.equals(negativeLabel)) {
            throw new IllegalArgumentException("positive and negative labels must be distinct and non-empty, were '"
                + positiveLabel + "' and '" + negativeLabel + "'");
        }
        if (maxBadRows < 0) {
            throw new IllegalArgumentException("max bad rows " + maxBadRows + " must be >= 0");
        }
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progress interval " + progressEvery + " rows must be >= 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TrainingDataOptions defaults() {
        return builder().build();
    }

    /** True when {@code column} has a special role (score, prediction or a label candidate). */
    boolean isSpecial(String column) {
        return column.equals(scoreColumn) || column.equals(predictionColumn) || labelColumns.contains(column);
    }

    /**
     * Defaults: format from the file name, ',' delimiter, only empty fields missing, no type
     * overrides, score column {@code score}, prediction column {@code prediction}, label columns
     * {@code label} then {@code target}, task inferred, labels "1"/"0", no bad rows allowed,
     * progress every 100,000 rows, {@link ProfileSettings#defaults()}.
     */
    public static final class Builder {
        private TrainingDataFormat format;
        private char delimiter = ',';
        private Set<String> missingValues = Set.of();
        private final Map<String, ColumnType> columnTypes = new LinkedHashMap<>();
        private String scoreColumn = "score";
        private String predictionColumn = "prediction";
        private List<String> labelColumns = List.of("label", "target");
        private PredictionKind task;
        private String positiveLabel = "1";
        private String negativeLabel = "0";
        private long maxBadRows;
        private long progressEvery = 100_000;
        private ProfileSettings profileSettings = ProfileSettings.defaults();

        private Builder() {
        }

        public Builder format(TrainingDataFormat f) {
            format = f;
            return this;
        }

        public Builder delimiter(char d) {
            delimiter = d;
            return this;
        }

        /** Field texts read as missing besides the empty field, e.g. {@code NA}, {@code null}. */
        public Builder missingValues(Set<String> values) {
            missingValues = values;
            return this;
        }

        public Builder columnType(String column, ColumnType type) {
            columnTypes.put(column, type);
            return this;
        }

        public Builder columnTypes(Map<String, ColumnType> types) {
            columnTypes.putAll(types);
            return this;
        }

        /** The score column, or null when the data has none. */
        public Builder scoreColumn(String column) {
            scoreColumn = blankToNull(column);
            return this;
        }

        /** The predicted label or value column, or null when the data has none. */
        public Builder predictionColumn(String column) {
            predictionColumn = blankToNull(column);
            return this;
        }

        /** The true label column (replaces the default candidates {@code label}, {@code target}). */
        public Builder labelColumn(String column) {
            labelColumns = column == null || column.isBlank() ? List.of() : List.of(column);
            return this;
        }

        public Builder task(PredictionKind kind) {
            task = kind;
            return this;
        }

        public Builder positiveLabel(String label) {
            positiveLabel = label;
            return this;
        }

        public Builder negativeLabel(String label) {
            negativeLabel = label;
            return this;
        }

        public Builder maxBadRows(long n) {
            maxBadRows = n;
            return this;
        }

        public Builder progressEvery(long rows) {
            progressEvery = rows;
            return this;
        }

        public Builder profileSettings(ProfileSettings settings) {
            profileSettings = settings;
            return this;
        }

        public TrainingDataOptions build() {
            return new TrainingDataOptions(format, delimiter, missingValues, columnTypes, scoreColumn, predictionColumn,
                labelColumns, task, positiveLabel, negativeLabel, maxBadRows, progressEvery, profileSettings);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
