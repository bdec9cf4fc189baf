package io.driftwatch.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A real single-node Kafka (KRaft, in-process) and a real standalone Kafka Connect worker on it,
 * driven through the worker's REST API as an operator would. The worker loads plugins from
 * {@code plugin.path} only through ServiceLoader manifests ({@code plugin.discovery=service_load}).
 * Names no plugin class: the ITs run with the plugin off the classpath.
 */
final class EmbeddedConnectWorker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaClusterTestKit kafka;
    private final Connect<?> connect;
    private final URI rest;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ClassLoader testClassLoader;

    private EmbeddedConnectWorker(KafkaClusterTestKit kafka, Connect<?> connect, URI rest, ClassLoader loader) {
        this.kafka = kafka;
        this.connect = connect;
        this.rest = rest;
        this.testClassLoader = loader;
    }

    /**
     * @param pluginPath  the folder of built plugins (the plugin assembly)
     * @param workDir     where the worker keeps its offsets file
     * @param workerProps extra worker settings, e.g. config providers
     */
    static EmbeddedConnectWorker start(Path pluginPath, Path workDir, Map<String, String> workerProps)
            throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build();
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();

        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
        props.put("offset.flush.interval.ms", "500");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", pluginPath.toString());
        props.put("plugin.discovery", "service_load");
        props.put("task.shutdown.graceful.timeout.ms", "2000");
        props.putAll(workerProps);

        // startConnect swaps this thread's context class loader for the worker's; give it back after.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("The Connect worker tried to exit with " + code + ": " + message);
        });
        Connect<?> connect;
        try {
            connect = new ConnectStandalone().startConnect(props);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        } finally {
            Exit.resetExitProcedure();
            Thread.currentThread().setContextClassLoader(loader);
        }
        URI rest = connect.rest().advertisedUrl();
        return new EmbeddedConnectWorker(kafka, connect, rest, loader);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    void produce(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /**
     * Writes one record in a transaction and aborts it, as an exactly-once writer such as Driftwatch's stream app does
     * when it fails or is fenced before its commit: the record stays in the log, and only a {@code read_committed}
     * reader skips it.
     */
    void produceAborted(String topic, String key, String value) throws Exception {
        Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-aborted-" + System.nanoTime());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, key, value)).get();
            producer.abortTransaction();
        }
    }

    /** Reads {@code topic} from the beginning until {@code done} holds for what was read, or the timeout. */
    List<ConsumerRecord<String, String>> consume(String topic, Duration timeout,
                                                 Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> read = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** Whether the sink connector's consumer group has committed the end offset of every partition of {@code topic}. */
    boolean committedToEnd(String connector, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
                OffsetAndMetadata offset = committed.get(tp);
                if (offset == null ? end > 0 : offset.offset() < end) {
                    return false;
                }
            }
            return true;
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(rest.resolve(path)).GET().build(), 200);
    }

    JsonNode createConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("name", name, "config", config));
        return call(HttpRequest.newBuilder(rest.resolve("/connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), 201);
    }

    void restartConnectorAndTasks(String name) throws IOException, InterruptedException {
        call(HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/restart?includeTasks=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 202);
    }

    /** Polls the connector's status until it and all its tasks run; fails early when one failed. */
    void awaitRunning(String name, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode status = JSON.readTree(response.body());
                last = status.toString();
                if (last.contains("\"FAILED\"")) {
                    throw new AssertionError("Connector " + name + " failed: " + last);
                }
                boolean running = "RUNNING".equals(status.at("/connector/state").asText())
                        && status.get("tasks").size() > 0;
                for (JsonNode task : status.get("tasks")) {
                    running &= "RUNNING".equals(task.get("state").asText());
                }
                if (running) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Connector " + name + " not running after " + timeout + ": " + last);
    }

    private JsonNode call(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Stops it; called from the tests' @AfterAll. */
    void close() throws Exception {
        try {
            connect.stop();
            connect.awaitStop();
        } finally {
            Thread.currentThread().setContextClassLoader(testClassLoader);
            kafka.close();
        }
    }
}
