package io.driftwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.serde.SpecificAvroDeserializer;
import io.driftwatch.schemas.serde.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility guard: every current schema reads data written with every released version
 * of it, checked with Avro's own {@link SchemaCompatibility} and by decoding such data.
 *
 * <p>Released versions live in {@code src/main/avro/released/vN/} (not compiled, not shipped in
 * the jar: see the module's pom). Releasing a version means copying the current {@code .avsc}
 * files there as the next {@code vN}; from then on this test holds every later change to them.
 */
class SchemaEvolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path avroDir() {
        return Path.of(System.getProperty("driftwatch.avro.dir", "src/main/avro"));
    }

    /** The schema in {@code file}, read with java.lang.String for strings, as the generated classes read them. */
    private static Schema parse(Path file) {
        try {
            return withJavaStrings(new Schema.Parser().parse(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks every string and map of {@code schema} as read into java.lang.String, as the avro plugin's stringType does. */
    private static Schema withJavaStrings(Schema schema) {
        markStrings(schema, new HashSet<>());
        return schema;
    }

    private static void markStrings(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case STRING -> schema.addProp(GenericData.STRING_PROP, "String");
            case MAP -> {
                schema.addProp(GenericData.STRING_PROP, "String");
                markStrings(schema.getValueType(), seen);
            }
            case ARRAY -> markStrings(schema.getElementType(), seen);
            case UNION -> schema.getTypes().forEach(branch -> markStrings(branch, seen));
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> markStrings(field.schema(), seen));
                }
            }
            default -> {
                // Other types hold no strings.
            }
        }
    }

    /** (release, file) for every .avsc of every released version. */
    static Stream<Arguments> releasedSchemas() throws IOException {
        List<Path> releases;
        try (Stream<Path> dirs = Files.list(avroDir().resolve("released"))) {
            releases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(releases).extracting(p -> p.getFileName().toString()).contains("v1");
        return releases.stream().flatMap(release -> {
            try (Stream<Path> files = Files.list(release)) {
                return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList().stream()
                        .map(f -> Arguments.of(release.getFileName().toString(), f.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void theFirstReleaseHoldsTheSixOriginalRecords() throws IOException {
        try (Stream<Path> v1 = Files.list(avroDir().resolve("released/v1"))) {
            assertThat(v1.map(f -> f.getFileName().toString()).toList()).containsExactlyInAnyOrder("Alert.avsc",
                    "AuditRecord.avsc", "OutcomeEvent.avsc", "PredictionEvent.avsc", "ReferenceProfile.avsc", "WindowReport.avsc");
        }
    }

    @Test
    void theLatestReleaseHoldsEveryRecordOfTheContract() throws IOException {
        Path latest;
        try (Stream<Path> dirs = Files.list(avroDir().resolve("released"))) {
            latest = dirs.filter(Files::isDirectory)
                    .max(java.util.Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString().substring(1))))
                    .orElseThrow();
        }
        try (Stream<Path> current = Files.list(avroDir()); Stream<Path> released = Files.list(latest)) {
            List<String> currentNames = current.filter(f -> f.toString().endsWith(".avsc")).map(f -> f.getFileName().toString()).toList();
            List<String> releasedNames = released.map(f -> f.getFileName().toString()).toList();
            assertThat(releasedNames).as("a new record is released with the next version").containsExactlyInAnyOrderElementsOf(currentNames);
        }
    }

    @Test
    void v2AddsRequestIdAndDeploymentRoleThatV1DataReadsAsNull() throws IOException {
        Schema v1 = parse(avroDir().resolve("released/v1/PredictionEvent.avsc"));
        Schema current = parse(avroDir().resolve("PredictionEvent.avsc"));
        RandomRecords random = new RandomRecords(13);
        for (int i = 0; i < 30; i++) {
            GenericRecord written = (GenericRecord) random.generic(v1);
            GenericRecord read = new GenericDatumReader<GenericRecord>(v1, current, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(RandomRecords.write(v1, written), null));
            assertThat(read.get("request_id")).isNull();
            assertThat(read.get("deployment_role")).isNull();
            assertThat(read.get("prediction_id")).isEqualTo(written.get("prediction_id"));
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("releasedSchemas")
    void theCurrentSchemaCanReadTheReleasedOne(String release, String file) {
        Path currentFile = avroDir().resolve(file);
        assertThat(currentFile).as("%s was released in %s and must not be deleted", file, release).exists();
        Schema released = parse(avroDir().resolve("released").resolve(release).resolve(file));
        Schema current = parse(currentFile);
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);
        assertThat(result.getType())
                .as("%s cannot read data written with %s/%s: %s", file, release, file, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("releasedSchemas")
    <T extends SpecificRecord> void dataWrittenWithTheReleasedSchemaIsDecodedAsTheCurrentOne(String release, String file)
            throws Exception {
        Schema released = parse(avroDir().resolve("released").resolve(release).resolve(file));
        Schema current = parse(avroDir().resolve(file));
        @SuppressWarnings("unchecked")
        Class<T> generated = (Class<T>) Class.forName(current.getFullName()).asSubclass(SpecificRecord.class);

        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        int releasedId = registry.register("released-" + release, released);
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(generated, registry);
        deserializer.configure(Map.of(), false);
        RandomRecords random = new RandomRecords(file.hashCode());
        for (int i = 0; i < 30; i++) {
            GenericRecord written = (GenericRecord) random.generic(released);
            byte[] avro = RandomRecords.write(released, written);

            GenericRecord asCurrent = new GenericDatumReader<GenericRecord>(released, current, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(avro, null));
            for (Schema.Field field : released.getFields()) {
                Schema.Field now = current.getField(field.name());
                if (now != null && now.schema().equals(field.schema())) {
                    assertThat(asCurrent.get(field.name())).as("%s.%s", file, field.name()).isEqualTo(written.get(field.name()));
                }
            }

            byte[] wire = new byte[avro.length + WireFormat.HEADER_SIZE];
            System.arraycopy(WireFormat.header(releasedId), 0, wire, 0, WireFormat.HEADER_SIZE);
            System.arraycopy(avro, 0, wire, WireFormat.HEADER_SIZE, avro.length);
            assertThat(deserializer.deserialize("t", wire)).isInstanceOf(generated);
        }
    }

    @Test
    void aFutureVersionThatAddsDefaultedFieldsReadsTheFirstRelease() throws IOException {
        Schema v1 = parse(avroDir().resolve("released/v1/PredictionEvent.avsc"));
        ObjectNode v2Json = (ObjectNode) JSON.readTree(avroDir().resolve("PredictionEvent.avsc").toFile());
        ArrayNode fields = (ArrayNode) v2Json.get("fields");
        fields.addObject().put("name", "serving_region").putNull("default").putArray("type").add("null").add("string");
        for (var field : fields) {
            if (field.get("name").asText().equals("prediction")) {
                ((ArrayNode) field.get("type").get("fields")).addObject()
                        .put("name", "margin").put("type", "double").put("default", 0.0);
            }
        }
        Schema v2 = withJavaStrings(new Schema.Parser().parse(v2Json.toString()));

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        RandomRecords random = new RandomRecords(2);
        for (int i = 0; i < 30; i++) {
            GenericRecord written = (GenericRecord) random.generic(v1);
            GenericRecord read = new GenericDatumReader<GenericRecord>(v1, v2, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(RandomRecords.write(v1, written), null));
            assertThat(read.get("serving_region")).isNull();
            assertThat(((GenericRecord) read.get("prediction")).get("margin")).isEqualTo(0.0);
            assertThat(read.get("features")).isEqualTo(written.get("features"));
            assertThat(read.get("prediction_id")).isEqualTo(written.get("prediction_id"));
        }
    }

    @Test
    void theGuardCatchesABreakingChange() throws IOException {
        Schema v1 = parse(avroDir().resolve("released/v1/OutcomeEvent.avsc"));
        ObjectNode broken = (ObjectNode) JSON.readTree(avroDir().resolve("OutcomeEvent.avsc").toFile());
        ((ArrayNode) broken.get("fields")).addObject().put("name", "labeller").put("type", "string");
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser().parse(broken.toString()), v1);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(result.getResult().getIncompatibilities()).extracting(SchemaCompatibility.Incompatibility::getType)
                .containsExactly(SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE);
    }
}
