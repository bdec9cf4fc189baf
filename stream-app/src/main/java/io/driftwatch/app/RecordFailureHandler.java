package io.driftwatch.app;

import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.serde.EventDecodingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when one record cannot be handled: no single record may stop processing. Kafka
 * Streams calls this for an exception thrown while a processor handles a record (the input record
 * goes to the dead letters as {@code PROCESSING_FAILURE}, with the processor's name and the
 * exception), and for a record too large to be written to an output topic (its first bytes go to
 * the dead letters as {@code OUTPUT_TOO_LARGE}). Either way the record is counted in
 * {@code driftwatch_events_rejected_total} and processing resumes; the dead letter is written in the
 * same transaction as the rest of the task's output. Any other failure to write fails the task as
 * Kafka Streams would.
 *
 * <p>A processor's exception is not always about its record: a processor that forwards a record
 * makes Kafka Streams write it, and a write that cannot reach the broker (a metadata timeout during
 * an outage, a send that failed earlier) surfaces as the processor's exception. Resuming then would
 * drop that output while the input offsets are committed: a partial window profile lost, a window
 * reported short. So a failure of Kafka itself ({@link #isKafkaFailure}) fails the task instead; its
 * transaction aborts, and the replacement thread starts again from the last commit. So does a
 * schema registry that cannot be reached ({@link #isRegistryFailure}): the record is read again.
 *
 * <p>Kafka Streams makes its own instances by reflection and configures them with the Streams
 * properties, where {@link #configure(Map)} finds the dead-letter topic, the metrics registry and
 * the event type of each input topic under {@link #DEAD_LETTER_TOPIC}, {@link #REGISTRY} and
 * {@link #TOPIC_TYPES}.
 */
public final class RecordFailureHandler implements ProcessingExceptionHandler, ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RecordFailureHandler.class);

    /** Streams property carrying the dead-letter topic's name. */
    public static final String DEAD_LETTER_TOPIC = "driftwatch.dead.letter.topic";
    /** Streams property carrying the {@link MeterRegistry} instance. */
    public static final String REGISTRY = "driftwatch.meter.registry";
    /** Streams property carrying a map from input topic to event type ({@code prediction}, {@code outcome}). */
    public static final String TOPIC_TYPES = "driftwatch.topic.types";

    static final int KEPT_BYTES = 16_384;

    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private String deadLetterTopic;
    private MeterRegistry registry;
    private Map<?, ?> topicTypes = Map.of();

    @Override
    public void configure(Map<String, ?> configs) {
        this.deadLetterTopic = Objects.requireNonNull((String) configs.get(DEAD_LETTER_TOPIC), DEAD_LETTER_TOPIC);
        this.registry = (MeterRegistry) configs.get(REGISTRY);
        if (configs.get(TOPIC_TYPES) instanceof Map<?, ?> types) {
            this.topicTypes = types;
        }
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        String where = context.processorNodeId();
        if (isRegistryFailure(exception)) {
            LOG.warn("Processor {} could not read {}-{}@{} because the schema registry failed, not the record ({}); the"
                + " task stops and starts again from its last commit, so that the record is read again once the registry"
                + " answers", where, context.topic(), context.partition(), context.offset(), exception.toString());
            return ProcessingExceptionHandler.Response.fail();
        }
        if (isKafkaFailure(exception)) {
            LOG.warn("Processor {} could not hand its output to Kafka while handling {}-{}@{} ({}); the task stops and"
                + " starts again from its last commit, so that no output is lost", where, context.topic(),
                context.partition(), context.offset(), exception.toString());
            return ProcessingExceptionHandler.Response.fail();
        }
        count("PROCESSING_FAILURE", context.topic());
        if (logged.add(where + '#' + exception.getClass().getName())) {
            LOG.error("Processor {} failed on {}-{}@{}; the record goes to {} (PROCESSING_FAILURE) and processing goes on."
                + " Further failures of this kind are counted in driftwatch_events_rejected_total without a stack trace.",
                where, context.topic(), context.partition(), context.offset(), deadLetterTopic, exception);
        } else {
            LOG.warn("Processor {} failed on {}-{}@{} ({}); dead-lettered", where, context.topic(), context.partition(),
                context.offset(), exception.toString());
        }
        if (context.sourceRawValue() == null && context.sourceRawKey() == null) {
            return ProcessingExceptionHandler.Response.resume(); // a punctuation: there is no record to keep
        }
        Headers headers = headers("PROCESSING_FAILURE", "Processor " + where + " failed: " + exception,
            exception.getClass().getName(), context, where);
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context.sourceRawKey(),
            context.sourceRawValue(), headers)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (!(exception instanceof RecordTooLargeException) || deadLetterTopic.equals(record.topic())) {
            return ProductionExceptionHandler.Response.fail();
        }
        if (record.topic().endsWith("-changelog")) {
            // A store whose change cannot be logged would restore to something else than it holds.
            LOG.error("A state store's changelog record for {} is too large to write ({}); the task stops, since state"
                + " must not be dropped. Raise kafka.producer.max.request.size and kafka.topic.max.message.bytes (the"
                + " changelog topic's max.message.bytes, for a topic that exists already), or lower profile.kll.k.",
                record.topic(), exception.getMessage());
            return ProductionExceptionHandler.Response.fail();
        }
        count("OUTPUT_TOO_LARGE", record.topic());
        LOG.error("A record for {} is too large to write ({}); its first {} bytes go to {} (OUTPUT_TOO_LARGE)",
            record.topic(), exception.getMessage(), KEPT_BYTES, deadLetterTopic);
        int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        Headers headers = headers("OUTPUT_TOO_LARGE", "A record for " + record.topic() + " of " + size
            + " bytes was larger than the producer's max.request.size: " + exception.getMessage(),
            exception.getClass().getName(), context, record.topic());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(size));
        return ProductionExceptionHandler.Response.resume(List.of(deadLetter(record.key(), record.value(), headers)));
    }

    /**
     * Whether {@code exception} (or one of its causes) is a failure of the Kafka client or of Kafka
     * Streams rather than of the record: a retriable client error (timeouts, lost connections,
     * leaders moving), an interrupt, a refused login or permission, or an exception Kafka Streams
     * raised itself. Driftwatch's processors throw none of these for a bad record.
     */
    static boolean isKafkaFailure(Throwable exception) {
        return anyCause(exception, t -> t instanceof RetriableException
            || t instanceof InterruptException
            || t instanceof AuthenticationException
            || t instanceof AuthorizationException
            || t instanceof StreamsException);
    }

    /**
     * Whether {@code exception} (or one of its causes) says the schema registry could not be reached
     * or refused the client: the record is probably fine, and a dead letter would lose it.
     */
    static boolean isRegistryFailure(Throwable exception) {
        return anyCause(exception, t -> t instanceof EventDecodingException e && !e.reason().isRecordFault());
    }

    /** Whether {@code exception} or one of its causes is {@code what}. */
    private static boolean anyCause(Throwable exception, java.util.function.Predicate<Throwable> what) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (what.test(t)) {
                return true;
            }
        }
        return false;
    }

    private Headers headers(String reason, String message, String exceptionClass, ErrorHandlerContext context, String stage) {
        Headers headers = new RecordHeaders();
        DeadLetterHeaders.add(headers, new io.driftwatch.ingest.Rejection(reason, message, exceptionClass),
            context.topic(), context.partition(), context.offset());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, stage);
        return headers;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value, Headers headers) {
        if (value != null && value.length > KEPT_BYTES) {
            DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(value.length));
        }
        return new ProducerRecord<>(deadLetterTopic, null, null, cut(key, 1_024), cut(value, KEPT_BYTES), headers);
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private void count(String reason, String topic) {
        if (registry == null) {
            return;
        }
        Object known = topic == null ? null : topicTypes.get(topic);
        String type = known == null ? "internal" : known.toString();
        counters.computeIfAbsent(reason + '#' + type, k -> Counter.builder("driftwatch_events_rejected")
                .description("Input events sent to the dead-letter topic, by reason")
                .tag("type", type)
                .tag("reason", reason)
                .register(registry))
            .increment();
    }
}
