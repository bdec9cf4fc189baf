package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.topology.InputEndOffsets.Outage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The outages a partition's history remembers: each from the broker's last answer before it to its next one, settled
 * by the end offset once the broker has answered for an idle timeout after it (producers have flushed by then).
 */
class EndOffsetHistoryTest {

    private static final long IDLE = 3_000;

    @Test
    void aBrokerThatAnswersThroughoutHasNoOutage() {
        EndOffsetHistory h = new EndOffsetHistory(IDLE);
        h.answered(1_000, 5, 5);
        h.answered(2_000, 7, 7);
        assertThat(h.view()).hasValueSatisfying(v -> {
            assertThat(v.reachableSince()).isEqualTo(1_000);
            assertThat(v.outages()).isEmpty();
        });
    }

    @Test
    void anOutageRunsFromTheLastAnswerBeforeItToTheFirstAfter() {
        EndOffsetHistory h = new EndOffsetHistory(IDLE);
        h.answered(1_000, 5, 5);
        h.answered(2_000, 7, 7);
        h.failed();
        assertThat(h.view()).as("while it lasts").isEmpty();
        h.failed();
        h.answered(9_000, 9, 7);
        h.answered(10_000, 9, 9);
        assertThat(h.view()).hasValueSatisfying(v -> {
            assertThat(v.reachableSince()).isEqualTo(9_000);
            assertThat(v.outages()).as("not settled within the idle timeout").containsExactly(new Outage(2_000, 9_000, -1));
        });
        h.answered(12_000, 14, 12);
        h.answered(13_000, 15, 15);
        assertThat(h.view()).hasValueSatisfying(v ->
            assertThat(v.outages()).as("the end offset once reachable for the idle timeout").containsExactly(new Outage(2_000, 9_000, 14)));
    }

    @Test
    void anOutageAgainBeforeTheLastOneSettledExtendsIt() {
        EndOffsetHistory h = new EndOffsetHistory(IDLE);
        h.answered(1_000, 5, 5);
        h.failed();
        h.answered(5_000, 6, 6);
        h.failed(); // within the idle timeout: producers may not have flushed the first outage yet
        h.answered(9_000, 8, 8);
        h.answered(12_000, 9, 9);
        assertThat(h.view()).hasValueSatisfying(v -> assertThat(v.outages()).containsExactly(new Outage(1_000, 9_000, 9)));
        h.failed(); // settled: a new outage
        h.answered(20_000, 10, 10);
        assertThat(h.view()).hasValueSatisfying(v ->
            assertThat(v.outages()).containsExactly(new Outage(1_000, 9_000, 9), new Outage(12_000, 20_000, -1)));
    }

    @Test
    void failuresBeforeTheFirstAnswerAreNoOutage() {
        EndOffsetHistory h = new EndOffsetHistory(IDLE);
        h.failed();
        h.answered(3_000, 1, 1);
        assertThat(h.view()).hasValueSatisfying(v -> assertThat(v.outages()).isEmpty());
    }

    @Test
    void theLatestOutagesAreKept() {
        EndOffsetHistory h = new EndOffsetHistory(IDLE);
        h.answered(0, 0, 0);
        IntStream.rangeClosed(1, EndOffsetHistory.OUTAGES_KEPT + 3).forEach(i -> {
            h.failed();
            h.answered(i * 10_000L, i, i);
            h.answered(i * 10_000L + IDLE, i, i);
        });
        assertThat(h.view()).hasValueSatisfying(v -> {
            assertThat(v.outages()).hasSize(EndOffsetHistory.OUTAGES_KEPT);
            assertThat(v.outages().get(0)).isEqualTo(new Outage(33_000, 40_000, 4));
            int last = EndOffsetHistory.OUTAGES_KEPT + 3;
            assertThat(v.outages().get(EndOffsetHistory.OUTAGES_KEPT - 1))
                .isEqualTo(new Outage((last - 1) * 10_000L + IDLE, last * 10_000L, last));
        });
    }
}
