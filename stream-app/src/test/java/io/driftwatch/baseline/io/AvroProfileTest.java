package io.driftwatch.baseline.io;

import static io.driftwatch.baseline.io.CsvProfileTest.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.generator.DemoSchedule;
import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.Timeline;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.profile.NumericAccumulator;
import io.driftwatch.profile.ProfileSettings;
import io.driftwatch.profile.WindowProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.PredictionKind;
import io.driftwatch.schemas.ReferenceProfile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro container files written here: a flat record schema, and PredictionEvents from the generator. */
class AvroProfileTest {

    @TempDir
    Path tmp;

    private static TrainingDataProfile profile(Path file) {
        return new TrainingDataProfiler(TrainingDataOptions.defaults()).profile(file, "m", "1", CREATED, RowProgressListener.none());
    }

    @Test
    void primitiveFieldsAreFeaturesTemporalAndComplexFieldsAreNot() throws IOException {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        Schema schema = SchemaBuilder.record("Applicant").fields()
            .requiredInt("age")
            .optionalDouble("income")
            .requiredString("region")
            .name("tier").type().enumeration("Tier").symbols("GOLD", "SILVER").noDefault()
            .requiredBoolean("active")
            .name("signed_up").type(timestamp).noDefault()
            .requiredBytes("blob")
            .requiredString("prediction")
            .requiredString("label")
            .endRecord();
        // prediction, label: right in rows 1, 2, 4, 5 -> accuracy 4/6.
        Object[][] rows = {
            {31, 52_000.0, "eu", "GOLD", true, "high", "high"},
            {45, null, "us", "SILVER", false, "low", "low"},
            {22, 18_000.0, "eu", "SILVER", false, "low", "mid"},
            {60, 90_000.0, "ap", "GOLD", true, "high", "high"},
            {38, 41_000.0, "us", "SILVER", true, "mid", "mid"},
            {50, 47_000.0, "eu", "GOLD", false, "mid", "high"},
        };
        Path file = tmp.resolve("applicants.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.create(schema, file.toFile());
            for (Object[] r : rows) {
                GenericRecord record = new GenericData.Record(schema);
                record.put("age", r[0]);
                record.put("income", r[1]);
                record.put("region", r[2]);
                record.put("tier", new GenericData.EnumSymbol(schema.getField("tier").schema(), r[3]));
                record.put("active", r[4]);
                record.put("signed_up", 1_700_000_000_000L);
                record.put("blob", ByteBuffer.wrap(new byte[] {1, 2}));
                record.put("prediction", r[5]);
                record.put("label", r[6]);
                writer.append(record);
            }
        }
        TrainingDataProfile result = profile(file);
        ReferenceProfile p = result.profile();
        assertThat(result.featureTypes()).containsExactlyInAnyOrderEntriesOf(Map.of("active", ColumnType.CATEGORICAL,
            "age", ColumnType.NUMERIC, "income", ColumnType.NUMERIC, "region", ColumnType.CATEGORICAL, "tier", ColumnType.CATEGORICAL));
        assertThat(p.getNumericFeatures().get("age").getMean()).isCloseTo(246.0 / 6, within(1e-12));
        assertThat(p.getNumericFeatures().get("income").getMissing()).isEqualTo(1);
        assertThat(p.getCategoricalFeatures().get("tier").getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("GOLD", 3L, "SILVER", 3L));
        assertThat(p.getCategoricalFeatures().get("active").getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("true", 3L, "false", 3L));

        assertThat(result.task()).isEqualTo(PredictionKind.MULTICLASS);
        assertThat(p.getPredictionClasses().getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("high", 2L, "low", 2L, "mid", 2L));
        assertThat(p.getLabelClasses().getFrequencies()).containsExactlyInAnyOrderEntriesOf(Map.of("high", 3L, "low", 1L, "mid", 2L));
        assertThat(p.getBaselineQuality().get("accuracy")).isCloseTo(4.0 / 6, within(1e-12));
        // Per class (precision, recall): high (2/2, 2/3), low (1/2, 1/1), mid (1/2, 1/2).
        assertThat(p.getBaselineQuality().get("macro_precision")).isCloseTo((1.0 + 0.5 + 0.5) / 3, within(1e-12));
        assertThat(p.getBaselineQuality().get("macro_recall")).isCloseTo((2.0 / 3 + 1 + 0.5) / 3, within(1e-12));
        assertThat(p.getBaselineQuality()).doesNotContainKey("roc_auc");
    }

