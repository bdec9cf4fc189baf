package io.driftwatch.cli;

import io.driftwatch.schemas.Alert;
import io.driftwatch.schemas.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's alert lines: follows the alerts topic (committed records only, as a Connect sink reads it) and prints
 * each transition with {@link DemoConsole#alert}, and keeps what is firing for the status line.
 */
final class DemoAlertWatcher implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final org.apache.kafka.common.serialization.Deserializer<Alert> deserializer;
    private final DemoConsole console;
    private final Instant trafficStart;
    private final Set<String> firing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // Where the watcher has read to, after each poll: the demo's last wait compares it with the topic's end.
    private final Map<TopicPartition, Long> positions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<TopicPartition> partitions = List.of();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    DemoAlertWatcher(String bootstrap, String topic, org.apache.kafka.common.serialization.Deserializer<Alert> deserializer,
                     DemoConsole console, Instant trafficStart) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.deserializer = deserializer;
        this.console = console;
        this.trafficStart = trafficStart;
        this.thread = new Thread(this::follow, "demo-alerts");
        this.thread.setDaemon(true);
    }

    void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.partitions = partitions;
        thread.start();
    }

    List<TopicPartition> partitions() {
        return partitions;
    }

    Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    long firing() {
        return firing.size();
    }

    private void follow() {
        while (running.get()) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    // Every transition the topic holds, a repeated one too: DemoStoryIT fails on a line printed twice.
                    Alert a = deserializer.deserialize(topic, r.value());
                    if (a.getStatus() == AlertStatus.FIRING) {
                        firing.add(a.getFingerprint());
                    } else {
                        firing.remove(a.getFingerprint());
                    }
                    console.alert(a, trafficStart);
                }
                for (TopicPartition tp : partitions) {
                    positions.put(tp, consumer.position(tp));
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5000);
        consumer.close(Duration.ofSeconds(2));
    }
}
