package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PredictionIdCodecTest {

    @Property(tries = 500)
    void uuidsTake17BytesAndReadBackExactly(@ForAll long high, @ForAll long low) {
        String id = new UUID(high, low).toString();
        byte[] key = PredictionIdCodec.encode(id);
        assertThat(key).hasSize(17);
        assertThat(PredictionIdCodec.decode(key)).isEqualTo(id);
    }

    @Property(tries = 500)
    void anyOtherIdReadsBackExactly(@ForAll String id) {
        assertThat(PredictionIdCodec.decode(PredictionIdCodec.encode(id))).isEqualTo(id);
    }

    @Test
    void onlyCanonicalLowerCaseUuidsAreShortened() {
        String upper = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        assertThat(PredictionIdCodec.encode(upper)).hasSize(37);
        assertThat(PredictionIdCodec.decode(PredictionIdCodec.encode(upper))).isEqualTo(upper);
        String braces = "3f2504e0-4f89-11d3-9a0c-0305e82c330g";
        assertThat(PredictionIdCodec.decode(PredictionIdCodec.encode(braces))).isEqualTo(braces);
        assertThat(PredictionIdCodec.encode("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).hasSize(17);
        assertThat(PredictionIdCodec.encode("3f2504e0+4f89-11d3-9a0c-0305e82c3301")).hasSize(37);
    }

    /**
     * A canonical UUID with one character replaced by a near miss (another hex digit, an upper-case one, a dash
     * out of place, the neighbours of the digit ranges, a non-ASCII letter): shortened exactly when
     * {@link UUID#toString()} writes that string, and read back exactly either way.
     */
    @Property(tries = 2000)
    void aNearUuidIsShortenedExactlyWhenItIsCanonical(@ForAll long high, @ForAll long low,
                                                      @ForAll @IntRange(min = 0, max = 35) int at,
                                                      @ForAll("nearMisses") char replacement) {
        char[] chars = new UUID(high, low).toString().toCharArray();
        chars[at] = replacement;
        String id = new String(chars);
        boolean canonical;
        try {
            canonical = UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            canonical = false;
        }
        byte[] key = PredictionIdCodec.encode(id);
        assertThat(key.length == 17).as(id).isEqualTo(canonical);
        assertThat(PredictionIdCodec.decode(key)).isEqualTo(id);
    }

    @Provide
    Arbitrary<Character> nearMisses() {
        return Arbitraries.of('0', '7', '9', 'a', 'c', 'f', 'g', 'A', 'F', '-', '/', ':', '`', '@', 'é', '\uff21', '\u0660');
    }
}
