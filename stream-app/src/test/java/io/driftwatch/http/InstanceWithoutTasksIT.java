package io.driftwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.comparison.ComparisonStores;
import io.driftwatch.embedded.EmbeddedKafka;
import io.driftwatch.topology.TopologyStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances and one partition for each of two sub-topologies, against a real broker: either one
 * instance runs both tasks and the other none (a hot standby, or any deployment with fewer partitions
 * than instances), or each runs one, and then neither has both the merge stage's and the comparison
 * stage's alert stores. An instance holds none of the state of a store it runs no task of, so its
 * local reads of it are empty, not "unavailable, retry", which Kafka Streams' "may have migrated" made
 * them for good: /api/models and /api/alerts answered 503 there, and the other instances listed it as
 * unreachable.
 */
class InstanceWithoutTasksIT {

    private static final TopologyStores STORES = TopologyStores.defaults();

    @TempDir
    Path dir;

    @Test
    void anInstanceReadsNothingOfAStoreItRunsNoTaskOfInsteadOfBeingUnavailable() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("bus", 1, (short) 1), new NewTopic("compared", 1, (short) 1)))
                    .all().get();
            }
            KafkaStreams first = instance(kafka, "127.0.0.1:18081", dir.resolve("state-1"));
            KafkaStreams second = instance(kafka, "127.0.0.1:18082", dir.resolve("state-2"));
            try {
                first.start();
                second.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!(running(first) && running(second) && activeTasks(first) + activeTasks(second) == 2)) {
                    assertThat(System.nanoTime()).as("both instances run and the two tasks are assigned").isLessThan(deadline);
                    Thread.sleep(100);
                }
                // Two tasks, two instances: whichever way they are spread, each instance lacks the task of at least
                // one of the stores it is asked about.
                for (KafkaStreams streams : List.of(first, second)) {
                    KafkaStreamsInstanceQueries queries = queries(streams, streams == first ? 18081 : 18082);
                    assertThat(queries.localLatestReports()).as("tasks here: %d", activeTasks(streams)).isEmpty();
                    assertThat(queries.localActiveAlerts()).isEmpty();
                    assertThat(queries.localComparisons()).isEmpty();
                }
            } finally {
                first.close(Duration.ofSeconds(10));
                second.close(Duration.ofSeconds(10));
            }
        }
    }

    /** The application's query stores in two sub-topologies, as in the monitor: the merge stage's and the comparison stage's. */
    private static KafkaStreams instance(EmbeddedKafka kafka, String server, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        ComparisonStores comparison = ComparisonStores.defaults();
        for (String store : List.of(STORES.latestReports(), STORES.activeAlerts(), comparison.activeAlerts(), comparison.latest())) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray()));
        }
        builder.stream("bus", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .process(Ignore::new, STORES.latestReports(), STORES.activeAlerts());
        builder.stream("compared", Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .process(Ignore::new, comparison.activeAlerts(), comparison.latest());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "instance-without-tasks-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        return new KafkaStreams(builder.build(), props);
    }

    private static KafkaStreamsInstanceQueries queries(KafkaStreams streams, int port) {
        return new KafkaStreamsInstanceQueries(streams, STORES, new HostInfo("127.0.0.1", port));
    }

    private static boolean running(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> ((ThreadMetadata) t).activeTasks().size()).sum();
    }

    private static final class Ignore implements Processor<String, byte[], Void, Void> {
        @Override
        public void process(Record<String, byte[]> record) {
        }
    }
}
