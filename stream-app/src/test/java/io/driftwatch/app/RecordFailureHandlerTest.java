package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.ingest.DeadLetterHeaders;
import io.driftwatch.schemas.serde.EventDecodingException;
import io.driftwatch.schemas.serde.InputFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * No single record stops processing: a processor that throws on one record, configured the way the
 * application configures Kafka Streams, sends that record to the dead letters and goes on; an output
 * record too large to write is replaced by a dead letter holding its start.
 */
class RecordFailureHandlerTest {

    @Test
    void aRecordThatFailsAProcessorIsDeadLetteredAndTheStreamGoesOn() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
        topology.addProcessor("fragile", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                if (new String(record.value(), StandardCharsets.UTF_8).equals("boom")) {
                    throw new IllegalStateException("cannot handle boom");
                }
                context.forward(record);
            }
        }, "in");
        topology.addSink("out", "output", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "fragile");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties props = handledAsTheApplicationHandlesThem(registry);
        props.put(RecordFailureHandler.TOPIC_TYPES, Map.of("input", "prediction"));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("output", new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> dead = driver.createOutputTopic("dead-letter", new StringDeserializer(), new StringDeserializer());
            in.pipeInput("k1", "ok");
            in.pipeInput("k2", "boom");
            in.pipeInput("k3", "still ok");

            assertThat(out.readValuesToList()).containsExactly("ok", "still ok");
            List<TestRecord<String, String>> letters = dead.readRecordsToList();
            assertThat(letters).hasSize(1);
            TestRecord<String, String> letter = letters.get(0);
            assertThat(letter.key()).isEqualTo("k2");
            assertThat(letter.value()).isEqualTo("boom");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_FAILURE");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("fragile");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE)).contains("cannot handle boom");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("input");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(registry.get("driftwatch_events_rejected").tag("reason", "PROCESSING_FAILURE")
                .tag("type", "prediction").counter().count()).isEqualTo(1.0);
        }
    }

    /**
     * A forward that cannot reach the broker throws from inside the processor that forwarded. Resuming
     * would commit the input offset without the output (the cause of a window reported short after a
     * broker outage), so the task must fail and start again from its last commit.
     */
    @Test
    void aKafkaFailureInsideAProcessorFailsTheTaskInsteadOfDroppingItsOutput() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
        topology.addProcessor("forwarding", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            @Override
            public void process(Record<byte[], byte[]> record) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                    "Topic model-bus-repartition not present in metadata after 60000 ms.");
            }
        }, "in");
        topology.addSink("out", "output", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "forwarding");
        Properties props = handledAsTheApplicationHandlesThem(new SimpleMeterRegistry());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> dead = driver.createOutputTopic("dead-letter", new StringDeserializer(), new StringDeserializer());

            assertThatThrownBy(() -> in.pipeInput("k1", "ok"))
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat(dead.isEmpty()).as("no dead letter for a record that did nothing wrong").isTrue();
        }
    }

    /**
     * While the schema registry cannot be reached, an Avro record cannot be decoded through no fault of
     * its own. Ingest must not dead-letter it: the task fails, and the record, read again from the last
     * commit once the registry answers, is accepted. A record that is itself bad still becomes a dead letter.
     */
    @Test
    void aRecordTheRegistryCannotResolveFailsTheTaskAndIsAcceptedOnceItAnswers() {
        java.util.concurrent.atomic.AtomicBoolean registryDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.driftwatch.ingest.InputDecoder<String> decoder = (topic, headers, value) -> {
            String text = new String(value, StandardCharsets.UTF_8);
            if (text.equals("truncated")) {
                throw new EventDecodingException(EventDecodingException.Reason.TRUNCATED, InputFormat.AVRO, "data ends early");
            }
            if (registryDown.get()) {
                throw new EventDecodingException(EventDecodingException.Reason.REGISTRY_UNAVAILABLE, InputFormat.AVRO,
                    "could not fetch schema id 7 from the Schema Registry: HTTP 503");
            }
            return io.driftwatch.ingest.InputDecoder.Result.accepted(text);
        };
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), "input");
        topology.addProcessor("ingest", () -> new io.driftwatch.ingest.IngestProcessor<>(decoder,
            io.driftwatch.ingest.KeyRule.anyKey(), "prediction", new SimpleMeterRegistry(), 1_000_000), "in");
        topology.addProcessor("route", () -> new Processor<byte[], io.driftwatch.ingest.Ingested<String>, byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
            }

            @Override
            public void process(Record<byte[], io.driftwatch.ingest.Ingested<String>> record) {
                if (record.value() instanceof io.driftwatch.ingest.Ingested.Accepted<String> a) {
                    context.forward(record.withValue(a.event().getBytes(StandardCharsets.UTF_8)), "out");
                } else if (record.value() instanceof io.driftwatch.ingest.Ingested.DeadLetter<String> d) {
                    context.forward(record.withValue(d.originalValue()), "dead");
                }
            }
        }, "ingest");
        topology.addSink("out", "output", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "route");
        topology.addSink("dead", "dead-letter", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "route");
        Properties props = handledAsTheApplicationHandlesThem(new SimpleMeterRegistry());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("output", new StringDeserializer(), new StringDeserializer());
            TestOutputTopic<String, String> dead = driver.createOutputTopic("dead-letter", new StringDeserializer(), new StringDeserializer());

            assertThatThrownBy(() -> in.pipeInput("k1", "event")).as("the task fails while the registry is down")
                .rootCause().isInstanceOf(EventDecodingException.class).hasMessageContaining("HTTP 503");
            assertThat(dead.isEmpty()).as("no dead letter for a record the registry could not resolve").isTrue();
            assertThat(out.isEmpty()).isTrue();

            registryDown.set(false);
            in.pipeInput("k1", "event"); // read again from the last commit
            in.pipeInput("k2", "truncated");
            assertThat(out.readValuesToList()).containsExactly("event");
            assertThat(dead.readValuesToList()).as("a record at fault is still a dead letter").containsExactly("truncated");
        }
    }

    @Test
    void registryFailuresAreToldApartFromRecordsItCannotRead() {
        assertThat(RecordFailureHandler.isRegistryFailure(new EventDecodingException(
            EventDecodingException.Reason.REGISTRY_UNAVAILABLE, InputFormat.AVRO, "503"))).isTrue();
        assertThat(RecordFailureHandler.isRegistryFailure(new IllegalStateException("wrapped", new EventDecodingException(
            EventDecodingException.Reason.REGISTRY_ERROR, InputFormat.AVRO, "401")))).isTrue();
        assertThat(RecordFailureHandler.isRegistryFailure(new EventDecodingException(
            EventDecodingException.Reason.UNKNOWN_SCHEMA_ID, InputFormat.AVRO, "schema id 9 is not known"))).isFalse();
        assertThat(RecordFailureHandler.isRegistryFailure(new IllegalStateException("cannot handle boom"))).isFalse();
    }

    /** Test-driver settings with processing failures handled by {@link RecordFailureHandler}, as the application's. */
    private static Properties handledAsTheApplicationHandlesThem(SimpleMeterRegistry registry) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failure-handler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class.getName());
        props.put(RecordFailureHandler.DEAD_LETTER_TOPIC, "dead-letter");
        props.put(RecordFailureHandler.REGISTRY, registry);
        return props;
    }

    @Test
    void kafkaFailuresAreToldApartFromFailuresOfTheRecord() {
        assertThat(RecordFailureHandler.isKafkaFailure(new org.apache.kafka.common.errors.TimeoutException("metadata"))).isTrue();
        assertThat(RecordFailureHandler.isKafkaFailure(new org.apache.kafka.common.errors.NetworkException("gone"))).isTrue();
        assertThat(RecordFailureHandler.isKafkaFailure(new org.apache.kafka.streams.errors.StreamsException(
            "Error encountered sending record", new org.apache.kafka.common.errors.TimeoutException("expired")))).isTrue();
        assertThat(RecordFailureHandler.isKafkaFailure(new IllegalStateException("wrapped",
            new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved")))).isTrue();
        assertThat(RecordFailureHandler.isKafkaFailure(new org.apache.kafka.common.errors.TopicAuthorizationException("no"))).isTrue();

        assertThat(RecordFailureHandler.isKafkaFailure(new IllegalStateException("cannot handle boom"))).isFalse();
        assertThat(RecordFailureHandler.isKafkaFailure(new org.apache.kafka.common.errors.SerializationException("bad bytes"))).isFalse();
        assertThat(RecordFailureHandler.isKafkaFailure(new ArithmeticException("/ by zero"))).isFalse();
    }

    @Test
    void anOutputRecordTooLargeToWriteBecomesADeadLetterOfItsStart() {
        RecordFailureHandler handler = new RecordFailureHandler();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        handler.configure(Map.of(RecordFailureHandler.DEAD_LETTER_TOPIC, "dead-letter", RecordFailureHandler.REGISTRY, registry));
        byte[] huge = new byte[2_000_000];
        ProducerRecord<byte[], byte[]> report = new ProducerRecord<>("window-reports", "m/1".getBytes(StandardCharsets.UTF_8), huge);

        ProductionExceptionHandler.Response response = handler.handleError(context(), report,
            new RecordTooLargeException("The message is 2000100 bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo("dead-letter");
        assertThat(letter.value()).hasSize(RecordFailureHandler.KEPT_BYTES);
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("OUTPUT_TOO_LARGE");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("window-reports");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo("2000000");

        // A store's change is never dropped: its restored state would differ from what the task holds.
        assertThat(handler.handleError(context(), new ProducerRecord<>("app-partial-windows-changelog", null, huge),
            new RecordTooLargeException("too large")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        // Anything else that fails a write, and a dead letter that cannot be written, still fail the task.
        assertThat(handler.handleError(context(), report, new org.apache.kafka.common.errors.AuthorizationException("no"))
            .result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(handler.handleError(context(), new ProducerRecord<>("dead-letter", null, huge),
            new RecordTooLargeException("too large")).result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "model-bus";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 42;
            }

            @Override
            public org.apache.kafka.common.header.Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "merge-windows";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(2, 0);
            }

            @Override
            public long timestamp() {
                return Instant.now().toEpochMilli();
            }

            @Override
            public byte[] sourceRawKey() {
                return null;
            }

            @Override
            public byte[] sourceRawValue() {
                return null;
            }
        };
    }
}
