package io.driftwatch.bench.load;

import io.driftwatch.generator.GeneratedEvent;
import io.driftwatch.generator.TrafficGenerator;
import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes generated traffic into the input topics before the monitor starts, so that the monitor's
 * consumption, not production, is what a throughput run measures. Values are Avro in the Schema
 * Registry wire format (the project's own serializer), keyed by prediction id; event times follow a
 * synthetic timeline at a nominal rate, and each outcome carries its due time (prediction time plus
 * label delay).
 */
public final class Preloader {

    /** What was written. */
    public record Loaded(long predictions, long outcomes, long predictionBytes, Duration took) {
        public double meanPredictionBytes() {
            return predictions == 0 ? 0 : (double) predictionBytes / predictions;
        }
    }

    private final String bootstrapServers;
    private final String registryUrl;

    public Preloader(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /**
     * Generates {@code count} predictions (and their outcomes when {@code withOutcomes}) starting at
     * {@code start}, {@code eventsPerSecond} apart in event time, and sends them.
     */
    public Loaded load(TrafficGenerator generator, long count, Instant start, double eventsPerSecond,
                       boolean withOutcomes, String predictionsTopic, String outcomesTopic) {
        Map<String, Object> registry = Map.of("schema.registry.url", registryUrl);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-preloader");
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long outcomes = 0;
        long began = System.nanoTime();
        double nanosApart = 1e9 / eventsPerSecond;
        try (AvroSerializer<PredictionEvent> predictionSerializer = new AvroSerializer<>();
             AvroSerializer<OutcomeEvent> outcomeSerializer = new AvroSerializer<>();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            predictionSerializer.configure(registry, false);
            outcomeSerializer.configure(registry, false);
            for (long i = 0; i < count; i++) {
                Instant at = start.plusNanos(Math.round(i * nanosApart));
                GeneratedEvent e = generator.next(at);
                PredictionEvent p = e.prediction();
                byte[] value = predictionSerializer.serialize(predictionsTopic, p);
                bytes.addAndGet(value.length);
                producer.send(new ProducerRecord<>(predictionsTopic, null, at.toEpochMilli(), p.getPredictionId(), value),
                    (m, ex) -> {
                        if (ex != null) {
                            failure.compareAndSet(null, ex);
                        }
                    });
                if (withOutcomes && e.outcome() != null) {
                    OutcomeEvent o = e.outcome();
                    producer.send(new ProducerRecord<>(outcomesTopic, null, o.getEventTime().toEpochMilli(),
                        o.getPredictionId(), outcomeSerializer.serialize(outcomesTopic, o)));
                    outcomes++;
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("The broker did not accept a preloaded event: " + failure.get(), failure.get());
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("The broker did not accept a preloaded event: " + failure.get(), failure.get());
        }
        return new Loaded(count, outcomes, bytes.get(), Duration.ofNanos(System.nanoTime() - began));
    }
}
