package io.driftwatch.baseline.io;

import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.performance.ClassificationAccumulator;
import io.driftwatch.performance.ClassificationMetrics;
import io.driftwatch.performance.RegressionAccumulator;
import io.driftwatch.performance.RegressionMetrics;
import io.driftwatch.profile.CategoricalAccumulator;
import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ReferenceProfile} (source {@code TRAINING_DATA}) from a training data file, for
 * {@code driftwatch baseline create}.
 *
 * <p>Every usable row counts as one event of a {@link WindowProfile}: its features are profiled as
 * live events are (numbers in a KLL sketch, text and booleans as category frequencies, null as
 * missing), its prediction (score, label or value, see {@link RowInterpreter} for the task) goes to
 * the prediction distribution, its true label or value to the label distribution. Rows with both a
 * prediction and a label feed a {@link ClassificationAccumulator} (binary: positive and negative
 * label as configured, decision threshold 0.5; multiclass) or {@link RegressionAccumulator}, whose
 * figures become {@code baseline_quality}. Event-shaped rows flagged as errors count as error events
 * and contribute only their features.
 *
 * <p>Bad rows are skipped and counted up to {@link TrainingDataOptions#maxBadRows()}; the next one
 * fails the build with its message (file, line or record, column). Progress is reported every
 * {@link TrainingDataOptions#progressEvery()} rows.
 */
public final class TrainingDataProfiler {

    /** Messages of bad rows kept for the report. */
    public static final int BAD_ROW_EXAMPLES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDataProfiler.class);

    private final TrainingDataOptions options;

    public TrainingDataProfiler(TrainingDataOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A reader of {@code file} in the configured format, or the one its name implies. */
    public TrainingDataReader open(Path file) {
        TrainingDataFormat format = options.format() != null ? options.format() : TrainingDataFormat.fromFileName(file);
        return switch (format) {
            case CSV -> CsvTrainingDataReader.open(file, options);
            case JSON_LINES -> JsonLinesTrainingDataReader.open(file);
            case AVRO -> AvroTrainingDataReader.open(file);
        };
    }

    /**
     * Reads {@code file} and builds the baseline of {@code modelId}/{@code modelVersion}.
     *
     * @throws TrainingDataException when the file cannot be read, has no usable row, or has more
     *                               bad rows than allowed
     */
    public TrainingDataProfile profile(Path file, String modelId, String modelVersion, Instant createdAt,
                                       RowProgressListener progress) {
        String fileName = file.getFileName().toString();
        WindowProfile profile = new WindowProfile(options.profileSettings());
        WindowProfile labels = new WindowProfile(options.profileSettings());
        ClassificationAccumulator classification = new ClassificationAccumulator(
            ClassificationAccumulator.Config.binary(options.positiveLabel(), options.negativeLabel()));
        RegressionAccumulator regression = new RegressionAccumulator();
        List<String> badExamples = new ArrayList<>();
        long rows = 0;
        long bad = 0;
        long labelled = 0;
        PredictionKind task;
        Map<String, ColumnType> readerTypes;
        try (TrainingDataReader reader = open(file)) {
            readerTypes = reader.columnTypes();
            RowInterpreter interpreter = new RowInterpreter(options, fileName, readerTypes);
            while (true) {
                TrainingRow row;
                try {
                    row = reader.next();
                    if (row == null) {
                        break;
                    }
                    RowInterpreter.Interpreted r = interpreter.interpret(row);
                    // Quality first: it is the one step that can still reject the row, and a rejected
                    // row must leave no trace in the profile.
                    addQuality(r, interpreter.task(), classification, regression, row.position(), fileName);
                    addToProfiles(r, interpreter.task(), profile, labels);
                    labelled += r.hasTruth() ? 1 : 0;
                } catch (BadRowException e) {
                    bad++;
                    if (badExamples.size() < BAD_ROW_EXAMPLES) {
                        badExamples.add(e.getMessage());
                        LOG.warn("Skipping bad row: {}", e.getMessage());
                    }
                    if (bad > options.maxBadRows()) {
                        throw new TrainingDataException(e.getMessage() + (options.maxBadRows() == 0
                            ? ". To skip bad rows instead, allow some (--max-bad-rows)"
                            : ". That is bad row " + bad + ", more than the " + options.maxBadRows() + " allowed"), e);
                    }
                }
                rows++;
                if (rows % options.progressEvery() == 0) {
                    progress.onProgress(rows, bad, false);
                }
            }
            task = interpreter.task();
        }
        progress.onProgress(rows, bad, true);
        if (profile.droppedFeatureValues() > 0) {
            throw new TrainingDataException(fileName + " has more feature columns than profile.max.features="
                + profile.settings().maxFeatures() + "; the monitor would profile only that many of them per window."
                + " Raise profile.max.features (each numeric feature adds up to about 10 KB to a window's profile)"
                + ", or leave columns out.");
        }
        long good = rows - bad;
        if (good == 0) {
            throw new TrainingDataException(fileName + " has no usable rows (" + rows + " read, " + bad + " bad); "
                + "a baseline needs at least one");
        }
        Map<String, Double> quality = quality(task, classification, regression);
        String description = "training data " + fileName + " (" + good + " rows" + (bad > 0 ? ", " + bad + " bad rows skipped" : "") + ")";
        ReferenceProfile reference = withLabelsAndMissing(ReferenceProfileFactory.fromProfile(modelId, modelVersion, profile,
            BaselineSource.TRAINING_DATA, description, createdAt, quality), profile, labels, createdAt);
        long qualityRows = task == PredictionKind.REGRESSION ? regression.count() : classification.count();
        // The accuracy-drop test needs the rows the quality was measured on, not all rows: labels may be sparse.
        reference.setBaselineQualityCount(quality.isEmpty() ? null : qualityRows);
        Map<String, ColumnType> featureTypes = featureTypes(profile);
        LOG.info("Profiled {}: {} rows, {} bad, {} features, task {}, {} labelled, quality {}", fileName, good, bad,
            featureTypes.size(), task, labelled, quality);
        return new TrainingDataProfile(reference, rows, bad, badExamples, featureTypes,
            task == null ? PredictionKind.UNKNOWN : task, labelled, qualityRows);
    }

    private static void addQuality(RowInterpreter.Interpreted r, PredictionKind task, ClassificationAccumulator classification,
                                   RegressionAccumulator regression, String position, String fileName) throws BadRowException {
        if (r.error() || !r.hasPrediction() || !r.hasTruth()) {
            return;
        }
        try {
            if (task == PredictionKind.REGRESSION) {
                regression.add(r.predictedValue(), r.trueValue());
            } else {
                classification.add(r.predictedLabel(), r.trueLabel(), r.score(), r.probabilities());
            }
        } catch (IllegalArgumentException e) {
            throw new BadRowException(fileName, position, "prediction", e.getMessage());
        }
    }

    private static void addToProfiles(RowInterpreter.Interpreted r, PredictionKind task, WindowProfile profile,
                                      WindowProfile labels) {
        profile.countEvent(r.error());
        r.features().forEach(profile::addFeature);
        if (r.error()) {
            return;
        }
        if (r.hasPrediction()) {
            Double numeric = task == PredictionKind.REGRESSION ? r.predictedValue() : r.score();
            profile.addPrediction(task, numeric, r.predictedLabel());
        }
        labels.countEvent(false);
        if (r.hasTruth()) {
            labels.addPrediction(task, r.trueValue(), r.trueLabel());
        }
    }

    private static Map<String, Double> quality(PredictionKind task, ClassificationAccumulator classification,
                                               RegressionAccumulator regression) {
        if (task == PredictionKind.REGRESSION) {
            return regression.metrics().map(RegressionMetrics::toMetricMap).orElse(Map.of());
        }
        return classification.metrics().map(ClassificationMetrics::toMetricMap).orElse(Map.of());
    }

    /**
     * Adds the label distribution and the prediction's missing counts, which
     * {@link ReferenceProfileFactory} leaves out. The label distribution is built by the factory
     * itself, from a profile whose "predictions" are the labels, so both are summarised the same way.
     * The records are fresh, so they are completed in place (an Avro builder copy would resolve the
     * enum classes through Avro's class trust check, for nothing).
     */
    private static ReferenceProfile withLabelsAndMissing(ReferenceProfile reference, WindowProfile profile,
                                                         WindowProfile labels, Instant createdAt) {
        ReferenceProfile labelSummary = ReferenceProfileFactory.fromProfile(reference.getModelId(), reference.getModelVersion(),
            labels, BaselineSource.TRAINING_DATA, null, createdAt, Map.of());
        long eventsWithPredictions = profile.events() - profile.errors();
        setMissing(reference.getPredictionNumeric(), eventsWithPredictions, profile.predictionNumeric());
        setMissing(reference.getPredictionClasses(), eventsWithPredictions, profile.predictionClasses());
        setMissing(labelSummary.getPredictionNumeric(), labels.events(), labels.predictionNumeric());
        setMissing(labelSummary.getPredictionClasses(), labels.events(), labels.predictionClasses());
        reference.setLabelNumeric(labelSummary.getPredictionNumeric());
        reference.setLabelClasses(labelSummary.getPredictionClasses());
        return reference;
    }

    private static void setMissing(NumericFeatureProfile p, long rows, NumericAccumulator acc) {
        if (p != null) {
            p.setMissing(rows - acc.count() - acc.nonFinite());
        }
    }

    private static void setMissing(CategoricalFeatureProfile p, long rows, CategoricalAccumulator acc) {
        if (p != null) {
            p.setMissing(rows - acc.count());
        }
    }

    private static Map<String, ColumnType> featureTypes(WindowProfile profile) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>(profile.numeric().keySet());
        names.addAll(profile.categorical().keySet());
        for (String name : names) {
            boolean numeric = profile.numeric().containsKey(name);
            boolean categorical = profile.categorical().containsKey(name);
            if (numeric && categorical) {
                LOG.warn("Feature '{}' holds numbers in {} rows and text or booleans in {}; both are profiled. "
                    + "Declare its type to profile it one way", name, profile.numeric().get(name).count(),
                    profile.categorical().get(name).count());
            }
            types.put(name, numeric ? ColumnType.NUMERIC : ColumnType.CATEGORICAL);
        }
        return types;
    }
}
