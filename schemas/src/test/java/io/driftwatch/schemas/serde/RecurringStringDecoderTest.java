package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Recurring strings come back as one instance; every string, recurring or not, comes back as written. */
class RecurringStringDecoderTest {

    @Test
    void everyStringReadsAsWrittenAndShortRecurringOnesAreOneInstance() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                pool.add(randomText(random, 1 + random.nextInt(RecurringStringDecoder.MAX_CACHED_BYTES / 3)));
            }
            pool.add("");
            pool.add("feature_é_日本"); // multi-byte UTF-8
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                int kind = random.nextInt(10);
                written.add(kind < 7 ? pool.get(random.nextInt(pool.size()))          // recurring names
                    : kind < 9 ? java.util.UUID.randomUUID().toString()                 // ids that never recur
                    : randomText(random, RecurringStringDecoder.MAX_CACHED_BYTES + 1 + random.nextInt(200))); // long
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            for (String s : written) {
                encoder.writeString(s);
                encoder.writeLong(s.length()); // something else between the strings, as in a record
            }
            encoder.flush();

            byte[] data = bytes.toByteArray();
            BinaryDecoder binary = DecoderFactory.get().binaryDecoder(data, null);
            RecurringStringDecoder decoder = new RecurringStringDecoder().reading(binary);
            IdentityHashMap<String, Boolean> instances = new IdentityHashMap<>();
            List<String> read = new ArrayList<>();
            for (String expected : written) {
                String s = decoder.readString();
                assertThat(decoder.readLong()).isEqualTo(expected.length());
                read.add(s);
                instances.put(s, Boolean.TRUE);
            }
            assertThat(read).as("seed %d", seed).isEqualTo(written);
            assertThat(binary.isEnd()).isTrue();
            // The pool's strings recur about 11 times each; almost all of them must come back as one instance.
            long poolInstances = instances.keySet().stream().filter(pool::contains).count();
            assertThat(poolInstances).as("seed %d: instances of %d recurring strings", seed, pool.size())
                .isLessThan(pool.size() * 2L);
        }
    }

    @Test
    void aTruncatedStringIsAnEndOfData() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        encoder.writeString("model_id_that_is_cut");
        encoder.writeString("x".repeat(100_000));
        encoder.flush();
        byte[] whole = bytes.toByteArray();
        byte[] cutShort = java.util.Arrays.copyOf(whole, 10);
        assertThatThrownBy(() -> new RecurringStringDecoder().reading(DecoderFactory.get().binaryDecoder(cutShort, null))
            .readString()).isInstanceOf(EOFException.class);
        byte[] cutLong = java.util.Arrays.copyOf(whole, whole.length - 1);
        RecurringStringDecoder decoder = new RecurringStringDecoder().reading(DecoderFactory.get().binaryDecoder(cutLong, null));
        assertThat(decoder.readString()).isEqualTo("model_id_that_is_cut");
        assertThatThrownBy(decoder::readString).isInstanceOf(EOFException.class);
    }

    private static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(20) == 0 ? (char) ('α' + random.nextInt(20)) : (char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
