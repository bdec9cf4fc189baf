package io.driftwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.Prediction;
import io.driftwatch.schemas.PredictionEvent;
import io.driftwatch.schemas.json.PredictionEventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A dead letter re-sent to the input topic with its headers (docs: "the dead letter can be re-sent once keyed") and
 * refused again carries the headers of its new rejection only, not the exception class, original size or stage of
 * the first.
 */
class DeadLetterResentHeadersTest {

    private static final Instant NOW = Instant.now();

    @Test
    void aDeadLetterRejectedAgainCarriesOnlyItsNewRejectionsHeaders() {
        DriftwatchConfig config = DriftwatchConfig.from(Map.of("input.format", "json"));
        PredictionEvent negativeLatency = PredictionEvent.newBuilder().setPredictionId("p1").setModelId("m")
            .setModelVersion("1").setEventTime(NOW).setFeatures(Map.of("x", 1.0))
            .setPrediction(Prediction.newBuilder().setScore(0.5).build()).setLatencyMs(-1.0).build();
        byte[] value = new PredictionEventJsonCodec().encode(negativeLatency);
        try (IngestRig rig = new IngestRig("dead-letter-resent", config, NOW)) {
            // Headers as an earlier rejection (a decoder failure of a cut record in another stage) left them.
            RecordHeaders earlier = new RecordHeaders();
            DeadLetterHeaders.put(earlier, DeadLetterHeaders.REASON, "PROCESSING_FAILURE");
            DeadLetterHeaders.put(earlier, DeadLetterHeaders.EXCEPTION_CLASS, "java.lang.IllegalStateException");
            DeadLetterHeaders.put(earlier, DeadLetterHeaders.STAGE, "merge-windows");
            DeadLetterHeaders.put(earlier, DeadLetterHeaders.ORIGINAL_SIZE, "999999");
            rig.predictions.pipeInput(new TestRecord<>("p1".getBytes(StandardCharsets.UTF_8), value, earlier, NOW));

            List<TestRecord<byte[], byte[]>> out = rig.deadLetters.readRecordsToList();
            assertThat(out).hasSize(1);
            var headers = out.get(0).headers();
            assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.REASON)).isEqualTo("NEGATIVE_LATENCY");
            assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.EXCEPTION_CLASS))
                .as("exception class of a validation rejection").isNull();
            assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.ORIGINAL_SIZE))
                .as("original size of a dead letter that holds the whole record").isNull();
            assertThat(DeadLetterHeaders.get(headers, DeadLetterHeaders.STAGE)).as("stage of an ingest rejection").isNull();
        }
    }
}
