package io.driftwatch.cli;

import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.json.PlainJson;
import io.driftwatch.schemas.CategoricalFeatureProfile;
import io.driftwatch.schemas.NumericFeatureProfile;
import io.driftwatch.schemas.ReferenceProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code driftwatch baseline}: reference profiles. */
@Command(name = "baseline", mixinStandardHelpOptions = true, description = "Creates and shows baselines (reference profiles).",
    subcommands = {BaselineCreateCommand.class, BaselineCommand.Show.class})
final class BaselineCommand extends CommandGroup {

    /** Publishes a baseline to the compacted baselines topic, keyed model/version. */
    static void publish(DriftwatchConfig config, ConnectionOptions connection, ReferenceProfile profile) throws Exception {
        Properties p = new Properties();
        // The baseline of a wide model exceeds Kafka's default 1 MiB; the baselines topic Driftwatch creates takes 16 MiB.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(DriftwatchConfig.Formats.DEFAULT_MAX_REQUEST_SIZE));
        p.putAll(connection.clientProperties(config, ProducerConfig.configNames()));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
             KafkaProducer<String, ReferenceProfile> producer = new KafkaProducer<>(p, new StringSerializer(),
                 serdes.baselines().serializer())) {
            String key = profile.getModelId() + "/" + profile.getModelVersion();
            var meta = producer.send(new ProducerRecord<>(config.topics().baselines(), key, profile)).get();
            System.out.printf("Published baseline %s (%d rows, %d numeric and %d categorical features) to %s-%d@%d%n",
                key, profile.getRowCount(), profile.getNumericFeatures().size(), profile.getCategoricalFeatures().size(),
                meta.topic(), meta.partition(), meta.offset());
        }
    }

    // Not mixinStandardHelpOptions: -v, --version is the model version here.
    @Command(name = "show", description = "Prints the baseline of a model version from the baselines topic.")
    static final class Show implements Callable<Integer> {

        @Mixin
        HelpOption help;

        @Mixin
        ConnectionOptions connection;

        @Option(names = {"-m", "--model"}, required = true, description = "Model id.")
        String model;

        @Option(names = {"-v", "--version"}, required = true, description = "Model version.")
        String version;

        @Option(names = "--json", description = "Print the whole profile as JSON (sketches in base64).")
        boolean json;

        @Override
        public Integer call() {
            DriftwatchConfig config = connection.loadAndReach();
            String topic = config.topics().baselines();
            Properties p = new Properties();
            p.putAll(connection.clientProperties(config, ConsumerConfig.configNames()));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            ReferenceProfile found = null;
            try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
                 KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, connection.timeout()).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("Topic " + topic + " does not exist; create it with 'driftwatch topics"
                        + " create', or set topic.baselines to the topic you use.");
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                String key = model + "/" + version;
                ReadToEnd reading = new ReadToEnd(consumer, end, connection.timeout(), "the topic " + topic);
                while (!reading.done()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (key.equals(r.key())) {
                            found = r.value() == null ? null : serdes.baselines().deserializer().deserialize(topic, r.value());
                        }
                    }
                }
            }
            if (found == null) {
                throw new IllegalStateException("No baseline for " + model + "/" + version + " in topic " + topic
                    + "; create one with 'driftwatch baseline create', or let the first window become it"
                    + " (baseline.capture=first-window).");
            }
            System.out.println(json ? new PlainJson(PlainJson.Timestamps.ISO_8601).toString(found) : describe(found));
            return 0;
        }
    }

    static String describe(ReferenceProfile p) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Baseline %s/%s: %s, created %s, %d rows, KLL k=%d%n", p.getModelId(), p.getModelVersion(),
            p.getSource(), p.getCreatedAt(), p.getRowCount(), p.getKllK()));
        if (p.getDescription() != null) {
            out.append("  ").append(p.getDescription()).append('\n');
        }
        out.append(String.format("  prediction: %s%n", p.getPredictionKind()));
        for (Map.Entry<String, NumericFeatureProfile> e : new TreeMap<>(p.getNumericFeatures()).entrySet()) {
            NumericFeatureProfile f = e.getValue();
            out.append(String.format("  %-24s numeric      n=%-8d missing=%-6d mean=%-12.5g sd=%-12.5g min=%-12.5g max=%.5g%n",
                e.getKey(), f.getCount(), f.getMissing(), f.getMean(), f.getStdDev(), f.getMin(), f.getMax()));
        }
        for (Map.Entry<String, CategoricalFeatureProfile> e : new TreeMap<>(p.getCategoricalFeatures()).entrySet()) {
            CategoricalFeatureProfile f = e.getValue();
            out.append(String.format("  %-24s categorical  n=%-8d missing=%-6d categories=%d%s%n", e.getKey(), f.getCount(),
                f.getMissing(), f.getFrequencies().size(), f.getOtherCount() > 0 ? " (+" + f.getOtherCount() + " other)" : ""));
        }
        if (!p.getBaselineQuality().isEmpty()) {
            out.append("  quality");
            if (p.getBaselineQualityCount() != null) {
                out.append(" (on ").append(p.getBaselineQualityCount()).append(" labelled rows)");
            }
            out.append(": ").append(new TreeMap<>(p.getBaselineQuality())).append('\n');
        }
        return out.toString();
    }
}
