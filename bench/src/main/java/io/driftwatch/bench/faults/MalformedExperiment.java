package io.driftwatch.bench.faults;

import io.driftwatch.bench.kafka.BrokerProcess;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Malformed records of every kind docs/producers.md names, mixed with valid events, sent to a
 * running monitor (mixed input with a registry). Each must come out on the dead-letter topic with the
 * documented reason, and the valid events must all be accepted.
 */
final class MalformedExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedExperiment.class);

    /** One kind of bad record: its name, the reason docs/producers.md gives, its share (0: twenty records), and how to make the i-th one. */
    record Kind(String name, String reason, int share, IntFunction<byte[]> make) {}

    record Row(String kind, String reason, int sent, int deadLettered, int withReason) {}

    record Result(List<Row> rows, int valid, double accepted) {}

    private final Path work;

    MalformedExperiment(Path work) {
        this.work = work;
    }

    Result run(int malformed) throws Exception {
        Path dir = work.resolve("malformed");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"))) {
            Map<String, String> s = new HashMap<>();
            s.put("bootstrap.servers", broker.bootstrapServers());
            s.put("application.id", "fault-malformed");
            s.put("input.format", "auto");
            s.put("schema.registry.url", "mock://fault-malformed");
            s.put("labels.enabled", "false");
            s.put("kafka.state.dir", dir.resolve("state").toString());
            MonitorProcess.createTopics(s, 2);
            List<Kind> kinds = kinds();
            int shares = kinds.stream().mapToInt(Kind::share).sum();
            MonitorProcess monitor = MonitorProcess.configure(dir.resolve("monitor"), s);
            try {
                monitor.start();
                if (!monitor.awaitReady(Duration.ofMinutes(3))) {
                    throw new IllegalStateException("The monitor did not become ready:\n" + monitor.logTail());
                }
                Map<String, Integer> sent = new LinkedHashMap<>();
                int valid = 0;
                PredictionEventJsonCodec json = new PredictionEventJsonCodec();
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                        "acks", "all", "max.request.size", "2097152", "linger.ms", "5"),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    int i = 0;
                    for (Kind k : kinds) {
                        int n = k.share() == 0 ? 20 : Math.max(1, malformed * k.share() / shares);
                        for (int j = 0; j < n; j++, i++) {
                            producer.send(new ProducerRecord<>("predictions", (k.name() + "#" + j).getBytes(StandardCharsets.UTF_8),
                                k.make().apply(i)));
                            if (i % 10 == 0) {
                                producer.send(new ProducerRecord<>("predictions", ("valid#" + valid).getBytes(StandardCharsets.UTF_8),
                                    json.encode(validEvent(valid++))));
                            }
                        }
                        sent.put(k.name(), n);
                    }
                    producer.flush();
                }
                int total = sent.values().stream().mapToInt(Integer::intValue).sum();
                List<ConsumerRecord<byte[], byte[]>> letters;
                try (TopicContents topic = new TopicContents(broker.bootstrapServers(), "dead-letter")) {
                    letters = topic.readUntil(rs -> rs.size() >= total, Duration.ofMinutes(5));
                    letters = topic.readUntilQuiet(Duration.ofSeconds(5));
                }
                Map<String, int[]> counts = new HashMap<>();
                Map<String, String> expected = new HashMap<>();
                kinds.forEach(k -> expected.put(k.name(), k.reason()));
                for (ConsumerRecord<byte[], byte[]> r : letters) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    String kind = key.substring(0, key.lastIndexOf('#'));
                    int[] c = counts.computeIfAbsent(kind, x -> new int[2]);
                    c[0]++;
                    if (expected.getOrDefault(kind, "").equals(DeadLetterHeaders.get(r.headers(), DeadLetterHeaders.REASON))) {
                        c[1]++;
                    }
                }
                List<Row> rows = new ArrayList<>();
                for (Kind k : kinds) {
                    int[] c = counts.getOrDefault(k.name(), new int[2]);
                    rows.add(new Row(k.name(), k.reason(), sent.get(k.name()), c[0], c[1]));
                }
                int validSent = valid;
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (monitor.acceptedEvents() < validSent && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                LOG.info("[faults] {} malformed records, {} dead letters", total, letters.size());
                return new Result(rows, validSent, monitor.acceptedEvents());
            } finally {
                monitor.close();
            }
        }
    }

    private static PredictionEvent validEvent(int i) {
        return PredictionEvent.newBuilder().setPredictionId("v" + i).setModelId("malformed-model").setModelVersion("1")
            .setEventTime(Instant.now()).setFeatures(Map.of("x", (double) (i % 7)))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).build();
    }

    /** The kinds of bad input, with the reasons docs/producers.md gives them (mixed input, with a registry). */
    static List<Kind> kinds() {
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        Random rnd = new Random(3);
        String valid = new String(json.encode(validEvent(0)), StandardCharsets.UTF_8);
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("empty", "EMPTY", 10, i -> new byte[0]));
        kinds.add(new Kind("tombstone", "NULL_VALUE", 10, i -> null));
        kinds.add(new Kind("random binary", "BAD_MAGIC_BYTE", 10, i -> {
            byte[] b = new byte[16 + i % 200];
            rnd.nextBytes(b);
            b[0] = (byte) (1 + (i % 100)); // never the magic byte 0 nor '{'
            return b;
        }));
        kinds.add(new Kind("white space", "BAD_MAGIC_BYTE", 5, i -> " \n\t ".getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("JSON array", "BAD_MAGIC_BYTE", 5, i -> ("[" + valid + "]").getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("broken JSON", "MALFORMED_JSON", 10, i -> valid.substring(0, 1 + i % (valid.length() - 2))
            .getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("JSON without model_id", "MISSING_FIELD", 10, i -> valid.replace("\"model_id\":\"malformed-model\",", "")
            .getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("JSON with a number as model_id", "WRONG_TYPE", 5,
            i -> valid.replace("\"model_id\":\"malformed-model\"", "\"model_id\":" + i).getBytes(StandardCharsets.UTF_8)));
        kinds.add(new Kind("blank prediction_id", "MISSING_ID", 5, i -> json.encode(PredictionEvent.newBuilder(validEvent(i))
            .setPredictionId(" ").build())));
        kinds.add(new Kind("negative latency", "NEGATIVE_LATENCY", 5, i -> json.encode(PredictionEvent.newBuilder(validEvent(i))
            .setLatencyMs(-1.0 - i).build())));
        kinds.add(new Kind("score above 1", "OUT_OF_RANGE", 5, i -> json.encode(PredictionEvent.newBuilder(validEvent(i))
            .setPrediction(Prediction.newBuilder().setScore(1.5).build()).build())));
        kinds.add(new Kind("event time in 2030", "EVENT_TIME_IN_FUTURE", 5, i -> json.encode(PredictionEvent.newBuilder(validEvent(i))
            .setEventTime(Instant.parse("2030-01-01T00:00:00Z")).build())));
        kinds.add(new Kind("1001 features", "TOO_MANY_FEATURES", 2, i -> {
            Map<String, Object> f = new HashMap<>();
            for (int j = 0; j <= 1000; j++) {
                f.put("f" + j, (double) j);
            }
            return json.encode(PredictionEvent.newBuilder(validEvent(i)).setFeatures(f).build());
        }));
        kinds.add(new Kind("wire format, unknown schema id", "UNKNOWN_SCHEMA_ID", 5,
            i -> new byte[] {0, 0x7f, 0, (byte) (i >> 8), (byte) i, 2, 4}));
        kinds.add(new Kind("wire format, truncated", "TRUNCATED", 5, i -> new byte[] {0, 0, (byte) (i % 128)}));
        kinds.add(new Kind("600 KB record", "TOO_LARGE", 0, i -> {
            byte[] b = new byte[600_000];
            java.util.Arrays.fill(b, (byte) 'x');
            b[0] = '{';
            return b;
        }));
        return kinds;
    }
}
