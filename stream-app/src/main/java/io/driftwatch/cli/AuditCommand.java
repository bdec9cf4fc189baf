package io.driftwatch.cli;

import io.driftwatch.app.ConfiguredTopicSerdes;
import io.driftwatch.audit.AuditChainVerifier;
import io.driftwatch.audit.VerificationReport;
import io.driftwatch.config.DriftwatchConfig;
import io.driftwatch.schemas.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

/** {@code driftwatch audit}: checks the tamper-evident audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Works with the audit trail.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand extends CommandGroup {

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks every model's hash chain in the audit topic; exits with 1 on a break.",
            "The sequence must have no gaps or reorderings, each hash is recomputed, each record must link",
            "to the one before. Prints OK with counts, or the first break."})
    static final class Verify implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--topic", description = "Audit topic (default: topic.audit from the configuration, else 'audit').")
        String topic;

        @Option(names = "--from-offset", paramLabel = "N",
            description = "Start at this offset of every partition instead of the beginning; needs --trusted-hash.")
        Long fromOffset;

        @Option(names = "--trusted-hash", paramLabel = "HEX",
            description = "Hash of the record just before --from-offset, which the first record read must link to.")
        String trustedHash;

        @Override
        public Integer call() {
            if ((fromOffset == null) != (trustedHash == null)) {
                throw new IllegalArgumentException("--from-offset and --trusted-hash go together: the first record read"
                    + " must link to a hash you trust.");
            }
            if (fromOffset != null && fromOffset < 0) {
                throw new IllegalArgumentException("--from-offset " + fromOffset + " must be 0 or more.");
            }
            if (trustedHash != null && !io.driftwatch.audit.AuditHasher.isHash(trustedHash)) {
                // Before Kafka is asked: a typo in the hash is the user's to fix, whether or not a broker answers.
                throw new IllegalArgumentException("--trusted-hash " + trustedHash + " is not a record hash; give the 64"
                    + " lowercase hex digits of the hash of the record before --from-offset, from an earlier verification.");
            }
            DriftwatchConfig config = connection.loadAndReach();
            String auditTopic = topic != null ? topic : config.topics().audit();
            Map<String, Object> props = connection.clientProperties(config, ConsumerConfig.configNames());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            Properties p = new Properties();
            p.putAll(props);
            try (ConfiguredTopicSerdes serdes = new ConfiguredTopicSerdes(config, Clock.systemUTC());
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                var deserializer = serdes.audit().deserializer();
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(auditTopic, connection.timeout()).forEach(pi -> partitions.add(new TopicPartition(auditTopic, pi.partition())));
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("Topic " + auditTopic + " does not exist; nothing"
                        + " has been audited yet, or give --topic (or topic.audit) the topic you use.");
                }
                consumer.assign(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<TopicPartition, AuditChainVerifier> verifiers = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    if (fromOffset == null) {
                        consumer.seekToBeginning(List.of(tp));
                        verifiers.put(tp, AuditChainVerifier.fromGenesis());
                    } else {
                        consumer.seek(tp, fromOffset);
                        verifiers.put(tp, AuditChainVerifier.builder().firstRecordLinksTo(trustedHash)
                            .trustFirstRecordOfUnanchoredModels(true).build());
                    }
                }
                long read = 0;
                long lastProgress = System.nanoTime();
                ReadToEnd reading = new ReadToEnd(consumer, end, connection.timeout(), "the topic " + auditTopic);
                while (!reading.done()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        AuditRecord record = deserializer.deserialize(auditTopic, r.value());
                        verifiers.get(new TopicPartition(r.topic(), r.partition())).accept(r.offset(), record);
                        read++;
                    }
                    if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                        System.err.printf("... %d records verified%n", read);
                        lastProgress = System.nanoTime();
                    }
                }
                boolean ok = true;
                for (TopicPartition tp : partitions) {
                    VerificationReport report = verifiers.get(tp).finish();
                    if (!report.ok() || report.recordsRead() > 0) {
                        System.out.println(tp + ": " + report.describe());
                    }
                    ok &= report.ok();
                }
                System.out.println(ok ? "OK: " + read + " audit records verified in " + partitions.size() + " partitions"
                    : "BROKEN: see the first break above");
                return ok ? 0 : 1;
            }
        }
    }
}
