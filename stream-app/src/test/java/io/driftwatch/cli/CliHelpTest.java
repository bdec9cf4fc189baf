package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers --help, -h and 'driftwatch help ...' with its own usage and exit 0. */
class CliHelpTest {

    /** Every command path below the root, found by walking the command tree (a new command is covered by itself). */
    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        paths.add(List.of());
        walk(new CommandLine(new DriftwatchCli()), new ArrayList<>(), paths);
        assertThat(paths).as("the walk found the commands").hasSizeGreaterThan(10);
        return paths.stream();
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            List<String> here = new ArrayList<>(path);
            here.add(name);
            paths.add(List.copyOf(here));
            walk(sub, here, paths);
        });
    }

    @ParameterizedTest(name = "driftwatch {0} --help")
    @MethodSource("commandPaths")
    void longAndShortHelpExitZeroWithTheCommandsOwnUsage(List<String> path) {
        String usage = "Usage: " + String.join(" ", prefixed(path));
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s exit code; stderr: %s", args, run.err()).isZero();
            assertThat(run.out()).as("%s", args).startsWith(usage + " ");
            assertThat(run.err()).as("%s", args).isEmpty();
        }
    }

    @ParameterizedTest(name = "driftwatch help {0}")
    @MethodSource("commandPaths")
    void helpCommandShowsTheSameUsageAsHelpFlag(List<String> path) {
        List<String> viaHelp = new ArrayList<>(List.of("help"));
        viaHelp.addAll(path);
        List<String> viaFlag = new ArrayList<>(path);
        viaFlag.add("--help");
        CliRun help = CliRun.of(viaHelp.toArray(String[]::new));
        assertThat(help.exitCode()).as("%s: %s", viaHelp, help.err()).isZero();
        assertThat(help.out()).isEqualTo(CliRun.of(viaFlag.toArray(String[]::new)).out());
    }

    @org.junit.jupiter.api.Test
    void everyCommandsFirstDescriptionLineIsAWholeSentence() {
        // A command list shows only the first line of each description: it must not stop mid-sentence.
        List<String> cut = new ArrayList<>();
        collectCut(new CommandLine(new DriftwatchCli()), cut);
        assertThat(cut).isEmpty();
    }

    private static void collectCut(CommandLine command, List<String> cut) {
        command.getSubcommands().values().forEach(sub -> {
            String first = sub.getCommandSpec().usageMessage().description()[0];
            if (!first.endsWith(".") && !first.endsWith(".)")) {
                cut.add(sub.getCommandSpec().qualifiedName() + ": " + first);
            }
            collectCut(sub, cut);
        });
    }

    private static List<String> prefixed(List<String> path) {
        List<String> all = new ArrayList<>(List.of("driftwatch"));
        all.addAll(path);
        return all;
    }
}
