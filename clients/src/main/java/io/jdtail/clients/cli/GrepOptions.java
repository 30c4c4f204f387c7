package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import picocli.CommandLine.Option;

/** Line selection shared by dgrep and dtail, with grep's meaning. */
public final class GrepOptions {

    @Option(names = {"--regex", "-regex", "--grep", "-grep"}, order = HelpLayout.COMMAND + 1, paramLabel = "RE", defaultValue = ".",
            description = "Keep lines matching this RE2 (Go syntax) pattern; '.' keeps every line (default).")
    String regex;

    @Option(names = {"--invert", "-invert"}, order = HelpLayout.COMMAND + 2, description = "Keep the lines that do NOT match.")
    boolean invert;

    @Option(names = {"--before", "-before"}, order = HelpLayout.COMMAND + 4, paramLabel = "N", defaultValue = "0",
            description = "Also show N lines before each match (grep -B).")
    int before;

    @Option(names = {"--after", "-after"}, order = HelpLayout.COMMAND + 5, paramLabel = "N", defaultValue = "0",
            description = "Also show N lines after each match (grep -A).")
    int after;

    @Option(names = {"--max", "-max"}, order = HelpLayout.COMMAND + 6, paramLabel = "N", defaultValue = "0",
            description = "Stop reading a file after N matches (grep -m); 0 = no limit.")
    int max;
}
