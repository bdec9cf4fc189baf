package io.driftwatch.cli;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code driftwatch topics}: topic management. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manages Driftwatch's topics.",
    subcommands = TopicsCommand.Create.class)
final class TopicsCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates every topic Driftwatch reads and writes; existing ones are left as they are.",
            "baselines is compacted, audit keeps records forever, the others for 7 to 90 days."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", description = "Replicas of each new topic (default: the broker's default).")
        Short replicationFactor;

        @Override
        public Integer call() throws Exception {
            DriftwatchConfig config = connection.load();
            try (Admin admin = Admin.create(ConnectionOptions.clientProperties(config, AdminClientConfig.configNames()))) {
                for (TopicProvisioner.Outcome o : new TopicProvisioner(admin)
                        .createAll(config.topics(), partitions, Optional.ofNullable(replicationFactor))) {
                    System.out.printf("%-16s %-8s %d partitions %s%n", o.topic(), o.created() ? "created" : "exists",
                        o.partitions(), o.configs());
                }
            }
            return 0;
        }
    }
}
