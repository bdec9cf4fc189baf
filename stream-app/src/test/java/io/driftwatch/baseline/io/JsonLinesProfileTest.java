package io.driftwatch.baseline.io;

import static io.driftwatch.baseline.io.CsvProfileTest.CREATED;
import static io.driftwatch.baseline.io.CsvProfileTest.assertNumeric;
import static io.driftwatch.baseline.io.CsvProfileTest.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesProfileTest {

    @TempDir
    Path tmp;

    private static TrainingDataProfile profile(Path file, TrainingDataOptions options) {
        return new TrainingDataProfiler(options).profile(file, "m", "1", CREATED, RowProgressListener.none());
    }

    @Test
    void flatRegressionRowsWithNullsAbsentKeysAndNestedValuesIgnored() {
        JsonNode expected = Expected.of("eta_sample.jsonl");
        TrainingDataProfile result = profile(Expected.file("eta_sample.jsonl"), TrainingDataOptions.defaults());
        ReferenceProfile p = result.profile();
        assertThat(result.task()).isEqualTo(PredictionKind.REGRESSION);
        assertThat(p.getRowCount()).isEqualTo(8);
        assertThat(result.featureTypes()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "distance_km", ColumnType.NUMERIC, "is_peak", ColumnType.CATEGORICAL, "weather", ColumnType.CATEGORICAL));
        assertNumeric(p.getNumericFeatures().get("distance_km"), expected.get("distance_km"));
        // One row has no "weather" key at all: missing, as null would be.
        assertThat(p.getCategoricalFeatures().get("weather").getMissing()).isEqualTo(1);
        assertThat(p.getCategoricalFeatures().get("is_peak").getFrequencies()).containsExactlyInAnyOrderEntriesOf(
            Map.of("true", 4L, "false", 4L));

        assertThat(p.getPredictionKind()).isEqualTo(PredictionKind.REGRESSION);
        assertThat(p.getPredictionNumeric().getCount()).isEqualTo(8);
        assertThat(p.getPredictionClasses()).isNull();
        assertNumeric(p.getLabelNumeric(), expected.get("target"));
        assertThat(result.labelledRows()).isEqualTo(expected.get("labelled").asLong());
        JsonNode quality = expected.get("quality");
        assertThat(p.getBaselineQuality()).containsOnlyKeys(names(quality));
        for (String metric : names(quality)) {
            assertThat(p.getBaselineQuality().get(metric)).as(metric).isCloseTo(quality.get(metric).asDouble(), within(1e-12));
        }
    }

    @Test
    void eventShapedRowsTakeFeaturesFromTheFeaturesObjectAndCountErrors() {
        TrainingDataProfile result = profile(Expected.file("events_sample.jsonl"), TrainingDataOptions.defaults());
        ReferenceProfile p = result.profile();
        // Ids and other top-level fields are not features; "tags" (an array) is ignored.
        assertThat(result.featureTypes()).containsOnlyKeys("amount", "country", "card_present");
        assertThat(p.getRowCount()).isEqualTo(5);
        assertThat(p.getNumericFeatures().get("amount").getCount()).isEqualTo(4);
        assertThat(p.getNumericFeatures().get("amount").getMissing()).isEqualTo(1);
        assertThat(p.getCategoricalFeatures().get("country").getFrequencies())
            .containsExactlyInAnyOrderEntriesOf(Map.of("DE", 3L, "FR", 1L, "US", 1L));
        // The error event (p3) has no prediction and no label; p5 has no label.
        assertThat(p.getPredictionKind()).isEqualTo(PredictionKind.BINARY);
        assertThat(p.getPredictionNumeric().getCount()).isEqualTo(4);
        assertThat(p.getPredictionNumeric().getMissing()).isZero();
        assertThat(p.getLabelClasses().getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1L, "0", 2L));
        assertThat(p.getLabelClasses().getMissing()).isEqualTo(1);
        // Labelled: p1 (0.82, 1), p2 (0.12, 0), p4 (0.64, 0): two of three right, and the positive outranks both negatives.
        assertThat(result.qualityRows()).isEqualTo(3);
        assertThat(p.getBaselineQualityCount()).as("measured on 3 of the 5 rows").isEqualTo(3L);
        assertThat(p.getBaselineQuality().get("accuracy")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(p.getBaselineQuality().get("roc_auc")).isCloseTo(1.0, within(1e-12));
        assertThat(p.getBaselineQuality().get("precision")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstObjectIsNotPartOfIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("bom.jsonl"), "\uFEFF{\"a\": 1, \"label\": 2}\n{\"a\": 3, \"label\": 4}\n");
        TrainingDataProfile result = profile(file, TrainingDataOptions.defaults());
        assertThat(result.badRows()).isZero();
        assertThat(result.profile().getRowCount()).isEqualTo(2);
    }

    @Test
    void malformedLinesNameTheLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.ndjson"), "{\"a\": 1, \"label\": 2}\n{\"a\": 2,\n[1, 2]\n{\"a\": 3}\n");
        assertThatThrownBy(() -> profile(file, TrainingDataOptions.defaults()))
            .hasMessageStartingWith("bad.ndjson, line 2: not valid JSON (");
        TrainingDataProfile skipped = profile(file, TrainingDataOptions.builder().maxBadRows(5).build());
        assertThat(skipped.badRowExamples().get(1)).isEqualTo("bad.ndjson, line 3: expected one JSON object per line, found array");
        assertThat(skipped.profile().getRowCount()).isEqualTo(2);

        Path text = Files.writeString(tmp.resolve("text.jsonl"), "{\"a\": 1, \"prediction\": 3, \"target\": \"high\"}\n");
        // A numeric prediction with a text label is a classifier's: the label set holds "3" and "high".
        TrainingDataProfile classifier = profile(text, TrainingDataOptions.defaults());
        assertThat(classifier.task()).isEqualTo(PredictionKind.MULTICLASS);
        assertThat(classifier.profile().getPredictionClasses().getFrequencies()).containsOnlyKeys("3");

        Path regression = Files.writeString(tmp.resolve("reg.jsonl"), "{\"a\": 1, \"prediction\": 3, \"target\": 4}\n"
            + "{\"a\": 1, \"prediction\": \"x\", \"target\": 4}\n");
        assertThatThrownBy(() -> profile(regression, TrainingDataOptions.defaults()))
            .hasMessageStartingWith("reg.jsonl, line 2, column 'prediction': 'x' is not a finite number");
    }
}
