package io.jdtail.clients.cli;

import picocli.CommandLine.Option;

/** Output flags shared by every client. Long options take one dash or two, as DTail users type both. */
public final class OutputOptions {

    @Option(names = {"--plain", "-plain"}, description = "Print the data only, byte-exact: no query line, no decoration (on a terminal, control characters are otherwise shown as ^[ etc.).")
    boolean plain;

    @Option(names = {"--noColor", "-noColor"}, description = "No ANSI colours (also when NO_COLOR is set).")
    boolean noColor;

    @Option(names = {"--quiet", "-quiet"}, description = "Fewer client messages on stderr.")
    boolean quiet;
}
