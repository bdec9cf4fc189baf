package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.RandomRecords;
import io.driftwatch.schemas.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** {@link PredictionEventReader} against Avro's own reader: the same events, the same failures. */
class PredictionEventReaderTest {

    private static final Schema SCHEMA = PredictionEvent.getClassSchema();

    private static PredictionEvent avro(byte[] bytes) throws IOException {
        DatumReader<PredictionEvent> reader = AvroRecordReader.specific(PredictionEvent.class).create(SCHEMA);
        return reader.read(null, decoder(bytes));
    }

    private static BinaryDecoder decoder(byte[] bytes) {
        return DecoderFactory.get().binaryDecoder(bytes, null);
    }

    /** {@code event} as Avro writes it; with {@code blockSize} > 0, maps in blocks of that many bytes (negative counts). */
    private static byte[] write(PredictionEvent event, int blockSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = blockSize > 0 ? new EncoderFactory().configureBlockSize(blockSize).blockingBinaryEncoder(out, null)
            : EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<PredictionEvent>(SCHEMA, TrustedSpecificData.forClass(PredictionEvent.class)).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void readsEveryBranchOfEveryUnionAsAvroDoes() throws IOException {
        PredictionEventReader reader = new PredictionEventReader();
        for (long seed = 0; seed < 2_000; seed++) {
            byte[] bytes = RandomRecords.write(SCHEMA, new RandomRecords(seed).generic(SCHEMA));
            BinaryDecoder in = decoder(bytes);
            assertThat(reader.read(null, in)).as("seed %d", seed).isEqualTo(avro(bytes));
            assertThat(in.isEnd()).as("seed %d: every byte read", seed).isTrue();
        }
    }

    @Test
    void readsLargeMapsWrittenInOneBlockOrManyAsAvroDoes() throws IOException {
        Random random = new Random(7);
        PredictionEventReader reader = new PredictionEventReader();
        for (int round = 0; round < 50; round++) {
            PredictionEvent event = TestEvents.prediction();
            Map<String, Object> features = new HashMap<>();
            for (int i = random.nextInt(400); i >= 0; i--) {
                features.put("feature_" + i + "_é".repeat(random.nextInt(3)), switch (random.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> random.nextGaussian();
                    case 2 -> "category_" + random.nextInt(20);
                    default -> random.nextBoolean();
                });
            }
            event.setFeatures(features);
            event.setSegments(Map.of("region", "eu-west", "group", "A", "long_" + "x".repeat(100), "y".repeat(80)));
            assertThat(write(event, 64)).as("maps in several blocks").isNotEqualTo(write(event, 0));
            for (int blockSize : new int[] {0, 64, 1024}) {
                byte[] bytes = write(event, blockSize);
                BinaryDecoder in = decoder(bytes);
                assertThat(reader.read(null, in)).as("round %d, block size %d", round, blockSize).isEqualTo(avro(bytes))
                    .isEqualTo(event);
                assertThat(in.isEnd()).isTrue();
            }
        }
    }

    @Test
    void aKeyWrittenTwiceKeepsItsLastValueAsInAvrosReader() throws IOException {
        // Avro's binary format does not forbid a repeated map key; a writer iterating this map writes "a" twice.
        Map<String, Object> repeating = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                return new java.util.LinkedHashSet<>(List.of(Map.entry("a", 1.0), Map.entry("b", "x"), Map.entry("a", 3.0)));
            }
        };
        assertThat(repeating.size()).isEqualTo(3);
        PredictionEvent event = TestEvents.prediction();
        event.setFeatures(repeating);
        byte[] bytes = write(event, 0);

