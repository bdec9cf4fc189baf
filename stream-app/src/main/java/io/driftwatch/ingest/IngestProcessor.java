package io.driftwatch.ingest;

import io.driftwatch.schemas.serde.EventDecodingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates each input record, and checks its key against the layout's {@link KeyRule}. A
 * record that cannot be accepted becomes a dead letter:
 * its original key and bytes, with headers naming the reason, the source topic, partition and
 * offset, and the exception class; it is counted per reason and the stream goes on.
 *
 * <p>A record larger than {@code input.max.record.bytes} is not decoded: its dead letter
 * ({@code TOO_LARGE}) holds the first {@value #KEPT_VALUE_BYTES} bytes of its value and of its key at
 * most {@value #KEPT_KEY_BYTES}, none of its headers, and its original size in a header, so that
 * the dead-letter producer can never fail on the size of what it copies.
 *
 * <p>A decoder's {@link EventDecodingException} whose reason is not the record's fault (the schema
 * registry unreachable or refusing the client) is not a dead letter: it is thrown on, so that the
 * task fails and reads the record again once the registry answers.
 */
public final class IngestProcessor<T> implements Processor<byte[], byte[], byte[], Ingested<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final InputDecoder<T> decoder;
    private final MeterRegistry metrics;
    private final String eventType;
    private final int maxRecordBytes;
    private final KeyRule<T> keyRule;
    private final Map<String, Counter> rejectedByReason = new HashMap<>();
    private ProcessorContext<byte[], Ingested<T>> context;
    private Counter accepted;

    static final int KEPT_VALUE_BYTES = 16_384;
    static final int KEPT_KEY_BYTES = 1_024;

    public IngestProcessor(InputDecoder<T> decoder, KeyRule<T> keyRule, String eventType, MeterRegistry metrics,
                           int maxRecordBytes) {
        this.decoder = decoder;
        this.keyRule = keyRule;
        this.eventType = eventType;
        this.maxRecordBytes = maxRecordBytes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Ingested<T>> context) {
        this.context = context;
        this.accepted = Counter.builder("driftwatch_events_accepted")
            .description("Input events decoded and validated")
            .tag("type", eventType)
            .register(metrics);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        long size = sizeOf(record);
        if (size > maxRecordBytes) {
            reject(tooLarge(record), new Rejection("TOO_LARGE", "The record has " + size + " bytes (key, value and"
                + " headers), more than input.max.record.bytes=" + maxRecordBytes + "; this dead letter keeps the first "
                + KEPT_VALUE_BYTES + " bytes of its value and no headers.", null), topic, size);
            return;
        }
        InputDecoder.Result<T> result;
        if (record.value() == null) {
            result = InputDecoder.Result.rejected(new Rejection("NULL_VALUE",
                "The record has no value (a tombstone); input events must have one.", null));
        } else {
            try {
                result = decoder.decode(topic, record.headers(), record.value());
            } catch (EventDecodingException e) {
                if (!e.reason().isRecordFault()) {
                    // The registry failed, not the record: RecordFailureHandler fails the task, and the
                    // record is read again from the last commit instead of being lost to the dead letters.
                    throw e;
                }
                result = InputDecoder.Result.rejected(new Rejection(e.reason().name(), e.getMessage(), e.getClass().getName()));
            } catch (RuntimeException e) {
                // A decoder bug must not stop the stream either: the record goes to the dead letters.
                result = InputDecoder.Result.rejected(new Rejection("DECODER_FAILURE",
                    "Unexpected failure while decoding: " + e, e.getClass().getName()));
            }
        }
        if (result.rejection() == null) {
            Rejection refused = keyRule.check(record.key(), result.event());
            if (refused != null) {
                reject(record, refused, topic, -1);
                return;
            }
            accepted.increment();
            context.forward(record.withValue(new Ingested.Accepted<>(result.event())));
            return;
        }
        reject(record, result.rejection(), topic, -1);
    }

    private void reject(Record<byte[], byte[]> record, Rejection rejection, String topic, long originalSize) {
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        rejectedByReason.computeIfAbsent(rejection.reason(), reason -> Counter.builder("driftwatch_events_rejected")
                .description("Input events sent to the dead-letter topic, by reason")
                .tag("type", eventType)
                .tag("reason", reason)
                .register(metrics))
            .increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Dead letter from {}-{}@{}: {} ({})", topic, partition, offset, rejection.reason(), rejection.message());
        }
        Record<byte[], Ingested<T>> dead = record.withValue(new Ingested.DeadLetter<>(record.value(), rejection));
        DeadLetterHeaders.add(dead.headers(), rejection, topic, partition, offset);
        if (originalSize >= 0) {
            DeadLetterHeaders.put(dead.headers(), DeadLetterHeaders.ORIGINAL_SIZE, Long.toString(originalSize));
        }
        context.forward(dead);
    }

    /** What the producer counts against its request size: key, value and headers. */
    private static long sizeOf(Record<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static Record<byte[], byte[]> tooLarge(Record<byte[], byte[]> record) {
        byte[] key = record.key() == null || record.key().length <= KEPT_KEY_BYTES ? record.key()
            : Arrays.copyOf(record.key(), KEPT_KEY_BYTES);
        byte[] value = record.value() == null || record.value().length <= KEPT_VALUE_BYTES ? record.value()
            : Arrays.copyOf(record.value(), KEPT_VALUE_BYTES);
        return new Record<>(key, value, record.timestamp(), new RecordHeaders());
    }
}
