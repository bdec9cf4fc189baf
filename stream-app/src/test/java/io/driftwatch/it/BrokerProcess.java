package io.driftwatch.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real single-node KRaft broker in its own JVM, from the Kafka jars on Maven Central, so a test
 * can kill it and start it again on the same data. Tuned as FACTS.md describes for fast restarts.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path properties;
    private ChildProcess process;

    private BrokerProcess(Path dir, int port, Path properties) {
        this.dir = dir;
        this.port = port;
        this.properties = properties;
    }

    static BrokerProcess format(Path dir) throws IOException, InterruptedException {
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
            "num.partitions=2",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=1",
            "group.initial.rebalance.delay.ms=0",
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=500",
            "auto.create.topics.enable=false",
            ""));
        BrokerProcess broker = new BrokerProcess(dir, port, props);
        try (ChildProcess format = ChildProcess.main(dir.resolve("format.log"), "kafka.tools.StorageTool",
                "format", "-t", "drift-crash-test-cluster1", "-c", props.toString(), "--standalone")) {
            int exit = format.await(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("Formatting the broker failed (" + exit + "):\n" + format.logTail());
            }
        }
        return broker;
    }

    void start() throws IOException, InterruptedException {
        process = ChildProcess.main(dir.resolve("broker.log"), "kafka.Kafka", properties.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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

    void kill() throws InterruptedException {
        process.kill();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
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
