package io.driftwatch.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates each input record. A record that cannot be accepted becomes a dead letter:
 * its original key and bytes, with headers naming the reason, the source topic, partition and
 * offset, and the exception class; it is counted per reason and the stream goes on.
 */
public final class IngestProcessor<T> implements Processor<byte[], byte[], byte[], Ingested<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final InputDecoder<T> decoder;
    private final MeterRegistry metrics;
    private final String eventType;
    private final Map<String, Counter> rejectedByReason = new HashMap<>();
    private ProcessorContext<byte[], Ingested<T>> context;
    private Counter accepted;

    public IngestProcessor(InputDecoder<T> decoder, String eventType, MeterRegistry metrics) {
        this.decoder = decoder;
        this.eventType = eventType;
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
        InputDecoder.Result<T> result;
        if (record.value() == null) {
            result = InputDecoder.Result.rejected(new Rejection("NULL_VALUE",
                "The record has no value (a tombstone); input events must have one.", null));
        } else {
            try {
                result = decoder.decode(topic, record.headers(), record.value());
            } catch (RuntimeException e) {
                // A decoder bug must not stop the stream either: the record goes to the dead letters.
                result = InputDecoder.Result.rejected(new Rejection("DECODER_FAILURE",
                    "Unexpected failure while decoding: " + e, e.getClass().getName()));
            }
        }
        if (result.rejection() == null) {
            accepted.increment();
            context.forward(record.withValue(new Ingested.Accepted<>(result.event())));
            return;
        }
        Rejection rejection = result.rejection();
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
        context.forward(dead);
    }
}
