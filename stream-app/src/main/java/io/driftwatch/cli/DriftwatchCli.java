package io.driftwatch.cli;

import io.driftwatch.app.DriftwatchApp;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code driftwatch} command. */
@Command(name = "driftwatch",
    mixinStandardHelpOptions = true,
    versionProvider = DriftwatchCli.Version.class,
    description = "Streaming monitor for machine-learning models in production, on Kafka Streams.",
    footer = {"", "Run 'driftwatch help COMMAND [SUBCOMMAND]' or add --help to any command for its options.",
        "Exit codes: 0 done, 1 failed while running (Kafka unreachable, audit chain broken, ...),",
        "2 wrong options, configuration or input file."},
    subcommands = {
        DemoCommand.class,
        RunCommand.class,
        GenerateCommand.class,
        BaselineCommand.class,
        AuditCommand.class,
        ComparisonCommand.class,
        TopicsCommand.class,
        RulesCommand.class,
        SubcommandHelp.class
    })
public final class DriftwatchCli extends CommandGroup {

    /** Inherited by every subcommand, so it may come anywhere on the command line. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
        description = "On failure, print the stack trace; show the Kafka clients' warnings.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), true, args));
    }

    /** Runs a command line and returns its exit code; problems a user can fix are printed without a stack trace. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), false, args);
    }

    /**
     * Runs a command line writing usage and errors to the given writers (tests read them). Only a
     * process of its own quiets the Kafka clients' logging: the level is the whole JVM's.
     */
    static int execute(PrintWriter out, PrintWriter err, boolean quietClientLogs, String... args) {
        CommandLine cli = new CommandLine(new DriftwatchCli());
        cli.setOut(out);
        cli.setErr(err);
        FailureReport failures = new FailureReport();
        cli.setParameterExceptionHandler(failures::usageError);
        cli.setExecutionExceptionHandler(failures::executionError);
        cli.setExecutionStrategy(parseResult -> {
            ParseResult leaf = parseResult;
            while (leaf.subcommand() != null) {
                leaf = leaf.subcommand();
            }
            if (quietClientLogs) {
                ClientLogging.quiet(FailureReport.verbose(parseResult), leaf.commandSpec().name());
            }
            return new CommandLine.RunLast().execute(parseResult);
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
