package io.jdtail.clients.cli;

import picocli.CommandLine.Option;

/** {@code --help} and {@code --version}, worded the same in every client. */
public final class HelpOptions {

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"--version", "-version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;
}
