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
                    random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong() >> 20));

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
        newer[0] = 2;

        assertThatThrownBy(() -> AlertState.fromBytes(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> AlertState.fromBytes(newer))
                .hasMessageContaining("format version 2; this Driftwatch reads 1");
        assertThatThrownBy(() -> AlertState.fromBytes(Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> AlertState.fromBytes(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("1 bytes after its end");
    }

    @Test
    void keepsInstantsToTheMillisecond() {
        AlertState state = new AlertState(new AlertState.Counters(true, 1, 0), new AlertState.Counters(false, 0, 0),
                Instant.parse("2026-11-22T10:00:00.123456789Z"), 1, null);

        assertThat(state.startsAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.123Z"));
        assertThat(AlertState.fromBytes(state.toBytes())).isEqualTo(state);
    }

    @Test
    void idleMeansNothingToRemember() {
        assertThat(AlertState.initial().isIdle()).isTrue();
        assertThat(new AlertState(new AlertState.Counters(false, 0, 5), new AlertState.Counters(false, 0, 4), null, 0,
                Instant.EPOCH).isIdle()).isTrue();
        assertThat(new AlertState(new AlertState.Counters(false, 1, 0), AlertState.Counters.ZERO, null, 0,
                Instant.EPOCH).isIdle()).isFalse();
        assertThat(new AlertState(new AlertState.Counters(false, 0, 1), new AlertState.Counters(true, 0, 1), null, 0,
                Instant.EPOCH).isIdle()).isFalse();
    }

    private static int counter(Random random) {
        return random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(300);
    }
}
