package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PredictionIdSerdeTest {

    @Property(tries = 500)
    void uuidsTake17BytesAndReadBackExactly(@ForAll long high, @ForAll long low) {
        String id = new UUID(high, low).toString();
        byte[] key = PredictionIdSerde.encode(id);
        assertThat(key).hasSize(17);
        assertThat(PredictionIdSerde.decode(key)).isEqualTo(id);
    }

    @Property(tries = 500)
    void anyOtherIdReadsBackExactly(@ForAll String id) {
        assertThat(PredictionIdSerde.decode(PredictionIdSerde.encode(id))).isEqualTo(id);
    }

    @Test
    void onlyCanonicalLowerCaseUuidsAreShortened() {
        String upper = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        assertThat(PredictionIdSerde.encode(upper)).hasSize(37);
        assertThat(PredictionIdSerde.decode(PredictionIdSerde.encode(upper))).isEqualTo(upper);
        String braces = "3f2504e0-4f89-11d3-9a0c-0305e82c330g";
        assertThat(PredictionIdSerde.decode(PredictionIdSerde.encode(braces))).isEqualTo(braces);
        assertThat(PredictionIdSerde.encode("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).hasSize(17);
        assertThat(PredictionIdSerde.encode("3f2504e0+4f89-11d3-9a0c-0305e82c3301")).hasSize(37);
    }
}
