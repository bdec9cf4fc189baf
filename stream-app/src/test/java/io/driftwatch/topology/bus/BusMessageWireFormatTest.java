package io.driftwatch.topology.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.profile.WindowKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the window-carrying bus messages. The bus is an internal repartition topic, so
 * during a rolling upgrade an old instance reads what a new one wrote and the other way round: a
 * refactoring of {@link BusMessageSerde} must not move a single byte. The hex was produced by the
 * serde as it stood when this test was written.
 */
class BusMessageWireFormatTest {

    private static final WindowKey WINDOW = new WindowKey("fraud", "v2", 1_767_225_600_000L);
    private static final byte[] BODY = {0x00, 0x7f, (byte) 0x80, (byte) 0xff};

    // Each string and the body is a 4-byte length and its bytes.
    private static final String WINDOW_AND_BODY_HEX = ""
        + "00000005" + "6672617564" // "fraud"
        + "00000002" + "7632" // "v2"
        + "0000019b76daa800" // window start
        + "00000004" + "007f80ff";
    // version 1, type 1, source "predictions-3"
    private static final String PARTIAL_WINDOW_HEX = "0101" + "0000000d" + "70726564696374696f6e732d33"
        + WINDOW_AND_BODY_HEX;
    // version 1, type 4, source "labels-0"
    private static final String QUALITY_DELTA_HEX = "0104" + "00000008" + "6c6162656c732d30"
        + WINDOW_AND_BODY_HEX;

    @Test
    void aPartialWindowKeepsItsBytes() {
        assertPinned(new BusMessage.PartialWindow("predictions-3", WINDOW, BODY), PARTIAL_WINDOW_HEX);
    }

    @Test
    void aQualityDeltaKeepsItsBytes() {
        assertPinned(new BusMessage.QualityDelta("labels-0", WINDOW, BODY), QUALITY_DELTA_HEX);
    }

    /** Encodes to exactly {@code hex}, and {@code hex} decodes to the same message, body bytes included. */
    private static void assertPinned(BusMessage message, String hex) {
        assertThat(HexFormat.of().formatHex(BusMessageSerde.encode(message))).isEqualTo(hex);
        assertThat(BusMessageSerde.decode(HexFormat.of().parseHex(hex)))
            .isInstanceOf(message.getClass())
            .usingRecursiveComparison().isEqualTo(message);
    }
}