    @Test
    void predictionEventsProfileAsTheLiveWindowProfileDoes() throws IOException {
        TrafficGenerator generator = DemoSchedule.standard().generator(5, CREATED);
        Timeline timeline = new Timeline.Synthetic(CREATED, 100);
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            GeneratedEvent e = generator.next(timeline.at(i, 0));
            if (e.prediction().getModelId().equals("credit-scorer")) {
                events.add(e.prediction());
            }
        }
        Path file = tmp.resolve("events.avro");
        try (DataFileWriter<PredictionEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(PredictionEvent.class))) {
            writer.create(PredictionEvent.getClassSchema(), file.toFile());
            for (PredictionEvent e : events) {
                writer.append(e);
            }
        }
        WindowProfile live = new WindowProfile(ProfileSettings.defaults());
        events.forEach(live::add);

        TrainingDataProfile result = profile(file);
        ReferenceProfile p = result.profile();
        assertThat(p.getRowCount()).isEqualTo(live.events());
        assertThat(p.getNumericFeatures().keySet()).isEqualTo(live.numeric().keySet());
        assertThat(p.getCategoricalFeatures().keySet()).isEqualTo(live.categorical().keySet());
        live.numeric().forEach((name, acc) -> {
            NumericFeatureProfile f = p.getNumericFeatures().get(name);
            assertThat(f.getCount()).as(name).isEqualTo(acc.count());
            assertThat(f.getMissing()).as(name).isEqualTo(live.missing(name));
            assertThat(f.getMean()).as(name).isCloseTo(acc.mean(), within(1e-9 * Math.abs(acc.mean())));
        });
        live.categorical().forEach((name, acc) ->
            assertThat(p.getCategoricalFeatures().get(name).getFrequencies()).as(name).isEqualTo(acc.frequencies()));
        NumericAccumulator scores = live.predictionNumeric();
        assertThat(p.getPredictionKind()).isEqualTo(PredictionKind.BINARY);
        assertThat(p.getPredictionNumeric().getCount()).isEqualTo(scores.count());
        assertThat(p.getPredictionNumeric().getMean()).isCloseTo(scores.mean(), within(1e-12));
        assertThat(p.getPredictionClasses().getFrequencies()).isEqualTo(live.predictionClasses().frequencies());
        // PredictionEvents carry no true label: no label distribution, no quality.
        assertThat(p.getLabelClasses()).isNull();
        assertThat(p.getLabelNumeric()).isNull();
        assertThat(p.getBaselineQuality()).isEmpty();
        assertThat(result.badRows()).isZero();
    }

    @Test
    void aFileThatIsNotAvroSaysSo() throws IOException {
        Path file = Files.writeString(tmp.resolve("fake.avro"), "a,b\n1,2\n");
        assertThatThrownBy(() -> profile(file))
            .isInstanceOf(TrainingDataException.class)
            .hasMessageContaining("fake.avro is not a readable Avro container file");
        Path csv = Files.writeString(tmp.resolve("really.avro"), "a,label\n1,0\n");
        TrainingDataProfile asCsv = new TrainingDataProfiler(TrainingDataOptions.builder().format(TrainingDataFormat.CSV).build())
            .profile(csv, "m", "1", Instant.EPOCH, RowProgressListener.none());
        assertThat(asCsv.profile().getRowCount()).isEqualTo(1);
    }
}
