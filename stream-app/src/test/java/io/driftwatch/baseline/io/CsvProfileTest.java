package io.driftwatch.baseline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.baseline.ReferenceProfileFactory;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.BaselineSource;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credit_sample.csv} and {@code bad_rows.csv} against values from {@code make_expected.py}. */
class CsvProfileTest {

    static final Instant CREATED = Instant.parse("2026-02-01T00:00:00Z");
    private static final JsonNode EXPECTED = Expected.of("credit_sample.csv");

    @TempDir
    Path tmp;

    private static TrainingDataProfile profile(Path file, TrainingDataOptions options) {
        return new TrainingDataProfiler(options).profile(file, "credit", "7", CREATED, RowProgressListener.none());
    }

    private static TrainingDataOptions ignoringId() {
        return TrainingDataOptions.builder().columnType("customer_id", ColumnType.IGNORED).build();
    }

    @Test
    void typesCountsMissingValuesAndDistributions() {
        TrainingDataProfile result = profile(Expected.file("credit_sample.csv"), ignoringId());
        ReferenceProfile p = result.profile();
        assertThat(result.rowsRead()).isEqualTo(12);
        assertThat(result.badRows()).isZero();
        assertThat(p.getRowCount()).isEqualTo(EXPECTED.get("rows").asLong());
        assertThat(p.getSource()).isEqualTo(BaselineSource.TRAINING_DATA);
        assertThat(p.getModelId()).isEqualTo("credit");
        assertThat(p.getModelVersion()).isEqualTo("7");
        assertThat(p.getCreatedAt()).isEqualTo(CREATED);
        assertThat(p.getDescription()).isEqualTo("training data credit_sample.csv (12 rows)");
        assertThat(result.featureTypes()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "age", ColumnType.NUMERIC, "employment", ColumnType.CATEGORICAL, "has_mortgage", ColumnType.CATEGORICAL,
            "income", ColumnType.NUMERIC, "note", ColumnType.CATEGORICAL, "region", ColumnType.CATEGORICAL));
        assertThat(p.getNumericFeatures()).containsOnlyKeys("age", "income");

