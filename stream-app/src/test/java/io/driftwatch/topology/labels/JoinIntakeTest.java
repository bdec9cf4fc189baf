package io.driftwatch.topology.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.ingest.Ingested;
import io.driftwatch.ingest.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class JoinIntakeTest {

    private final MockProcessorContext<String, JoinInput> context =
        new MockProcessorContext<>(new Properties(), new TaskId(1, 0), null);
    private final Counter rekeyed = Counter.builder("rekeyed").register(new SimpleMeterRegistry());

    private static JoinInput outcome(String predictionId) {
        return new JoinInput.OutcomeFacts(predictionId, "m", "1", 1_000L, "yes", null);
    }

    private static Record<byte[], Ingested<JoinInput>> record(String key, Ingested<JoinInput> value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("h", new byte[] {7});
        return new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, 42L, headers);
    }

    private JoinIntake<JoinInput> intake(Counter counter) {
        JoinIntake<JoinInput> intake = new JoinIntake<>(input -> input, counter);
        intake.init(context);
        return intake;
    }

    @Test
    void splitByKeyARecordKeyedByItsPredictionIdStaysAndAnyOtherMoves() {
        JoinIntake<JoinInput> intake = intake(rekeyed);
        intake.process(record("p-1", new Ingested.Accepted<>(outcome("p-1"))));
        intake.process(record("customer-9", new Ingested.Accepted<>(outcome("p-2"))));
        intake.process(record(null, new Ingested.Accepted<>(outcome("p-3"))));

        List<CapturedForward<? extends String, ? extends JoinInput>> forwarded = context.forwarded();
        assertThat(forwarded.stream().map(CapturedForward::childName).toList())
            .containsExactly(Optional.of(JoinIntake.LOCAL), Optional.of(JoinIntake.MOVED), Optional.of(JoinIntake.MOVED));
        assertThat(forwarded.stream().map(f -> (String) f.record().key()).toList()).containsExactly("p-1", "p-2", "p-3");
        assertThat(rekeyed.count()).isEqualTo(2.0);
        // The record keeps its timestamp and headers: the label-join topic carries both.
        Record<? extends String, ? extends JoinInput> moved = forwarded.get(1).record();
        assertThat(moved.timestamp()).isEqualTo(42L);
        assertThat(moved.headers().lastHeader("h").value()).containsExactly(7);
    }

    @Test
    void withoutASplitEveryRecordGoesToTheOnlyChildKeyedByItsPredictionId() {
        JoinIntake<JoinInput> intake = intake(null);
        intake.process(record("customer-9", new Ingested.Accepted<>(outcome("p-2"))));

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).childName()).isEmpty();
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("p-2");
    }

    @Test
    void aDeadLetterIsNotForwarded() {
        JoinIntake<JoinInput> intake = intake(rekeyed);
        intake.process(record("p-1", new Ingested.DeadLetter<>(new byte[] {1}, new Rejection("EMPTY", "empty", null))));

        assertThat(context.forwarded()).isEmpty();
        assertThat(rekeyed.count()).isZero();
    }
}
