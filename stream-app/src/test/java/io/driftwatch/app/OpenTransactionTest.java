package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.app.OpenTransaction.CoordinatorView;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OpenTransactionTest {

    private final TopicPartition changelog = new TopicPartition("app-source-watermarks-changelog", 0);
    private final TopicPartition other = new TopicPartition("app-merged-windows-changelog", 0);
    private final OpenTransaction open = new OpenTransaction(changelog, 42, 7, 3, 1_200, 1_000);

    @Test
    void aProducerNoTransactionalIdOwnsHangs() {
        assertThat(open.whyHanging(Optional.empty())).hasValueSatisfying(w -> assertThat(w).contains("producer id 42"));
    }

    @Test
    void aTransactionWhoseCoordinatorWillMarkThePartitionDoesNotHang() {
        CoordinatorView ongoing = new CoordinatorView("app-1", 42, "ONGOING", Set.of(changelog, other));
        CoordinatorView completing = new CoordinatorView("app-1", 42, "PREPARE_ABORT", Set.of(changelog));

        assertThat(open.whyHanging(Optional.of(ongoing))).isEmpty();
        assertThat(open.whyHanging(Optional.of(completing))).isEmpty();
    }

    @Test
    void aTransactionWhoseCoordinatorWillNotMarkThePartitionHangs() {
        CoordinatorView elsewhere = new CoordinatorView("app-1", 42, "ONGOING", Set.of(other));
        CoordinatorView idle = new CoordinatorView("app-1", 42, "EMPTY", Set.of());

        assertThat(open.whyHanging(Optional.of(elsewhere))).hasValueSatisfying(w -> assertThat(w).contains("app-1"));
        assertThat(open.whyHanging(Optional.of(idle))).hasValueSatisfying(w -> assertThat(w).contains("EMPTY"));
    }

    @Test
    void anIdThatMovedToAnotherProducerIdNoLongerEndsTheOldOnesTransaction() {
        CoordinatorView moved = new CoordinatorView("app-1", 43, "ONGOING", Set.of(changelog));

        assertThat(open.whyHanging(Optional.of(moved))).hasValueSatisfying(w -> assertThat(w).contains("producer id 43"));
    }

    @Test
    void theManualCommandNamesThePartitionAndTheOffsetItOpensAt() {
        assertThat(open.abortCommand("kafka:9092")).isEqualTo("kafka-transactions.sh --bootstrap-server kafka:9092 abort"
            + " --topic app-source-watermarks-changelog --partition 0 --start-offset 1200");
    }
}