        PredictionEvent read = new PredictionEventReader().read(null, decoder(bytes));
        assertThat(read).isEqualTo(avro(bytes));
        assertThat(read.getFeatures()).hasSize(2).containsEntry("a", 3.0).containsEntry("b", "x");
        assertThat(((CompactMap<Object>) read.getFeatures()).keyAt(0)).as("first position kept").isEqualTo("a");
    }

    @Test
    void namesRepeatedFromEventToEventAreOneStringEach() throws IOException {
        PredictionEventReader reader = new PredictionEventReader();
        byte[] bytes = write(TestEvents.prediction(), 0);
        PredictionEvent first = reader.read(null, decoder(bytes));
        PredictionEvent second = reader.read(null, decoder(bytes));

        List<String> names = new ArrayList<>(first.getFeatures().keySet());
        assertThat(names).isNotEmpty();
        for (String name : names) {
            String again = second.getFeatures().keySet().stream().filter(name::equals).findFirst().orElseThrow();
            assertThat(again).isSameAs(name);
        }
        assertThat(second.getModelId()).isSameAs(first.getModelId());
        assertThat(second.getPredictionId()).isEqualTo(first.getPredictionId()).isNotSameAs(first.getPredictionId());
    }

    @Test
    void everyCutOfARecordFailsAsInAvrosReader() {
        byte[] bytes = write(TestEvents.prediction(), 0);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            Class<? extends Throwable> avroFailure = failure(() -> avro(cut));
            Class<? extends Throwable> ours = failure(() -> new PredictionEventReader().read(null, decoder(cut)));
            assertThat(ours).as("cut at %d of %d bytes", length, bytes.length).isEqualTo(avroFailure);
        }
    }

    @Test
    void anUnknownUnionBranchIsAnAvroError() {
        byte[] bytes = write(TestEvents.prediction(), 0);
        // The last field, deployment_role: a ["null", "string"] union; null is the single byte 0.
        assertThat(TestEvents.prediction().getDeploymentRole()).isNull();
        bytes[bytes.length - 1] = 0x0A;
        assertThatThrownBy(() -> new PredictionEventReader().read(null, decoder(bytes)))
            .isInstanceOf(org.apache.avro.AvroRuntimeException.class).hasMessageContaining("union index 5");
    }

    @Test
    void readsOnlyRecordsOfItsOwnSchema() throws IOException {
        assertThat(PredictionEventReader.reads(SCHEMA)).isTrue();
        Schema older = new Schema.Parser().parse(java.nio.file.Path.of(System.getProperty("driftwatch.avro.dir",
            "src/main/avro"), "released", "v1", "PredictionEvent.avsc").toFile());
        assertThat(PredictionEventReader.reads(older)).isFalse();
        assertThat(PredictionEventReader.factory().create(older)).isNotInstanceOf(PredictionEventReader.class);
        assertThat(PredictionEventReader.factory().create(SCHEMA)).isInstanceOf(PredictionEventReader.class);
    }

    @Test
    void aFullTableKeepsWhatItHasAndDecodesTheRest() {
        RepeatedStrings strings = new RepeatedStrings(2);
        byte[] a = "a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] c = "c".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Each call at a position of its own: no hint from an earlier call, the table alone answers.
        String first = strings.of(a, 1, 0);
        strings.of(b, 1, 1);
        String third = strings.of(c, 1, 2);
        assertThat(strings.size()).isEqualTo(2);
        assertThat(strings.of(a, 1, 3)).isSameAs(first);
        assertThat(strings.of(c, 1, 4)).isEqualTo("c").isNotSameAs(third);
    }

    @Test
    void theStringAtAPositionIsRightWhateverWasReadThereBefore() {
        Random random = new Random(11);
        RepeatedStrings strings = new RepeatedStrings(6);
        String[] pool = {"a", "b", "ab", "ba", "name", "nama", "é", "", "long_" + "z".repeat(70), "x1", "x2", "y"};
        for (int i = 0; i < 20_000; i++) {
            String expected = pool[random.nextInt(pool.length)];
            byte[] bytes = (expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int length = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(strings.of(bytes, length, random.nextInt(5))).isEqualTo(expected);
        }
        assertThat(strings.size()).isEqualTo(6);
    }

    @Test
    void theStringIsRightWhateverContextAndPositionItIsReadIn() {
        Random random = new Random(12);
        RepeatedStrings strings = new RepeatedStrings(8);
        String[] pool = {"m1", "m2", "m3", "a", "b", "ab", "ba", "é", "", "long_" + "z".repeat(70), "x1", "x2"};
        for (int i = 0; i < 20_000; i++) {
            switch (random.nextInt(8)) {
                case 0 -> strings.useSharedContext();
                case 1 -> strings.useContextOfLast();
                default -> {
                }
            }
            String expected = pool[random.nextInt(pool.length)];
            byte[] bytes = (expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int length = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(strings.of(bytes, length, random.nextInt(6))).isEqualTo(expected);
        }
    }

    @Test
    void aGrowingTableKeepsEachStringAndItsInstance() {
        Random random = new Random(13);
        RepeatedStrings strings = new RepeatedStrings(4096);
        Map<String, String> kept = new java.util.HashMap<>();
        int slots = strings.slots();
        for (int i = 0; i < 60_000; i++) {
            switch (random.nextInt(16)) {
                case 0 -> strings.useSharedContext();
                case 1 -> strings.useContextOfLast();
                default -> {
                }
            }
            // More and more distinct strings, so that the table grows while hints and contexts are in use.
            String expected = "s" + random.nextInt(1 + i / 10);
            byte[] bytes = (expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int sizeBefore = strings.size();
            String read = strings.of(bytes, expected.length(), random.nextInt(30));
            assertThat(read).isEqualTo(expected);
            if (kept.containsKey(expected)) {
                assertThat(read).as("the instance kept for %s", expected).isSameAs(kept.get(expected));
            } else if (strings.size() > sizeBefore) {
                kept.put(expected, read);
            }
            assertThat(strings.size() * 2).isLessThanOrEqualTo(strings.slots());
        }
        assertThat(strings.slots()).isGreaterThan(slots).isLessThanOrEqualTo(8192);
        assertThat(strings.size()).isEqualTo(kept.size()).isEqualTo(4096);
    }

    @Test
    void modelsWithTheirOwnNamesKeepTheirOwnHints() {
        // Six models whose features have other names at the same positions, their events interleaved as in a
        // partition: once each has been read, every name is found by its model's hints. Only the model ids, read
        // before a record's model is known, may need a search.
        int models = 6;
        byte[][] records = new byte[models][];
        for (int m = 0; m < models; m++) {
            Map<String, Object> features = new java.util.LinkedHashMap<>();
            for (int f = 0; f < 20; f++) {
                features.put("model_" + m + "_feature_" + f, 1.0 * f);
            }
            PredictionEvent event = TestEvents.prediction();
            event.setModelId("model-" + m);
            event.setFeatures(features);
            records[m] = write(event, 0);
        }
        PredictionEventReader reader = new PredictionEventReader();
        readAll(reader, records);
        readAll(reader, records); // the table grew during the first round, which started the hints over
        long searches = reader.searches();
        readAll(reader, records);
        assertThat(reader.searches() - searches).isLessThanOrEqualTo(models);
    }

    private static void readAll(PredictionEventReader reader, byte[][] records) {
        for (byte[] r : records) {
            try {
                reader.read(null, decoder(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private interface Read {
        Object run() throws Exception;
    }

    private static Class<? extends Throwable> failure(Read read) {
        try {
            read.run();
            return null;
        } catch (Throwable t) {
            return t.getClass();
        }
    }
}