        assertNumeric(p.getNumericFeatures().get("age"), EXPECTED.get("age"));
        assertNumeric(p.getNumericFeatures().get("income"), EXPECTED.get("income"));
        assertCategorical(p.getCategoricalFeatures().get("region"), EXPECTED.get("region"));
        assertCategorical(p.getCategoricalFeatures().get("has_mortgage"), EXPECTED.get("has_mortgage"));
        // Quoted text with a delimiter, doubled quotes and a line break comes through whole.
        assertCategorical(p.getCategoricalFeatures().get("note"), EXPECTED.get("note"));
    }

    @Test
    void scoreAndLabelFeedPredictionLabelDistributionsAndBaselineQuality() {
        TrainingDataProfile result = profile(Expected.file("credit_sample.csv"), ignoringId());
        ReferenceProfile p = result.profile();
        assertThat(result.task()).isEqualTo(PredictionKind.BINARY);
        assertThat(p.getPredictionKind()).isEqualTo(PredictionKind.BINARY);
        assertNumeric(p.getPredictionNumeric(), EXPECTED.get("score"));
        // Labels predicted at threshold 0.5: scores >= 0.5 are c01, c03, c06, c07, c09, c11.
        assertThat(p.getPredictionClasses().getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("1", 6L, "0", 6L));
        assertCategorical(p.getLabelClasses(), EXPECTED.get("label"));
        assertThat(p.getLabelNumeric()).isNull();
        assertThat(result.labelledRows()).isEqualTo(12);
        assertThat(result.qualityRows()).isEqualTo(12);

        JsonNode quality = EXPECTED.get("quality");
        assertThat(p.getBaselineQuality()).containsOnlyKeys(names(quality));
        for (String metric : names(quality)) {
            // Scores sit in distinct AUC bins, so even roc_auc is exact here.
            assertThat(p.getBaselineQuality().get(metric)).as(metric).isCloseTo(quality.get(metric).asDouble(), within(1e-12));
        }
        assertThat(p.getBaselineQuality().get("roc_auc")).isCloseTo(30.0 / 36, within(1e-12));
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static void assertNumeric(NumericFeatureProfile actual, JsonNode expected) {
        assertThat(actual.getCount()).isEqualTo(expected.get("count").asLong());
        assertThat(actual.getMissing()).isEqualTo(expected.get("missing").asLong());
        assertThat(actual.getNonFinite()).isEqualTo(expected.get("non_finite").asLong());
        assertThat(actual.getMean()).isCloseTo(expected.get("mean").asDouble(), within(1e-9 * Math.abs(expected.get("mean").asDouble())));
        assertThat(actual.getStdDev()).isCloseTo(expected.get("std_dev").asDouble(), within(1e-9 * expected.get("std_dev").asDouble()));
        assertThat(actual.getMin()).isEqualTo(expected.get("min").asDouble());
        assertThat(actual.getMax()).isEqualTo(expected.get("max").asDouble());
    }

    static void assertCategorical(CategoricalFeatureProfile actual, JsonNode expected) {
        assertThat(actual.getMissing()).isEqualTo(expected.get("missing").asLong());
        JsonNode frequencies = expected.get("frequencies");
        assertThat(actual.getFrequencies()).hasSize(frequencies.size());
        for (String name : names(frequencies)) {
            assertThat(actual.getFrequencies().get(name)).as(name).isEqualTo(frequencies.get(name).asLong());
        }
    }

    @Test
    void typesAreDecidedFromTheDataUnlessOverridden() {
        try (TrainingDataReader reader = new TrainingDataProfiler(TrainingDataOptions.defaults()).open(Expected.file("credit_sample.csv"))) {
            assertThat(reader.columnTypes()).containsExactly(
                Map.entry("customer_id", ColumnType.CATEGORICAL), Map.entry("age", ColumnType.NUMERIC),
                Map.entry("income", ColumnType.NUMERIC), Map.entry("region", ColumnType.CATEGORICAL),
                Map.entry("employment", ColumnType.CATEGORICAL), Map.entry("has_mortgage", ColumnType.CATEGORICAL),
                Map.entry("note", ColumnType.CATEGORICAL), Map.entry("score", ColumnType.NUMERIC),
                Map.entry("label", ColumnType.NUMERIC));
        }
        // Age as a category: its values become names, "34" not "34.0".
        TrainingDataProfile asText = profile(Expected.file("credit_sample.csv"),
            TrainingDataOptions.builder().columnType("age", ColumnType.CATEGORICAL).build());
        assertThat(asText.profile().getCategoricalFeatures().get("age").getFrequencies()).containsEntry("34", 1L).hasSize(11);
        assertThat(asText.profile().getCategoricalFeatures()).containsKey("customer_id");
    }

    @Test
    void aBadRowFailsWithFileLineAndCauseUnlessSkippingIsAllowed() {
        Path bad = Expected.file("bad_rows.csv");
        assertThatThrownBy(() -> profile(bad, TrainingDataOptions.defaults()))
            .isInstanceOf(TrainingDataException.class)
            .hasMessage("bad_rows.csv, line 3: expected 3 fields as in the header, found 2; quote fields that contain ','"
                + ". To skip bad rows instead, allow some (--max-bad-rows)");

        TrainingDataProfile skipped = profile(bad, TrainingDataOptions.builder().maxBadRows(3).build());
        assertThat(skipped.rowsRead()).isEqualTo(5);
        assertThat(skipped.badRows()).isEqualTo(3);
        assertThat(skipped.profile().getRowCount()).isEqualTo(2);
        assertThat(skipped.badRowExamples()).containsExactly(
            "bad_rows.csv, line 3: expected 3 fields as in the header, found 2; quote fields that contain ','",
            "bad_rows.csv, line 4: unexpected 'w' after the closing quote of field 2; a quoted field must end at a "
                + "delimiter or line end (write a quote inside it as \"\")",
            "bad_rows.csv, line 6: the quoted field 2 opened on line 6 is not closed before the end of the file");
        assertThat(skipped.profile().getDescription()).isEqualTo("training data bad_rows.csv (2 rows, 3 bad rows skipped)");

        assertThatThrownBy(() -> profile(bad, TrainingDataOptions.builder().maxBadRows(2).build()))
            .hasMessageStartingWith("bad_rows.csv, line 6: the quoted field 2")
            .hasMessageEndingWith("That is bad row 3, more than the 2 allowed");
    }

    @Test
    void aValueThatBreaksItsColumnNamesTheColumn() throws IOException {
        assertThatThrownBy(() -> profile(Expected.file("bad_rows.csv"),
            TrainingDataOptions.builder().columnType("b", ColumnType.NUMERIC).build()))
            .hasMessageStartingWith("bad_rows.csv, line 2, column 'b': 'x' is not a number, but the column is numeric");

        Path scores = write("scores.csv", "f,score,label\n1,0.2,0\n2,1.5,1\n");
        assertThatThrownBy(() -> profile(scores, TrainingDataOptions.defaults()))
            .hasMessageStartingWith("scores.csv, line 3, column 'score': score 1.5 is not a probability in [0, 1]");
    }

    @Test
    void headerProblemsAndUnreadableFilesSayWhatToDo() throws IOException {
        assertThatThrownBy(() -> profile(write("dup.csv", "a,b,a\n1,2,3\n"), TrainingDataOptions.defaults()))
            .hasMessage("dup.csv, line 1: column 'a' appears twice in the header; give each column its own name");
        assertThatThrownBy(() -> profile(write("blank.csv", "a,,c\n1,2,3\n"), TrainingDataOptions.defaults()))
            .hasMessageContaining("column 2 of the header has no name");
        assertThatThrownBy(() -> profile(write("empty.csv", ""), TrainingDataOptions.defaults()))
            .hasMessageContaining("empty.csv is empty");
        assertThatThrownBy(() -> profile(write("header.csv", "a,b\n"), TrainingDataOptions.defaults()))
            .hasMessageContaining("header.csv has no usable rows");
        assertThatThrownBy(() -> profile(tmp.resolve("nope.csv"), TrainingDataOptions.defaults()))
            .hasMessageContaining("nope.csv does not exist");
        assertThatThrownBy(() -> profile(write("data.txt", "a\n1\n"), TrainingDataOptions.defaults()))
            .hasMessageContaining("Cannot tell the format of").hasMessageContaining("data.txt");
        assertThatThrownBy(() -> profile(Expected.file("credit_sample.csv"),
            TrainingDataOptions.builder().columnType("agee", ColumnType.NUMERIC).build()))
            .hasMessageContaining("column 'agee' has a type override but is not in the header");
    }

    @Test
    void byteOrderMarkCrlfGzipAndMissingMarkers() throws IOException {
        String text = "\uFEFFx,kind,label\r\n1.5,a,0\r\nNA,b,1\r\n-2.5e1,NA,1\r\n";
        Path plain = write("bom.csv", text);
        Path gz = tmp.resolve("bom.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        TrainingDataOptions na = TrainingDataOptions.builder().missingValues(java.util.Set.of("NA")).build();
        for (Path file : List.of(plain, gz)) {
            ReferenceProfile p = profile(file, na).profile();
            NumericFeatureProfile x = p.getNumericFeatures().get("x");
            assertThat(x.getCount()).isEqualTo(2);
            assertThat(x.getMissing()).isEqualTo(1);
            assertThat(x.getMean()).isCloseTo(-11.75, within(1e-12));
            assertThat(p.getCategoricalFeatures().get("kind").getMissing()).isEqualTo(1);
            // No prediction: the labels alone, numeric, make it regression's true values.
            assertThat(p.getLabelNumeric().getCount()).isEqualTo(3);
            assertThat(p.getPredictionNumeric()).isNull();
            assertThat(p.getBaselineQuality()).isEmpty();
            assertThat(p.getBaselineQualityCount()).isNull();
        }
        // Without the marker, "NA" is text and x is categorical.
        assertThat(profile(plain, TrainingDataOptions.defaults()).featureTypes()).containsEntry("x", ColumnType.CATEGORICAL);
        // The byte order mark before a quoted header, as a spreadsheet writes it, is not a quote's misplaced start.
        Path quoted = write("bom-quoted.csv", "\uFEFF\"x\",\"label\"\r\n1.5,0\r\n2.5,1\r\n");
        assertThat(profile(quoted, TrainingDataOptions.defaults()).profile().getNumericFeatures()).containsOnlyKeys("x");
    }

    /**
     * pandas writes booleans as {@code True}/{@code False}, R as {@code TRUE}/{@code FALSE}; live events' booleans
     * are profiled as {@code true}/{@code false}. Kept as written, the baseline's categories and every live window's
     * would be disjoint, and the feature would show drift in every window.
     */
    @Test
    void booleansInAnyCaseAreProfiledAsLiveEventsBooleansAre() throws IOException {
        Path file = write("pandas.csv", "flag,shouty,mixed,label\nTrue,TRUE,True,1\nFalse,FALSE,maybe,0\n"
            + "True, true ,False,1\n,false,,0\nfalse,False,True,1\n");
        ReferenceProfile reference = profile(file, TrainingDataOptions.defaults()).profile();

        WindowProfile live = new WindowProfile(TrainingDataOptions.defaults().profileSettings());
        for (Boolean flag : new Boolean[] {true, false, true, null, false}) {
            Map<String, Object> features = new java.util.HashMap<>();
            features.put("flag", flag);
            live.add(PredictionEvent.newBuilder().setPredictionId("p").setModelId("credit").setModelVersion("7")
                .setEventTime(CREATED).setFeatures(features)
                .setPrediction(io.driftwatch.schemas.Prediction.newBuilder().setScore(0.5).build()).build());
        }
        ReferenceProfile fromLive = ReferenceProfileFactory.fromProfile("credit", "7", live, BaselineSource.TRAINING_DATA,
            "live", CREATED, Map.of());

        assertThat(reference.getCategoricalFeatures().get("flag").getFrequencies())
            .containsExactlyInAnyOrderEntriesOf(Map.of("true", 2L, "false", 2L))
            .isEqualTo(fromLive.getCategoricalFeatures().get("flag").getFrequencies());
        assertThat(reference.getCategoricalFeatures().get("flag").getMissing()).isEqualTo(1);
        // Surrounding spaces are allowed, as they are around numbers.
        assertThat(reference.getCategoricalFeatures().get("shouty").getFrequencies())
            .containsExactlyInAnyOrderEntriesOf(Map.of("true", 2L, "false", 3L));
        // A column with any other text is not boolean: its values stay as written.
        assertThat(reference.getCategoricalFeatures().get("mixed").getFrequencies())
            .containsExactlyInAnyOrderEntriesOf(Map.of("True", 2L, "False", 1L, "maybe", 1L));
        // Typed categorical, a column keeps what it says, for a string feature whose live values are "True".
        ReferenceProfile asWritten = profile(file, TrainingDataOptions.builder()
            .columnType("flag", ColumnType.CATEGORICAL).build()).profile();
        assertThat(asWritten.getCategoricalFeatures().get("flag").getFrequencies())
            .containsExactlyInAnyOrderEntriesOf(Map.of("True", 2L, "False", 1L, "false", 1L));
    }

    @Test
    void progressIsReportedEveryNRowsAndAtTheEnd() {
        List<String> calls = new ArrayList<>();
        new TrainingDataProfiler(TrainingDataOptions.builder().progressEvery(5).build())
            .profile(Expected.file("credit_sample.csv"), "m", "1", CREATED, (rows, bad, done) -> calls.add(rows + "/" + bad + "/" + done));
        assertThat(calls).containsExactly("5/0/false", "10/0/false", "12/0/true");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }
}
