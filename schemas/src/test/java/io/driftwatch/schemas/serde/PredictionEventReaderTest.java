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
        return avro(decoder(bytes));
    }

    private static PredictionEvent avro(BinaryDecoder in) throws IOException {
        DatumReader<PredictionEvent> reader = AvroRecordReader.specific(PredictionEvent.class).create(SCHEMA);
        return reader.read(null, in);
    }

    /** What a read gives, or the class of what it throws. */
    private static Object outcome(Read read) {
        try {
            return read.run();
        } catch (Throwable t) {
            return t.getClass();
        }
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
            assertThat(reader.read(bytes, 0, bytes.length)).as("seed %d, from the bytes", seed).isEqualTo(avro(bytes));
            assertThat(reader.readAll()).isTrue();
        }
    }

    @Test
    void fromTheBytesEveryCorruptionReadsOrFailsAsInAvrosReader() throws IOException {
        // The monitor's path: the record's bytes, read in place at an offset, against Avro's BinaryDecoder over the
        // same bytes. Flipped, cut, lengthened and repeated bytes hit every read's failure: truncation, varints too
        // long, negative lengths and counts, unknown union branches, bytes left over.
        PredictionEventReader reader = new PredictionEventReader();
        Random random = new Random(31);
        for (long seed = 0; seed < 3_000; seed++) {
            byte[] record = RandomRecords.write(SCHEMA, new RandomRecords(seed).generic(SCHEMA));
            byte[] bytes = switch (random.nextInt(4)) {
                case 0 -> java.util.Arrays.copyOf(record, random.nextInt(record.length + 1));
                case 1 -> java.util.Arrays.copyOf(record, record.length + 1 + random.nextInt(3));
                default -> record.clone();
            };
            for (int flips = random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) (random.nextInt(3) == 0 ? 0xFF : random.nextInt(256));
            }
            byte[] framed = new byte[bytes.length + 7];
            System.arraycopy(bytes, 0, framed, 5, bytes.length);

            Object expected = outcome(() -> {
                BinaryDecoder in = decoder(bytes);
                PredictionEvent event = avro(in);
                return in.isEnd() ? event : "left over";
            });
            Object direct = outcome(() -> {
                PredictionEvent event = reader.read(framed, 5, bytes.length);
                return reader.readAll() ? event : "left over";
            });
            assertThat(direct).as("seed %d", seed).isEqualTo(expected);
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
        Map<String, Object> repeating = inOrder(List.<Map.Entry<String, Object>>of(Map.entry("a", 1.0), Map.entry("b", "x"),
            Map.entry("a", 3.0)));
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
    void mapsWithRepeatedAndUnkeptNamesReadAsAvroDoesEventAfterEvent() throws IOException {
        // The reader appends a kept name without hashing it when this map has not had it yet; a repeated key, a name
        // too long to keep, or one after a repeated key must still come out as Avro's reader makes them: the first
        // position, the last value. Many events in a row, so that what one map marked cannot leak into the next, and
        // the same names in the features, the class probabilities and the segments of one event, so that what one
        // map marked cannot leak into another.
        Random random = new Random(21);
        PredictionEventReader reader = new PredictionEventReader();
        String[] pool = {"a", "b", "c", "d", "age", "amount", "long_" + "n".repeat(70), "long_" + "m".repeat(70)};
        for (int round = 0; round < 3_000; round++) {
            List<Map.Entry<String, Object>> features = entries(random, pool, () -> switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> (Object) (random.nextInt(100) / 4.0);
                case 2 -> "v" + random.nextInt(3);
                default -> random.nextBoolean();
            });
            List<Map.Entry<String, Double>> probabilities = entries(random, pool, () -> random.nextInt(5) / 4.0);
            List<Map.Entry<String, String>> segments = entries(random, pool, () -> "s" + random.nextInt(3));
            PredictionEvent event = TestEvents.prediction();
            event.setFeatures(inOrder(features));
            event.getPrediction().setProbabilities(random.nextInt(4) == 0 ? null : inOrder(probabilities));
            event.setSegments(inOrder(segments));
            byte[] bytes = write(event, round % 2 == 0 ? 0 : 16);

            PredictionEvent avro = avro(bytes);
            for (PredictionEvent read : List.of(reader.read(bytes, 0, bytes.length), reader.read(null, decoder(bytes)))) {
                assertThat(read).as("round %d", round).isEqualTo(avro);
                assertLastValueAtFirstPosition(read.getFeatures(), features, round);
                assertLastValueAtFirstPosition(read.getSegments(), segments, round);
                if (avro.getPrediction().getProbabilities() != null) {
                    assertLastValueAtFirstPosition(read.getPrediction().getProbabilities(), probabilities, round);
                }
            }
        }
    }

    /** Up to eight entries, mostly of the pool's first four (short) names, so that names repeat within the map. */
    private static <V> List<Map.Entry<String, V>> entries(Random random, String[] pool, java.util.function.Supplier<V> value) {
        List<Map.Entry<String, V>> entries = new ArrayList<>();
        for (int i = random.nextInt(9); i > 0; i--) {
            String name = pool[random.nextInt(random.nextInt(4) == 0 ? pool.length : 4)];
            entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, value.get()));
        }
        return entries;
    }

    /** A map whose writer meets every entry, a repeated key included, in the list's order. */
    private static <V> Map<String, V> inOrder(List<Map.Entry<String, V>> entries) {
        return new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Map.Entry<String, V>> entrySet() {
                return new java.util.AbstractSet<>() {
                    @Override
                    public java.util.Iterator<Map.Entry<String, V>> iterator() {
                        return entries.iterator();
                    }

                    @Override
                    public int size() {
                        return entries.size();
                    }
                };
            }
        };
    }

    private static <V> void assertLastValueAtFirstPosition(Map<String, V> read, List<Map.Entry<String, V>> written, int round) {
        java.util.LinkedHashMap<String, V> expected = new java.util.LinkedHashMap<>();
        written.forEach(e -> expected.put(e.getKey(), e.getValue()));
        assertThat(read).as("round %d: %s", round, written).isEqualTo(expected);
        assertThat(new ArrayList<>(read.keySet())).as("round %d: first positions", round)
            .containsExactlyElementsOf(expected.keySet());
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
            Object avroFailure = outcome(() -> avro(cut));
            Object ours = outcome(() -> new PredictionEventReader().read(null, decoder(cut)));
            Object direct = outcome(() -> new PredictionEventReader().read(cut, 0, cut.length));
            assertThat(ours).as("cut at %d of %d bytes", length, bytes.length).isEqualTo(avroFailure);
            assertThat(direct).as("from the bytes, cut at %d of %d bytes", length, bytes.length).isEqualTo(avroFailure);
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
        assertThatThrownBy(() -> new PredictionEventReader().read(bytes, 0, bytes.length))
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
        String first = strings.of(a, 0, 1, 0);
        strings.of(b, 0, 1, 1);
        String third = strings.of(c, 0, 1, 2);
        assertThat(strings.size()).isEqualTo(2);
        assertThat(strings.of(a, 0, 1, 3)).isSameAs(first);
        assertThat(strings.of(c, 0, 1, 4)).isEqualTo("c").isNotSameAs(third);
    }

    @Test
    void theStringAtAPositionIsRightWhateverWasReadThereBefore() {
        Random random = new Random(11);
        RepeatedStrings strings = new RepeatedStrings(6);
        String[] pool = {"a", "b", "ab", "ba", "name", "nama", "é", "", "long_" + "z".repeat(70), "x1", "x2", "y"};
        for (int i = 0; i < 20_000; i++) {
            String expected = pool[random.nextInt(pool.length)];
            byte[] bytes = ("@@" + expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int length = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(strings.of(bytes, 2, length, random.nextInt(5))).isEqualTo(expected);
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
            byte[] bytes = ("@@" + expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int length = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(strings.of(bytes, 2, length, random.nextInt(6))).isEqualTo(expected);
        }
    }

    @Test
    void aGrowingTableKeepsEachStringAndItsInstance() {
        Random random = new Random(13);
        RepeatedStrings strings = new RepeatedStrings(4096);
        Map<String, String> kept = new java.util.HashMap<>();
        Map<String, Integer> ids = new java.util.HashMap<>();
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
            byte[] bytes = ("@@" + expected + "junk").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int sizeBefore = strings.size();
            String read = strings.of(bytes, 2, expected.length(), random.nextInt(30));
            assertThat(read).isEqualTo(expected);
            if (kept.containsKey(expected)) {
                assertThat(read).as("the instance kept for %s", expected).isSameAs(kept.get(expected));
            } else if (strings.size() > sizeBefore) {
                kept.put(expected, read);
            }
            assertThat(strings.size() * 2).isLessThanOrEqualTo(strings.slots());
            if (kept.containsKey(expected)) {
                Integer id = ids.putIfAbsent(expected, strings.idOfLast());
                assertThat(strings.idOfLast()).as("the id of %s", expected).isEqualTo(id == null ? strings.idOfLast() : id)
                    .isBetween(0, strings.size() - 1);
            } else {
                assertThat(strings.idOfLast()).isEqualTo(-1);
            }
        }
        assertThat(new java.util.HashSet<>(ids.values())).as("one id per kept string").hasSize(ids.size());
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
        readEach(reader, records);
        readEach(reader, records); // the table grew during the first round, which started the hints over
        long searches = reader.searches();
        readEach(reader, records);
        assertThat(reader.searches() - searches).isLessThanOrEqualTo(models);
    }

    private static void readEach(PredictionEventReader reader, byte[][] records) {
        for (byte[] r : records) {
            try {
                reader.read(r, 0, r.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private interface Read {
        Object run() throws Exception;
    }
}
