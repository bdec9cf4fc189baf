package io.driftwatch.baseline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.generator.PredictionType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The text forms the CLI passes: formats, column types, tasks. */
class OptionParsingTest {

    @Test
    void formatsFromFileNamesAndOptions() {
        assertThat(TrainingDataFormat.fromFileName(Path.of("dir/train.CSV"))).isEqualTo(TrainingDataFormat.CSV);
        assertThat(TrainingDataFormat.fromFileName(Path.of("train.csv.gz"))).isEqualTo(TrainingDataFormat.CSV);
        assertThat(TrainingDataFormat.fromFileName(Path.of("train.jsonl"))).isEqualTo(TrainingDataFormat.JSON_LINES);
        assertThat(TrainingDataFormat.fromFileName(Path.of("train.ndjson.gz"))).isEqualTo(TrainingDataFormat.JSON_LINES);
        assertThat(TrainingDataFormat.fromFileName(Path.of("train.avro"))).isEqualTo(TrainingDataFormat.AVRO);
        assertThatThrownBy(() -> TrainingDataFormat.fromFileName(Path.of("train.avro.gz")))
            .hasMessageContaining("Cannot tell the format of train.avro.gz");
        assertThat(TrainingDataFormat.parse("NDJSON")).isEqualTo(TrainingDataFormat.JSON_LINES);
        assertThat(TrainingDataFormat.parse(" json_lines ")).isEqualTo(TrainingDataFormat.JSON_LINES);
        assertThatThrownBy(() -> TrainingDataFormat.parse("parquet")).hasMessage("Unknown training data format 'parquet'; use csv, jsonl or avro");
    }

    @Test
    void columnTypesAndTasks() {
        assertThat(ColumnType.parse("Numeric")).isEqualTo(ColumnType.NUMERIC);
        assertThat(ColumnType.parse("ignore")).isEqualTo(ColumnType.IGNORED);
        assertThatThrownBy(() -> ColumnType.parse("text")).hasMessageContaining("use numeric, categorical or ignored");
        assertThat(PredictionType.parse("Regression")).isEqualTo(PredictionType.REGRESSION);
        assertThatThrownBy(() -> PredictionType.parse("ranking")).hasMessageContaining("use binary, multiclass or regression");
        assertThatThrownBy(() -> TrainingDataOptions.builder().positiveLabel("yes").negativeLabel("yes").build())
            .hasMessageContaining("must be distinct");
    }
}
