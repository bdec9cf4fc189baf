package io.driftwatch.cli;

import picocli.CommandLine.Option;

/**
 * Only {@code -h, --help}: for commands whose {@code -v, --version} names the model version, where
 * picocli's standard help mixin would claim {@code --version} and lose {@code --help} with it.
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
