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
    private final PortForwarder fixedPort;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster, PortForwarder fixedPort, String bootstrapServers) {
        this.cluster = cluster;
        this.fixedPort = fixedPort;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats and starts a broker whose data lives under {@code baseDir} (a temporary directory if null). */
    public static EmbeddedKafka start(Path baseDir) {
        return start(baseDir, 0);
    }

    /**
     * Like {@link #start(Path)}, with clients served at {@code localhost:port} (0: a port of the test
     * kit's choosing), so that other tools, such as kcat, can be pointed at a known address. The kit
     * binds the broker's own port itself; the broker advertises the fixed one, which relays to it.
     */
    public static EmbeddedKafka start(Path baseDir, int port) {
        java.net.ServerSocket fixed = null;
        if (port > 0) {
            try {
                fixed = PortForwarder.bind(port);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot listen on port " + port + " for Kafka (" + e.getMessage()
                    + "); choose another port, or 0 for any free one.", e);
            }
        }
        try {
            return start(baseDir, fixed);
        } catch (RuntimeException e) {
            if (fixed != null) {
                try {
                    fixed.close();
                } catch (java.io.IOException ignored) {
                    // Failing anyway.
                }
            }
            throw e;
        }
    }

    private static EmbeddedKafka start(Path baseDir, java.net.ServerSocket fixed) {
        long started = System.nanoTime();
        try {
            TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
            if (baseDir != null) {
                nodes.setBaseDirectory(baseDir);
            }
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build());
            if (fixed != null) {
                builder.setConfigProp("advertised.listeners", "EXTERNAL://localhost:" + fixed.getLocalPort());
            }
            KafkaClusterTestKit cluster = builder
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
            PortForwarder forwarder = null;
            String bootstrap = cluster.bootstrapServers();
            if (fixed != null) {
                // Before the broker is waited for: its own clients (transaction markers) use the advertised port too.
                int bound = cluster.brokers().values().iterator().next()
                    .boundPort(org.apache.kafka.common.network.ListenerName.normalised("EXTERNAL"));
                forwarder = PortForwarder.start(fixed, bound);
                bootstrap = "localhost:" + fixed.getLocalPort();
            }
            cluster.waitForReadyBrokers();
            LOG.info("Embedded Kafka broker ready at {} in {} ms", bootstrap, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(cluster, forwarder, bootstrap);
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
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (fixedPort != null) {
            fixedPort.close();
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka did not shut down cleanly: {}", e.toString());
        }
    }
}
