package io.driftwatch.bench.faults;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.OutcomeEventJsonCodec;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of predictions (JSON, event time = now) for a few models, with outcomes for most
 * of them a few seconds later, from an idempotent producer that buffers through a broker outage.
 * Every few windows one model's numeric feature shifts for a while, and another model's accuracy
 * drops, so alerts fire and resolve while the faults happen; one model runs a canary version whose
 * accuracy is 20 points lower, so a comparison decides to roll it back. Counts what the broker
 * acknowledged, per model version and window.
 */
final class SteadyStream implements AutoCloseable {

    private static final int MODELS = 4;

    private final String bootstrap;
    private final double eventsPerSecond;
    private final long windowMs;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong outcomes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<SentWindow, Long> perWindow = new ConcurrentHashMap<>();
    private final Thread thread;

    SteadyStream(String bootstrap, double eventsPerSecond, Duration window) {
        this.bootstrap = bootstrap;
        this.eventsPerSecond = eventsPerSecond;
        this.windowMs = window.toMillis();
        this.thread = new Thread(this::run, "fault-stream");
        thread.setDaemon(true);
        thread.start();
    }

    /** The model whose version 2 is a canary, 20 points less accurate than version 1: a roll-back to decide. */
    static final String CANARY_MODEL = "m3";

    /** The canary's version of {@link #CANARY_MODEL}; every other version is 1. */
    static final String CANARY_VERSION = "2";

    /** A model version's window, by its start. */
    record SentWindow(String model, String version, long startMs) {}

    /** Acknowledged predictions per model version and window. */
    Map<SentWindow, Long> sentPerWindow() {
        return Map.copyOf(perWindow);
    }

    long predictions() {
        return predictions.get();
    }

    long outcomes() {
        return outcomes.get();
    }

    long failedSends() {
        return failed.get();
    }

    /** Stops producing and waits until everything sent is acknowledged or failed. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofMinutes(5).toMillis());
    }

    private void run() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        // Buffer through a broker outage of a minute or more, as a producer in production should be set up.
        props.put("delivery.timeout.ms", "300000");
        props.put("max.block.ms", "300000");
        PredictionEventJsonCodec predictionJson = new PredictionEventJsonCodec();
        OutcomeEventJsonCodec outcomeJson = new OutcomeEventJsonCodec();
        Random rnd = new Random(11);
        Deque<OutcomeEvent> pending = new ArrayDeque<>();
        long id = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // Changes follow the stream's own minutes, so that every run starts with the baselines' windows unchanged:
            // m2's accuracy baseline comes from its first three windows with 100 labels each.
            long first = Math.floorDiv(System.currentTimeMillis(), windowMs);
            long tick = 100;
            double carry = 0;
            while (running.get()) {
                long now = System.currentTimeMillis();
                long window = Math.floorDiv(now, windowMs);
                carry += eventsPerSecond * tick / 1000.0;
                for (; carry >= 1; carry--, id++) {
                    String model = "m" + (id % MODELS);
                    long inCycle = (window - first) % 12;
                    boolean shifted = model.equals("m1") && inCycle >= 6 && inCycle < 9;
                    boolean worse = model.equals("m2") && inCycle >= 6 && inCycle < 10;
                    boolean canary = model.equals(CANARY_MODEL) && rnd.nextDouble() < 0.2;
                    String version = canary ? CANARY_VERSION : "1";
                    boolean truth = rnd.nextBoolean();
                    boolean right = rnd.nextDouble() < (worse ? 0.6 : canary ? 0.7 : 0.9);
                    boolean predicted = right == truth;
                    double score = Math.min(1, Math.max(0, (predicted ? 0.75 : 0.25) + rnd.nextGaussian() * 0.1));
                    PredictionEvent e = PredictionEvent.newBuilder()
                        .setPredictionId("f" + id).setModelId(model).setModelVersion(version)
                        .setDeploymentRole(model.equals(CANARY_MODEL) ? (canary ? "canary" : "primary") : null)
                        .setEventTime(Instant.ofEpochMilli(now))
                        .setFeatures(Map.of("x", rnd.nextGaussian() + (shifted ? 2 : 0), "y", rnd.nextBoolean() ? "a" : "b"))
                        .setPrediction(Prediction.newBuilder().setScore(score).build())
                        .setLatencyMs(5 + rnd.nextDouble() * 10)
                        .build();
                    SentWindow key = new SentWindow(model, version, window * windowMs);
                    producer.send(new ProducerRecord<>("predictions", e.getPredictionId(), predictionJson.encode(e)), (m, ex) -> {
                        if (ex == null) {
                            predictions.incrementAndGet();
                            perWindow.merge(key, 1L, Long::sum);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    if (rnd.nextDouble() < 0.7) {
                        pending.addLast(OutcomeEvent.newBuilder().setPredictionId(e.getPredictionId()).setModelId(model)
                            .setModelVersion(version).setEventTime(Instant.ofEpochMilli(now + 2000 + rnd.nextInt(2000)))
                            .setLabel(truth ? "1" : "0").build());
                    }
                }
                while (!pending.isEmpty() && pending.peekFirst().getEventTime().toEpochMilli() <= now) {
                    OutcomeEvent o = pending.pollFirst();
                    producer.send(new ProducerRecord<>("outcomes", o.getPredictionId(), outcomeJson.encode(o)), (m, ex) -> {
                        if (ex == null) {
                            outcomes.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                Thread.sleep(tick);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
