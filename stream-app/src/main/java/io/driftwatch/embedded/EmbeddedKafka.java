package io.driftwatch.embedded;

import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (one combined KRaft controller and broker) in this JVM, from the
 * broker jars on Maven Central: what {@code driftwatch demo} and the integration tests run against.
 * It is Kafka's own test kit, so the broker is the production broker, configured for one node
 * (replication factors and minimum ISR of 1).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a broker whose data lives under {@code baseDir} (a temporary directory if null). */
    public static EmbeddedKafka start(Path baseDir) {
        long started = System.nanoTime();
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
            if (baseDir != null) {
                nodes.setBaseDirectory(baseDir);
            }
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            LOG.info("Embedded Kafka broker ready at {} in {} ms", cluster.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /** Kafka's storage formatter prints its progress to standard output; a user of the demo needs none of it. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream stdout = System.out;
        synchronized (System.class) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }
}
