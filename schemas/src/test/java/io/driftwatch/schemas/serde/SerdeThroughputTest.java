package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.TestEvents;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import io.driftwatch.schemas.registry.InMemorySchemaRegistry;
import io.driftwatch.schemas.validation.EventValidator;
import io.driftwatch.schemas.validation.ValidationLimits;
import java.time.Clock;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Single-thread throughput of the hot path, for a prediction with 20 features. Not a benchmark
 * suite (JMH lives in bench/); a quick check run on demand:
 * {@code ./mvnw -o -q -pl schemas test -Dtest=SerdeThroughputTest -Ddriftwatch.perf=true}.
 */
@EnabledIfSystemProperty(named = "driftwatch.perf", matches = "true")
class SerdeThroughputTest {

    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;

    @Test
    void measuresRecordsPerSecond() {
        PredictionEvent event = TestEvents.prediction();
        for (int i = 0; i < 16; i++) {
            event.getFeatures().put("f" + i, i % 3 == 0 ? "category-" + i : (Object) (i * 1.5));
        }
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroSerializer<PredictionEvent> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        InputEventDecoder<PredictionEvent> decoder = InputEventDecoder.predictions(registry);
        byte[] avro = serializer.serialize("predictions", event);
        PredictionEventJsonCodec json = new PredictionEventJsonCodec();
        byte[] jsonBytes = json.encode(event);
        EventValidator validator = new EventValidator(ValidationLimits.defaults(), Clock.systemUTC());
        long[] sink = new long[1];

        report("avro serialize", i -> sink[0] += serializer.serialize("predictions", event).length);
        report("avro decode", i -> sink[0] += decoder.decode(avro).event().getFeatures().size());
        report("json decode", i -> sink[0] += decoder.decode(jsonBytes).event().getFeatures().size());
        report("json encode", i -> sink[0] += json.encode(event).length);
        report("validate", i -> sink[0] += validator.validate(event).isValid() ? 1 : 0);
        System.out.printf("avro %d bytes, json %d bytes%n", avro.length, jsonBytes.length);
        assertThat(sink[0]).isPositive();
    }

    private static void report(String what, IntConsumer operation) {
        for (int i = 0; i < WARM_UP; i++) {
            operation.accept(i);
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            operation.accept(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-16s %,12.0f records/s%n", what, MEASURED / seconds);
    }
}
