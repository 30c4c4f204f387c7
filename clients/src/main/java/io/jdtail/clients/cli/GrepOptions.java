package io.jdtail.clients.cli;

import picocli.CommandLine.Option;

/** Line selection shared by dgrep and dtail, with grep's meaning. */
public final class GrepOptions {

    @Option(names = {"--regex", "-regex", "--grep", "-grep"}, paramLabel = "RE", defaultValue = ".",
            description = "Keep lines matching this RE2 (Go syntax) pattern; '.' keeps every line (default).")
    String regex;

    @Option(names = {"--invert", "-invert"}, description = "Keep the lines that do NOT match.")
    boolean invert;

    @Option(names = {"--before", "-before"}, paramLabel = "N", defaultValue = "0",
            description = "Also show N lines before each match (grep -B).")
    int before;

    @Option(names = {"--after", "-after"}, paramLabel = "N", defaultValue = "0",
            description = "Also show N lines after each match (grep -A).")
    int after;

    @Option(names = {"--max", "-max"}, paramLabel = "N", defaultValue = "0",
            description = "Stop reading a file after N matches (grep -m); 0 = no limit.")
    int max;
}
