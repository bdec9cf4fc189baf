package io.driftwatch.generator;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated events to Kafka: predictions to one topic, outcomes to another, each keyed by
 * prediction id (so an outcome lands on the same partition number as its prediction when both topics
 * have as many partitions), with the record timestamp set to the event time, values written by the
 * given serializers. The only class of the generator that knows Kafka; pacing, outcome delays and
 * progress are the {@link TrafficRunner}'s, which {@link #runner} makes.
 *
 * <p>Sends are asynchronous. The first failure a broker reports is kept and thrown from the next
 * send or {@link #flush()}, so a run stops instead of losing events silently.
 */
public final class TrafficProducer implements EventSink, AutoCloseable {

    public static final String DEFAULT_PREDICTIONS_TOPIC = "predictions";
    public static final String DEFAULT_OUTCOMES_TOPIC = "outcomes";

    private final Producer<String, byte[]> producer;
    private final Serializer<PredictionEvent> predictionSerializer;
    private final Serializer<OutcomeEvent> outcomeSerializer;
    private final String predictionsTopic;
    private final String outcomesTopic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param producer             sends the serialized records (closed by {@link #close()})
     * @param predictionSerializer writes prediction values (closed by {@link #close()})
     * @param outcomeSerializer    writes outcome values (closed by {@link #close()})
     */
    public TrafficProducer(Producer<String, byte[]> producer, Serializer<PredictionEvent> predictionSerializer,
                           Serializer<OutcomeEvent> outcomeSerializer, String predictionsTopic, String outcomesTopic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.predictionSerializer = Objects.requireNonNull(predictionSerializer, "predictionSerializer");
        this.outcomeSerializer = Objects.requireNonNull(outcomeSerializer, "outcomeSerializer");
        this.predictionsTopic = requireTopic(predictionsTopic, "predictions");
        this.outcomesTopic = requireTopic(outcomesTopic, "outcomes");
    }

    /**
     * A producer on a {@link KafkaProducer} made from {@code config} (bootstrap.servers, security
     * settings...). Key and value serializers are set here; {@code linger.ms} defaults to 5 and
     * {@code client.id} to {@code driftwatch-generator}.
     */
    public static TrafficProducer create(Map<String, Object> config, Serializer<PredictionEvent> predictionSerializer,
                                         Serializer<OutcomeEvent> outcomeSerializer, String predictionsTopic,
                                         String outcomesTopic) {
        Map<String, Object> props = new HashMap<>(config);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "driftwatch-generator");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        return new TrafficProducer(producer, predictionSerializer, outcomeSerializer, predictionsTopic, outcomesTopic);
    }

    /** A runner that sends {@code generator}'s traffic through this producer on the real clock. */
    public TrafficRunner runner(TrafficGenerator generator, RunOptions options) {
        return new TrafficRunner(generator, this, options);
    }

    @Override
    public void sendPrediction(PredictionEvent prediction) {
        send(predictionsTopic, prediction.getPredictionId(), prediction.getEventTime().toEpochMilli(),
            headers -> predictionSerializer.serialize(predictionsTopic, headers, prediction));
    }

    @Override
    public void sendOutcome(OutcomeEvent outcome) {
        send(outcomesTopic, outcome.getPredictionId(), outcome.getEventTime().toEpochMilli(),
            headers -> outcomeSerializer.serialize(outcomesTopic, headers, outcome));
    }

    private void send(String topic, String key, long timestamp, java.util.function.Function<RecordHeaders, byte[]> value) {
        throwIfFailed();
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = value.apply(headers);
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, bytes, headers), (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, exception);
            }
        });
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka did not accept an event (" + e
                + "); check bootstrap.servers, that topics '" + predictionsTopic + "' and '" + outcomesTopic
                + "' exist, and the producer's security settings", e);
        }
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Records the broker has acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Flushes what is buffered (up to 30 s) and closes the producer and both serializers. */
    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(30));
        } finally {
            predictionSerializer.close();
            outcomeSerializer.close();
        }
    }

    private static String requireTopic(String topic, String what) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("the " + what + " topic name must be set (default '" + what + "')");
        }
        return topic;
    }
}
