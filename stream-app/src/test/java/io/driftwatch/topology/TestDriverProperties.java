package io.driftwatch.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every topology rig gives {@link org.apache.kafka.streams.TopologyTestDriver}. */
final class TestDriverProperties {

    private TestDriverProperties() {
    }

    /**
     * An application id, a bootstrap address the driver never dials, and {@code max.task.idle.ms=-1}. The driver
     * hands its one task each piped record and each record the topology writes to its own topics, one at a time,
     * with every other partition empty and caught up, so Kafka Streams' wait for empty partitions ends at once
     * either way and the order records are processed in is the same. Waiting, the task formats a message on why for
     * every empty partition of every record: ComparisonTopologyTest took 80 s alone and 96 s in the suite with it,
     * 61 s and 82 s without.
     * A state directory of its own: test classes run two at a time in one JVM, and a driver closing cleans the task
     * directories of its application id under the state directory, which would be another running driver's under
     * Kafka Streams' shared default.
     */
    static Properties forApplication(String applicationId) {
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        streams.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        streams.put(StreamsConfig.STATE_DIR_CONFIG, freshStateDirectory().toString());
        return streams;
    }

    private static Path freshStateDirectory() {
        try {
            Path dir = Files.createTempDirectory("driftwatch-test-driver-");
            dir.toFile().deleteOnExit(); // the driver removes what it writes; the directory goes once empty
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
