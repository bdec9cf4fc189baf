package io.driftwatch.generator;

import static io.driftwatch.generator.Generated.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.schemas.OutcomeEvent;
import io.driftwatch.schemas.PredictionEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TrafficProducerTest {

    /** Writes the record's id and marks the headers, to show both reach the producer. */
    static final class IdSerializer<T> implements Serializer<T> {
        private final java.util.function.Function<T, String> id;
        boolean closed;

        IdSerializer(java.util.function.Function<T, String> id) {
            this.id = id;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            return id.apply(data).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, T data) {
            headers.add("serialized-for", topic.getBytes(StandardCharsets.UTF_8));
            return serialize(topic, data);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    // A shadow prediction (the demo's fraud-detector has one) is sent right after the prediction it mirrors.
    private final IdSerializer<PredictionEvent> predictions = new IdSerializer<>(
        e -> ("shadow".equals(e.getDeploymentRole()) ? "shadow:" : "") + e.getPredictionId());
    private final IdSerializer<OutcomeEvent> outcomes = new IdSerializer<>(o -> "outcome:" + o.getPredictionId());

    @Test
    void sendsPredictionsAndOutcomesKeyedByPredictionIdAtEventTime() {
        MockProducer<String, byte[]> mock = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        TrafficGenerator generator = DemoSchedule.standard().generator(3, START);
        RunOptions options = RunOptions.builder().maxEvents(500).timeline(new Timeline.Synthetic(START, 100))
            .outcomeFlush(RunOptions.OutcomeFlush.SEND_NOW).build();
        RunSummary summary;
        try (TrafficProducer producer = new TrafficProducer(mock, predictions, outcomes, "preds", "outs")) {
            summary = producer.runner(generator, options).run(ProgressListener.none());
            assertThat(producer.acknowledged()).isEqualTo(mock.history().size());
        }
        Map<String, List<ProducerRecord<String, byte[]>>> byTopic = mock.history().stream()
            .collect(Collectors.groupingBy(ProducerRecord::topic));
        List<ProducerRecord<String, byte[]>> served = byTopic.get("preds").stream()
            .filter(r -> !new String(r.value(), StandardCharsets.UTF_8).startsWith("shadow:")).toList();
        List<ProducerRecord<String, byte[]>> shadows = byTopic.get("preds").stream()
            .filter(r -> new String(r.value(), StandardCharsets.UTF_8).startsWith("shadow:")).toList();
        assertThat(served).hasSize(500);
        assertThat(byTopic.get("outs")).hasSize((int) summary.outcomesSent()).isNotEmpty();
        assertThat(mock.history()).hasSize((int) (summary.predictionsSent() + summary.outcomesSent()) + shadows.size());
        for (int i = 0; i < 500; i++) {
            ProducerRecord<String, byte[]> r = served.get(i);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(r.key());
            assertThat(r.timestamp()).isEqualTo(START.plusMillis(10L * i).toEpochMilli());
            assertThat(new String(r.headers().lastHeader("serialized-for").value(), StandardCharsets.UTF_8)).isEqualTo("preds");
        }
        for (ProducerRecord<String, byte[]> r : shadows) {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("shadow:" + r.key());
        }
        for (ProducerRecord<String, byte[]> r : byTopic.get("outs")) {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("outcome:" + r.key());
        }
        assertThat(mock.closed()).isTrue();
        assertThat(predictions.closed).isTrue();
        assertThat(outcomes.closed).isTrue();
    }

    @Test
    void aFailedSendStopsTheNextSendWithTheCause() {
        MockProducer<String, byte[]> mock = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        TrafficProducer producer = new TrafficProducer(mock, predictions, outcomes, "preds", "outs");
        List<GeneratedEvent> events = Generated.events(DemoSchedule.standard().generator(4, START), 2, 10);
        producer.sendPrediction(events.get(0).prediction());
        mock.errorNext(new TimeoutException("Topic preds not present in metadata after 60000 ms."));
        assertThatThrownBy(() -> producer.sendPrediction(events.get(1).prediction()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Kafka did not accept an event")
            .hasMessageContaining("not present in metadata")
            .hasMessageContaining("topics 'preds' and 'outs' exist");
        assertThatThrownBy(producer::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void topicNamesAreRequired() {
        MockProducer<String, byte[]> mock = new MockProducer<>();
        assertThatThrownBy(() -> new TrafficProducer(mock, predictions, outcomes, " ", "outs"))
            .hasMessageContaining("predictions topic name must be set");
    }
}
