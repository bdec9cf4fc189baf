package io.driftwatch.app;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A transaction still open on a partition, as the partition's leader describes its producer (Kafka's
 * DescribeProducers), and what the transaction coordinator says of that producer.
 *
 * @param partition        where it is open
 * @param producerId       the producer that opened it
 * @param producerEpoch    that producer's epoch on this partition
 * @param coordinatorEpoch the coordinator epoch of the producer's last marker here, or -1 if none
 * @param startOffset      its first offset: the partition's last stable offset while it stays open
 * @param lastWriteMs      when that producer last wrote to the partition
 */
record OpenTransaction(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                       long startOffset, long lastWriteMs) {

    /**
     * The coordinator's view of the transactional id that owns a producer id.
     *
     * @param transactionalId the id
     * @param producerId      the producer id the coordinator has for it now
     * @param state           its transaction state (Ongoing, PrepareAbort, ..., Empty)
     * @param partitions      the partitions the coordinator will still write markers to for its current
     *                        transaction (all of them while Ongoing, those not yet marked while completing)
     */
    record CoordinatorView(String transactionalId, long producerId, String state, Set<TopicPartition> partitions) {}

    /**
     * Why this transaction hangs, or empty if its coordinator will still end it. The rule is Kafka's own
     * ({@code kafka-transactions.sh find-hanging}, KIP-664): a transaction hangs when no transactional id
     * owns its producer any more, or when the coordinator's current transaction for that id will write no
     * marker to this partition. It adds one case the tool leaves out: the id now belongs to another producer id,
     * whose markers would not end this producer's transaction.
     *
     * @param coordinator the coordinator's view of the transactional id that owned the producer, if any
     */
    Optional<String> whyHanging(Optional<CoordinatorView> coordinator) {
        if (coordinator.isEmpty()) {
            return Optional.of("no transactional id owns producer id " + producerId + " any more");
        }
        CoordinatorView c = coordinator.get();
        if (c.producerId() != producerId) {
            return Optional.of("transactional id " + c.transactionalId() + " now belongs to producer id " + c.producerId());
        }
        if (!c.partitions().contains(partition)) {
            return Optional.of("the coordinator of transactional id " + c.transactionalId() + " (state " + c.state()
                + ") will write no marker to " + partition);
        }
        return Optional.empty();
    }

    /** The command that aborts it by hand, for a cluster where Driftwatch may not. */
    String abortCommand(String bootstrapServers) {
        return "kafka-transactions.sh --bootstrap-server " + bootstrapServers + " abort --topic " + partition.topic()
            + " --partition " + partition.partition() + " --start-offset " + startOffset;
    }
}
