package io.driftwatch.cli;

import io.driftwatch.app.TopicProvisioner;
import io.driftwatch.config.DriftwatchConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch topics}: topic management. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manages Driftwatch's topics.",
    subcommands = TopicsCommand.Create.class)
final class TopicsCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates every topic Driftwatch reads and writes; existing ones are left as they are.",
            "baselines is compacted; alerts keep every transition for 90 days, then",
            "each alert's latest; audit keeps records forever; the others 7 to 90 days."})
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", description = "Replicas of each new topic (default: the broker's default).")
        Short replicationFactor;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                throw new ParameterException(spec.commandLine(), "--partitions " + partitions + " must be at least 1.");
            }
            if (replicationFactor != null && replicationFactor < 1) {
                throw new ParameterException(spec.commandLine(), "--replication-factor " + replicationFactor
                    + " must be at least 1.");
            }
            DriftwatchConfig config = connection.loadAndReach();
            try (Admin admin = Admin.create(connection.clientProperties(config, AdminClientConfig.configNames()))) {
                for (TopicProvisioner.Outcome o : new TopicProvisioner(admin)
                        .createAll(config.topics(), partitions, Optional.ofNullable(replicationFactor))) {
                    System.out.printf("%-16s %-8s %d partitions %s%n", o.topic(), o.created() ? "created" : "exists",
                        o.partitions(), o.configs());
                    o.differences().forEach((key, planned) -> System.err.printf("  warning: %s has %s=%s; Driftwatch"
                        + " would set %s (kafka-configs.sh --alter --entity-type topics --entity-name %s --add-config %s=%s)%n",
                        o.topic(), key, o.configs().get(key), planned, o.topic(), key, planned));
                }
            }
            return 0;
        }
    }
}
