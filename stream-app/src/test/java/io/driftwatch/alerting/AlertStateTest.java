package io.driftwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertStateTest {

    @Test
    void roundTripsThroughBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            AlertState state = new AlertState(
                    new AlertState.Counters(random.nextBoolean(), counter(random), counter(random)),
                    new AlertState.Counters(random.nextBoolean(), counter(random), counter(random)),
                    random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong() >> 20),
                    random.nextBoolean() ? Double.NaN : random.nextGaussian(),
                    random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong() >> 20),
                    random.nextBoolean());

            assertThat(AlertState.fromBytes(state.toBytes())).isEqualTo(state);
        }
    }

    @Test
    void isCompactAndVersioned() {
        AlertState typical = new AlertState(new AlertState.Counters(true, 7, 0), new AlertState.Counters(true, 6, 0),
                Instant.parse("2026-11-22T10:00:00Z"), 0.31, Instant.parse("2026-11-22T15:00:00Z"));

        byte[] bytes = typical.toBytes();

        assertThat(bytes).hasSize(30);
        assertThat(bytes[0]).isEqualTo(AlertState.FORMAT_VERSION);
        assertThat(AlertState.initial().toBytes()).hasSize(14);
    }

    @Test
    void refusesBytesItCannotRead() {
        byte[] good = AlertState.initial().toBytes();
        byte[] newer = good.clone();
        newer[0] = 3;

        assertThatThrownBy(() -> AlertState.fromBytes(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> AlertState.fromBytes(newer))
                .hasMessageContaining("format version 3; this Driftwatch reads 1 and 2");
        assertThatThrownBy(() -> AlertState.fromBytes(Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> AlertState.fromBytes(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("1 bytes after its end");
    }

    @Test
    void readsVersionOneStatesWrittenBeforeTheFiredFlag() {
        // Version 1 bytes of new AlertState((true,7,0), (true,6,0), 10:00Z, 0.31, 15:00Z), as written
        // by the previous release: the same layout with version byte 1 and no bit 4.
        AlertState typical = new AlertState(new AlertState.Counters(true, 7, 0), new AlertState.Counters(true, 6, 0),
                Instant.parse("2026-11-22T10:00:00Z"), 0.31, Instant.parse("2026-11-22T15:00:00Z"));
        byte[] version1 = typical.toBytes();
        version1[0] = 1;

        assertThat(AlertState.fromBytes(version1)).isEqualTo(typical);
        assertThat(AlertState.fromBytes(version1).firedAtLastWindow()).isFalse();

        byte[] version1WithBit4 = version1.clone();
        version1WithBit4[1] |= 16;
        assertThatThrownBy(() -> AlertState.fromBytes(version1WithBit4)).hasMessageContaining("unknown flags");
    }

    @Test
    void keepsInstantsToTheMillisecond() {
        AlertState state = new AlertState(new AlertState.Counters(true, 1, 0), new AlertState.Counters(false, 0, 0),
                Instant.parse("2026-11-22T10:00:00.123456789Z"), 1, null);

        assertThat(state.startsAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
        assertThat(AlertState.fromBytes(state.toBytes())).isEqualTo(state);
    }

    private static int counter(Random random) {
        return random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(300);
    }
}
