package io.driftwatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code demo --kafka-port N}: the embedded broker answers at localhost:N, transactions included. */
@ResourceLock(Resources.SYSTEM_OUT) // it or the broker it starts replaces System.out for a while
class EmbeddedKafkaFixedPortTest {

    @TempDir
    Path dir;

    @Test
    void clientsReachTheBrokerAtTheFixedPortAndCommittedTransactionsAreRead() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port)) {
            String bootstrap = "localhost:" + port;
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            }
            // A transactional producer: its commit markers are written through the advertised (fixed) port too.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "transactional.id", "fixed-port"), new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("t", "k" + i, "v" + i));
                }
                producer.commitTransaction();
            }
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                     "group.id", "fixed-port", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                     new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("t"));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (read.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        read.add(r.value());
                    }
                }
            }
            assertThat(read).hasSize(10).contains("v0", "v9");

            assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("other"), port))
                .hasMessageContaining("Cannot listen on port " + port);
        }
    }
}
