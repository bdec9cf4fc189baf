package io.driftwatch.app;

import io.driftwatch.profile.AgreedWindowLayout;
import io.driftwatch.profile.WindowLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of {@code window.size}, kept where every instance of the application reads the same: a topic of
 * one partition, {@code <application.id>-window-layout}, created like Kafka Streams' own internal topics and kept
 * forever (a record per change; a handful in a deployment's life).
 *
 * <p>Every task cuts windows by the {@link WindowLayout} read here before Kafka Streams starts, and each running
 * instance follows the log, so that an instance still running with the older size (in a rolling restart) adopts
 * a change before its change point comes. Each record is a whole layout; the agreed one is the first record, then
 * each later record that extends the agreed one by one change. Two instances that find the size changed at once
 * both append, each with its own change point; the first append in the log wins and the other is skipped by every
 * reader, its writer included, so all instances cut the same windows.
 *
 * <p>An instance that starts with another size while a change has not yet taken effect appends nothing: in a
 * rolling restart that is an instance still configured with the older size, which would otherwise change the size
 * back. It cuts the agreed windows and says so in its log, as does one whose append lost to another size.
 */
final class WindowLayoutLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindowLayoutLog.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> admin;
    private final Map<String, Object> clients;
    private final TopicPartition partition;
    // Reads the log for agree() and then follows it from where that read stopped; made by the first read.
    private KafkaConsumer<String, String> consumer;
    private Thread following;

    /**
     * @param admin   properties of an Admin client of the application
     * @param clients properties shared by the log's producer and consumer (bootstrap and security)
     * @param applicationId the application's id, which names the topic
     */
    WindowLayoutLog(Map<String, Object> admin, Map<String, Object> clients, String applicationId) {
        this.admin = admin;
        this.clients = clients;
        this.partition = new TopicPartition(topic(applicationId), 0);
    }

    private static String topic(String applicationId) {
        return applicationId + "-window-layout";
    }

    /**
     * The layout all instances cut windows by, with windows of {@code size} from now on: the one in the log if
     * its windows have that size, or if a change to another size has not yet taken effect at {@code nowMs}; else
     * the log's layout changed to {@code size} at wall-clock time {@code nowMs} (the first run's layout is
     * {@code size} for all time), appended and read back.
     */
    AgreedWindowLayout agree(Duration size, long nowMs) {
        createTopic();
        Optional<WindowLayout> agreed = agreed(read());
        WindowLayout result;
        if (agreed.isPresent() && agreed.get().currentSizeMs() == size.toMillis()) {
            result = agreed.get();
        } else if (agreed.isPresent() && agreed.get().lastChangeMs() > nowMs) {
            result = agreed.get();
            LOG.error("window.size is {} ms here, but the instances changed it to {} ms from {}, which has not come yet:"
                    + " this instance cuts those windows, and changes nothing; give it window.size={}ms, or restart it"
                    + " after {} to change the size again", size.toMillis(), result.currentSizeMs(),
                Instant.ofEpochMilli(result.lastChangeMs()), result.currentSizeMs(), Instant.ofEpochMilli(result.lastChangeMs()));
        } else {
            append(agreed.map(l -> l.changedTo(size.toMillis(), nowMs)).orElse(WindowLayout.of(size)));
            result = agreed(read()).orElseThrow(() -> new IllegalStateException(
                "The window layout written to " + partition.topic() + " cannot be read back"));
            if (agreed.isPresent()) {
                LOG.warn("window.size changed from {} ms to {} ms: windows keep {} ms until {}, and are {} ms from then"
                        + " on; the windows open now keep the bounds they were opened with", agreed.get().currentSizeMs(),
                    result.currentSizeMs(), agreed.get().currentSizeMs(), Instant.ofEpochMilli(result.lastChangeMs()),
                    result.currentSizeMs());
            }
            if (result.currentSizeMs() != size.toMillis()) {
                LOG.error("window.size is {} ms here but {} ms on another instance that changed it at the same time:"
                    + " this instance cuts windows of {} ms as the others do; give every instance the same window.size",
                    size.toMillis(), result.currentSizeMs(), result.currentSizeMs());
            }
        }
        return AgreedWindowLayout.of(result);
    }

    /**
     * Follows the log from where {@link #agree} read to, on a thread of its own until {@link #close}: each change
     * another instance appends is adopted by {@code layout}.
     */
    void follow(AgreedWindowLayout layout, Duration size) {
        KafkaConsumer<String, String> follower = consumer;
        following = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> r : follower.poll(Duration.ofSeconds(1))) {
                        WindowLayout next = parse(r);
                        if (next != null && layout.adopt(next)) {
                            LOG.warn("Another instance changed window.size to {} ms from {}: this instance, started with"
                                    + " window.size={}ms, cuts the same windows; give it the same size before its next"
                                    + " restart", next.currentSizeMs(), Instant.ofEpochMilli(next.lastChangeMs()),
                                size.toMillis());
                        }
                    }
                }
            } catch (WakeupException e) {
                // close() stops the thread this way.
            } catch (RuntimeException e) {
                LOG.error("Stopped following {}: a change of window.size by another instance is seen here only after"
                    + " a restart", partition.topic(), e);
            } finally {
                follower.close();
            }
        }, "driftwatch-window-layout");
        following.setDaemon(true);
        following.start();
    }

    @Override
    public void close() {
        if (following != null) {
            // The following thread closes the consumer it polls.
            consumer.wakeup();
            try {
                following.join(READ_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (consumer != null) {
            consumer.close();
        }
    }

    private void createTopic() {
        Map<String, String> settings = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        NewTopic topic = new NewTopic(partition.topic(), Optional.of(1), Optional.empty()).configs(settings);
        try (Admin client = Admin.create(admin)) {
            try {
                client.createTopics(List.of(topic)).all().get();
                LOG.info("Created {} for the history of window.size", partition.topic());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                warnOfOtherSettings(client, settings);
            }
        } catch (ExecutionException e) {
            String fix = e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException
                ? "allow the application to create, read and write topics prefixed with its application.id, as"
                    + " Kafka Streams' internal topics are"
                : "check that the brokers in bootstrap.servers answer";
            throw new IllegalStateException("Cannot create " + partition.topic() + ", where the instances agree on"
                + " window.size (" + e.getCause().getMessage() + "); " + fix, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + partition.topic(), e);
        }
    }

    /**
     * Says so when the topic, made by someone else (a script that creates every internal topic, say), may lose the
     * history: records deleted by retention, or compacted away. Each record has a key of its own, so compaction keeps
     * every distinct layout in order; retention would forget the older sizes, and windows still revised would be
     * given the newer size's end. Where the cluster does not let the application describe the topic, this is left
     * unchecked (said at DEBUG).
     */
    private void warnOfOtherSettings(Admin client, Map<String, String> wanted) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, partition.topic());
        try {
            org.apache.kafka.clients.admin.Config actual = client.describeConfigs(List.of(resource)).all().get().get(resource);
            Map<String, String> differ = new java.util.TreeMap<>();
            wanted.forEach((key, value) -> {
                org.apache.kafka.clients.admin.ConfigEntry entry = actual.get(key);
                if (entry != null && !value.equals(entry.value())) {
                    differ.put(key, entry.value());
                }
            });
            if (!differ.isEmpty()) {
                LOG.warn("{} has {}: it keeps the history of window.size, which must not expire; set {}",
                    partition.topic(), differ, wanted);
            }
        } catch (ExecutionException e) {
            LOG.debug("Cannot describe the settings of {}: {}", partition.topic(), e.getCause().getMessage());
        }
    }

    /** Every record of the log, in order, read from its beginning to its end. */
    private List<ConsumerRecord<String, String>> read() {
        if (consumer == null) {
            Map<String, Object> props = new java.util.HashMap<>(clients);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.assign(List.of(partition));
        }
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition, READ_TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cannot read " + partition.topic() + " to its end (" + end
                    + ") within " + READ_TIMEOUT.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /**
     * The agreed layout of a log's records: the first layout, then each that extends the agreed one by one change.
     * A record that is no layout is skipped, with a warning.
     */
    static Optional<WindowLayout> agreed(List<ConsumerRecord<String, String>> records) {
        AgreedWindowLayout agreed = null;
        for (ConsumerRecord<String, String> r : records) {
            WindowLayout layout = parse(r);
            if (layout != null && agreed == null) {
                agreed = AgreedWindowLayout.of(layout);
            } else if (layout != null) {
                agreed.adopt(layout);
            }
        }
        return Optional.ofNullable(agreed).map(AgreedWindowLayout::current);
    }

    private static WindowLayout parse(ConsumerRecord<String, String> r) {
        try {
            return r.value() == null ? null : WindowLayout.parse(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("{} offset {} is not a window layout and is skipped: {}", r.topic(), r.offset(), e.getMessage());
            return null;
        }
    }

    private void append(WindowLayout layout) {
        Map<String, Object> props = new java.util.HashMap<>(clients);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // Keyed by itself: compaction, on a topic someone made compacted, keeps every distinct layout in order.
            producer.send(new ProducerRecord<>(partition.topic(), 0, layout.encode(), layout.encode())).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot write the window layout to " + partition.topic() + ": "
                + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + partition.topic(), e);
        }
    }
}
