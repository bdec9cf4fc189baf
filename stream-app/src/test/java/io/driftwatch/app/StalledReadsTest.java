package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StalledReadsTest {

    private static final long STALL_MS = 60_000;
    private final TopicPartition bus = new TopicPartition("app-model-bus-repartition", 0);
    private final TopicPartition predictions = new TopicPartition("predictions", 0);
    private final StalledReads reads = new StalledReads(STALL_MS, "the processing of", topic -> topic.startsWith("app-"));

    @Test
    void aPositionAtAnOpenTransactionForTheStallTimeoutIsHeld() {
        assertThat(reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 45L), 0)).isEmpty();
        assertThat(reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 52L), 59_999)).as("not yet").isEmpty();

        assertThat(reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 60L), 60_000))
            .containsExactly(new HeldPartition(bus, "the processing of " + bus, 0, true));
    }

    @Test
    void aPositionThatMovesOrALogWithNothingOpenStartsTheWaitAgain() {
        reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 45L), 0);
        reads.update(Map.of(bus, 48L), Map.of(bus, 48L), Map.of(bus, 50L), 30_000);
        assertThat(reads.update(Map.of(bus, 48L), Map.of(bus, 48L), Map.of(bus, 55L), 60_000)).as("moved at 30 s").isEmpty();

        reads.update(Map.of(bus, 55L), Map.of(bus, 55L), Map.of(bus, 55L), 70_000);
        assertThat(reads.update(Map.of(bus, 55L), Map.of(bus, 55L), Map.of(bus, 56L), 100_000)).as("nothing open at 70 s")
            .isEmpty();
    }

    @Test
    void aPositionBelowTheLastStableOffsetIsBusyNotHeld() {
        reads.update(Map.of(bus, 10L), Map.of(bus, 40L), Map.of(bus, 45L), 0);

        assertThat(reads.update(Map.of(bus, 10L), Map.of(bus, 40L), Map.of(bus, 45L), 120_000)).isEmpty();
    }

    @Test
    void onlyTopicsUnderTheApplicationsPrefixAreItsOwn() {
        reads.update(Map.of(predictions, 7L), Map.of(predictions, 7L), Map.of(predictions, 9L), 0);

        assertThat(reads.update(Map.of(predictions, 7L), Map.of(predictions, 7L), Map.of(predictions, 9L), STALL_MS))
            .singleElement().satisfies(h -> assertThat(h.ours()).as("a topic its users write").isFalse());
    }

    @Test
    void aPartitionThatLeavesAndComesBackStartsItsWaitAgain() {
        reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 45L), 0);
        reads.update(Map.of(), Map.of(), Map.of(), 30_000);

        assertThat(reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 45L), 70_000))
            .as("back at 70 s, held only from then").isEmpty();
        assertThat(reads.update(Map.of(bus, 40L), Map.of(bus, 40L), Map.of(bus, 45L), 130_000)).hasSize(1);
    }
}
