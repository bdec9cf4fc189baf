package io.driftwatch.app;

import org.apache.kafka.common.TopicPartition;

/**
 * A partition that a reader of this instance has not got past for a while: a store's changelog being restored,
 * or an input partition of one of its tasks.
 *
 * @param partition the partition
 * @param what      what waits on it, as a log line says it ("the restore of store X from P", "the processing of P")
 * @param sinceMs   since when it has not advanced
 * @param ours      whether only Driftwatch writes it (a changelog or a repartition topic), so that a transaction
 *                  hanging on it may be aborted; a transaction on a topic others write is only reported
 */
record HeldPartition(TopicPartition partition, String what, long sinceMs, boolean ours) {}
