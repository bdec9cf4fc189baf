package io.driftwatch.bench.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real single-node KRaft broker (combined controller and broker) in its own JVM, from the Kafka jars
 * on the benchmark's class path, on loopback. Formatted with {@code kafka.tools.StorageTool}, started
 * with {@code kafka.Kafka}, the way the crash-recovery integration test runs one.
 */
public final class BrokerProcess implements AutoCloseable {

    /** Heap of the broker JVM; Kafka's own start script uses 1 GB. */
    public static final String BROKER_HEAP = "-Xmx1g";

    private final Path dir;
    private final int port;
    private final Path properties;
    private ChildJvm process;

    private BrokerProcess(Path dir, int port, Path properties) {
        this.dir = dir;
        this.port = port;
        this.properties = properties;
    }

    /** Formats a fresh broker under {@code dir} and starts it; returns once it answers. */
    public static BrokerProcess start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            // A restarted broker is back in seconds rather than after the default 9 s session of its former self.
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=500",
            ""));
        BrokerProcess broker = new BrokerProcess(dir, port, props);
        try (ChildJvm format = ChildJvm.start(dir.resolve("format.log"), List.of("-Xmx256m"), "kafka.tools.StorageTool",
                "format", "-t", "driftwatch-bench-cluster-1", "-c", props.toString(), "--standalone")) {
            int exit = format.await(Duration.ofSeconds(90));
            if (exit != 0) {
                throw new IllegalStateException("Formatting the broker failed (" + exit + "):\n" + format.logTail());
            }
        }
        broker.process = ChildJvm.start(dir.resolve("broker.log"), List.of(BROKER_HEAP, "-XX:+UseG1GC"), "kafka.Kafka",
            props.toString());
        broker.awaitReady();
        return broker;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "request.timeout.ms", "2000",
                    "default.api.timeout.ms", "3000"))) {
                admin.describeCluster().nodes().get();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("Broker did not start:\n" + process.logTail(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** SIGKILL: the broker stops at once, nothing is flushed (the fault benchmark's broker crash). */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Starts the broker again on the same data and ports; returns once it answers. */
    public void restart() throws IOException, InterruptedException {
        process = ChildJvm.start(dir.resolve("broker.log"), List.of(BROKER_HEAP, "-XX:+UseG1GC"), "kafka.Kafka",
            properties.toString());
        awaitReady();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** CPU time the broker process has used so far. */
    public Duration cpuTime() {
        return process.cpuTime();
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
        }
    }
}
