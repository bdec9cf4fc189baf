package io.driftwatch.cli;

import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.audit.AuditPayloads;
import io.driftwatch.comparison.LatestComparisons;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.ComparisonReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code driftwatch comparison}: what the comparisons of live model versions say now, read from the comparisons topic. */
@Command(name = "comparison", mixinStandardHelpOptions = true,
    description = "Shows canary, shadow and A/B comparisons and their decisions.",
    subcommands = {ComparisonCommand.ListComparisons.class, ComparisonCommand.Show.class})
final class ComparisonCommand extends CommandGroup {

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "One line per comparison: its latest window's figures, verdicts and the decision.")
    static final class ListComparisons implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--model", description = "Only this model's comparisons.")
        String model;

        @Override
        public Integer call() {
            LatestComparisons latest = read(connection, connection.loadAndReach(), model);
            System.out.print(latest.table());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "The latest report of one comparison as JSON, with every figure, interval and the decision's reason.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "MODEL/CONTROL/CANDIDATE", description = "The comparison, as 'comparison list' names it.")
        String key;

        @Override
        public Integer call() {
            String[] parts = key.split("/", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("'" + key + "' is not MODEL/CONTROL/CANDIDATE, e.g. fraud-detector/1/2;"
                    + " 'driftwatch comparison list' names them");
            }
            ComparisonReport report = read(connection, connection.loadAndReach(), parts[0]).get(key);
            if (report == null) {
                System.err.println("No comparison " + key + " in the comparisons topic; 'driftwatch comparison list' shows those there are.");
                return 1;
            }
            System.out.println(AuditPayloads.canonicalJson(report));
            return 0;
        }
    }

    /** Reads the comparisons topic from the beginning to its current end. */
    static LatestComparisons read(ConnectionOptions connection, DriftwatchConfig config, String model) {
        String topic = config.topics().comparisons();
        Map<String, Object> props = connection.clientProperties(config, ConsumerConfig.configNames());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties p = new Properties();
        p.putAll(props);
        LatestComparisons latest = new LatestComparisons();
        try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var deserializer = serdes.comparisons().deserializer();
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, connection.timeout()).forEach(pi -> partitions.add(new TopicPartition(topic, pi.partition())));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist; 'driftwatch topics create' creates it.");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            ReadToEnd reading = new ReadToEnd(consumer, end, connection.timeout(), "the topic " + topic);
            while (!reading.done()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ComparisonReport report = deserializer.deserialize(topic, r.value());
                    if (model == null || model.equals(report.getModelId())) {
                        latest.add(report);
                    }
                }
            }
        }
        return latest;
    }
}
