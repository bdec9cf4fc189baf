package io.driftwatch.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Leaves a hanging transaction in a partition of a stopped broker: a transactional batch of a producer id
 * no transaction coordinator has heard of, appended to the partition's active segment. A broker killed
 * without a clean shutdown recovers that segment when it starts, so it rebuilds the producer's state from
 * the batch and finds its transaction open, and nothing will ever end it: the partition's last stable offset
 * stays at the batch, as after the real race that leaves one (a produce request that outlives its
 * transaction's abort).
 */
final class HangingTransactionLog {

    private HangingTransactionLog() {}

    /** Appends the batch to the partition in {@code partitionDir}; returns the offset it opens the transaction at. */
    static long append(Path partitionDir, long producerId) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.list(partitionDir)) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                .max(Comparator.comparing(f -> f.getFileName().toString()))
                .orElseThrow(() -> new IllegalStateException("No segment in " + partitionDir));
        }
        long next = 0;
        int leaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
        try (FileRecords records = FileRecords.open(segment.toFile())) {
            for (FileChannelRecordBatch batch : records.batches()) {
                next = batch.nextOffset();
                leaderEpoch = batch.partitionLeaderEpoch();
            }
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(512), RecordBatch.CURRENT_MAGIC_VALUE,
            Compression.NONE, TimestampType.CREATE_TIME, next, RecordBatch.NO_TIMESTAMP, producerId, (short) 0, 0, true,
            leaderEpoch);
        builder.append(System.currentTimeMillis(), "never-committed".getBytes(StandardCharsets.UTF_8),
            "never-committed".getBytes(StandardCharsets.UTF_8));
        ByteBuffer batch = builder.build().buffer();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
        }
        return next;
    }
}
