package io.driftwatch.cli;

import io.driftwatch.baseline.io.ColumnType;
import io.driftwatch.baseline.io.TrainingDataFormat;
import io.driftwatch.baseline.io.TrainingDataOptions;
import io.driftwatch.baseline.io.TrainingDataProfile;
import io.driftwatch.baseline.io.TrainingDataProfiler;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.schemas.PredictionKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch baseline create}: a reference profile from training data. */
// Not mixinStandardHelpOptions: -v, --version is the model version here.
@Command(name = "create",
    description = {"Builds a baseline from training data and publishes it to the baselines topic.",
        "Training data is CSV with a header, JSON lines, or an Avro container file; the baseline is keyed",
        "model/version. With --dry-run it is only printed (no Kafka needed)."})
final class BaselineCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-m", "--model"}, required = true, description = "Model id.")
    String model;

    @Option(names = {"-v", "--version"}, required = true, description = "Model version.")
    String version;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "Training data: .csv, .jsonl/.ndjson (optionally .gz), or .avro.")
    Path file;

    @Option(names = "--format", description = "csv, jsonl or avro (default: from the file name).")
    String format;

    @Option(names = "--label-column", description = "Column with the true label or value (default: label, else target).")
    String labelColumn;

    @Option(names = "--score-column", description = "Column with the positive-class score (default: score).")
    String scoreColumn;

    @Option(names = "--prediction-column", description = "Column with the predicted label or value (default: prediction).")
    String predictionColumn;

    @Option(names = "--task", description = "binary, multiclass or regression (default: inferred from the columns).")
    String task;

    @Option(names = "--column-type", paramLabel = "COLUMN=TYPE", description = "Force a column's type: numeric, categorical or ignored (repeatable).")
    Map<String, String> columnTypes = new LinkedHashMap<>();

    @Option(names = "--max-bad-rows", defaultValue = "0", description = "Malformed rows to skip (and count) before giving up (default: ${DEFAULT-VALUE}).")
    long maxBadRows;

    @Option(names = "--missing-value", paramLabel = "TEXT",
        description = "A CSV field text that means missing, as NA or null (repeatable; an empty field always does).")
    java.util.Set<String> missingValues = new java.util.LinkedHashSet<>();

    @Option(names = "--dry-run", description = "Build and print the baseline without publishing it (no Kafka needed).")
    boolean dryRun;

    /**
     * Options that profile the training data as the monitor configured by {@code config} profiles a
     * window: its sketch size, category cap and feature cap, and what a positive prediction is
     * (positive and negative class, decision threshold). Without them a baseline of yes/no labels, or
     * one under another threshold, had a baseline quality the live windows could never match.
     */
    static TrainingDataOptions.Builder asTheMonitorProfiles(DriftwatchConfig config) {
        ProfileSettings monitor = config.profile();
        ProfileSettings defaults = ProfileSettings.defaults();
        // Segments are the monitor's per-event attributes, not columns of a training file.
        return TrainingDataOptions.builder()
            .profileSettings(new ProfileSettings(monitor.kllK(), monitor.maxCategories(), defaults.segmentAttributes(),
                defaults.maxSegmentValues(), monitor.positiveLabel(), monitor.decisionThreshold(), monitor.maxFeatures()))
            .positiveLabel(monitor.positiveLabel())
            .negativeLabel(config.labels().negativeLabel());
    }

    @Override
    public Integer call() throws Exception {
        if (maxBadRows < 0) {
            throw new ParameterException(spec.commandLine(), "--max-bad-rows " + maxBadRows + " must be 0 or more.");
        }
        // The ids live events are accepted with (EventValidator): a baseline under another would never be used,
        // and "a/b" + "1" would be keyed as model "a", version "b/1".
        String problem = model.isBlank() ? "is empty" : io.driftwatch.schemas.validation.EventValidator.modelIdProblem(model);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--model '" + model + "' " + problem
                + " (live events with it are dead-lettered); give the model_id your events carry.");
        }
        if (version.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--version is empty; give the model_version your events carry.");
        }
        TrainingFile.check(file, format);
        // Check the settings, and that Kafka answers, before reading what may be a large file.
        DriftwatchConfig config = dryRun ? null : connection.loadAndReach();
        TrainingDataOptions.Builder options = config == null ? TrainingDataOptions.builder() : asTheMonitorProfiles(config);
        options.maxBadRows(maxBadRows).missingValues(missingValues);
        if (format != null) {
            options.format(TrainingDataFormat.parse(format));
        }
        if (labelColumn != null) {
            options.labelColumn(labelColumn);
        }
        if (scoreColumn != null) {
            options.scoreColumn(scoreColumn);
        }
        if (predictionColumn != null) {
            options.predictionColumn(predictionColumn);
        }
        if (task != null) {
            options.task(switch (task.toLowerCase(java.util.Locale.ROOT)) {
                case "binary" -> PredictionKind.BINARY;
                case "multiclass" -> PredictionKind.MULTICLASS;
                case "regression" -> PredictionKind.REGRESSION;
                default -> throw new IllegalArgumentException("--task " + task + ": use binary, multiclass or regression.");
            });
        }
        columnTypes.forEach((column, type) -> options.columnType(column, ColumnType.parse(type)));
        TrainingDataProfile result = new TrainingDataProfiler(options.build()).profile(file, model, version, Instant.now(),
            (rows, bad, finished) -> {
                if (!finished) {
                    System.err.printf("... %,d rows read (%,d bad)%n", rows, bad);
                }
            });
        System.out.print(BaselineCommand.describe(result.profile()));
        System.out.printf("  %,d rows read, %,d bad rows skipped%n", result.rowsRead(), result.badRows());
        result.badRowExamples().forEach(e -> System.out.println("    bad row: " + e));
        if (dryRun) {
            return 0;
        }
        BaselineCommand.publish(config, connection, result.profile());
        return 0;
    }
}
