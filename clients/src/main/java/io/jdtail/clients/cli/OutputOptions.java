package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import picocli.CommandLine.Option;

/** Output flags shared by every client. Long options take one dash or two, as DTail users type both. */
public final class OutputOptions {

    /** When data lines get ANSI colours. */
    enum ColourChoice {
        /** Only on a terminal, and not with {@code NO_COLOR} or {@code Client.TermColorsEnable: false}. */
        AUTO,
        /** Also in a pipe or a file (as DTail always colours). */
        ALWAYS,
        NEVER
    }

    @Option(names = {"--plain", "-plain"}, order = HelpLayout.OUTPUT + 1, description = "Print the data only, byte-exact: no query line, no decoration (on a terminal, control characters are otherwise shown as ^[ etc.).")
    boolean plain;

    @Option(names = {"--color", "-color"}, order = HelpLayout.OUTPUT + 2, paramLabel = "WHEN", defaultValue = "auto",
            description = "ANSI colours: auto (on a terminal only, not with NO_COLOR or Client.TermColorsEnable false; default),"
                    + " always (also in a pipe, as DTail), never.")
    ColourChoice color;

    @Option(names = {"--noColor", "-noColor"}, order = HelpLayout.OUTPUT + 3, description = "No ANSI colours: the same as --color never.")
    boolean noColor;

    @Option(names = {"--quiet", "-quiet"}, order = HelpLayout.OUTPUT + 4, description = "Fewer client messages on stderr.")
    boolean quiet;

    ColourChoice colourChoice() {
        return noColor ? ColourChoice.NEVER : color;
    }
}
