package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Two feature names whose bytes differ but are both invalid UTF-8 decode to the same Java string ("a\uFFFD"):
 * the monitor's reader must give one feature, the last value, as Avro's reader does, not the same key twice.
 */
class PredictionEventReaderBadUtf8Test {

    private static final Schema SCHEMA = PredictionEvent.getClassSchema();

    @Test
    void twoBadUtf8NamesDecodingToTheSameStringGiveOneFeatureAsInAvrosReader() throws IOException {
        PredictionEvent event = TestEvents.prediction();
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("aX", 1.0);
        features.put("aY", 2.0);
        event.setFeatures(features);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<PredictionEvent>(SCHEMA, TrustedSpecificData.forClass(PredictionEvent.class)).write(event, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        // Same length, so the length prefixes stay right: "aX" -> a 0xFF, "aY" -> a 0xFE (both invalid UTF-8).
        replace(bytes, "aX", (byte) 0xFF);
        replace(bytes, "aY", (byte) 0xFE);

        PredictionEvent avro = AvroRecordReader.specific(PredictionEvent.class).create(SCHEMA)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        PredictionEventReader reader = new PredictionEventReader();
        PredictionEvent direct = reader.read(bytes, 0, bytes.length);

        assertThat(avro.getFeatures()).as("Avro's reader").hasSize(1).containsEntry("a\uFFFD", 2.0);
        assertThat(direct.getFeatures().size()).as("the monitor's reader: features of the event").isEqualTo(1);
        assertThat(direct).isEqualTo(avro);
    }

    private static void replace(byte[] bytes, String ascii, byte second) {
        byte[] find = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + find.length <= bytes.length; i++) {
            if (bytes[i] == find[0] && bytes[i + 1] == find[1]) {
                bytes[i + 1] = second;
                return;
            }
        }
        throw new AssertionError(ascii + " not found");
    }
}
