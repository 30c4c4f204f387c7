package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import picocli.CommandLine.Option;

/** {@code --help} and {@code --version}, worded the same in every client. */
public final class HelpOptions {

    @Option(names = {"-h", "--help", "-help"}, order = HelpLayout.HELP + 1, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"--version", "-version"}, order = HelpLayout.HELP + 2, versionHelp = true, description = "Print the version and exit.")
    boolean version;
}
