package io.driftwatch.cli;

import io.driftwatch.alerting.RulesFileException;
import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftwatch} command. */
@Command(name = "driftwatch",
    mixinStandardHelpOptions = true,
    versionProvider = DriftwatchCli.Version.class,
    description = "Streaming monitor for machine-learning models in production, on Kafka Streams.",
    subcommands = {
        DemoCommand.class,
        RunCommand.class,
        GenerateCommand.class,
        BaselineCommand.class,
        AuditCommand.class,
        ComparisonCommand.class,
        TopicsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class DriftwatchCli extends CommandGroup {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; problems a user can fix are printed without a stack trace. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new DriftwatchCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof RulesFileException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println(commandLine.getColorScheme().errorText("driftwatch: " + e.getMessage()));
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The version of the running build, from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"driftwatch " + DriftwatchApp.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
