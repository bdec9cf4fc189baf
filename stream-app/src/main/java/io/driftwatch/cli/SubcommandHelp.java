package io.driftwatch.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code driftwatch help [COMMAND [SUBCOMMAND...]]}: the usage of any command at any depth. picocli's
 * own help command only looks one level down, so {@code help baseline create} showed {@code baseline}.
 */
@Command(name = "help", helpCommand = true,
    description = "Shows the help of a command or subcommand, e.g. 'driftwatch help baseline create'.")
final class SubcommandHelp implements CommandLine.IHelpCommandInitializable2, Runnable {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommands) to show the help of.")
    List<String> path = new ArrayList<>();

    private CommandLine self;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, java.io.PrintWriter out,
                     java.io.PrintWriter err) {
        this.self = helpCommandLine;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "'" + name + "' is not a command of '"
                    + String.join(" ", prefix(target)) + "'; its commands are " + target.getSubcommands().keySet());
            }
            target = next;
        }
        target.usage(self.getOut(), target.getColorScheme());
    }

    private static List<String> prefix(CommandLine c) {
        List<String> names = new ArrayList<>();
        for (CommandLine at = c; at != null; at = at.getParent()) {
            names.add(0, at.getCommandName());
        }
        return names;
    }
}
