package io.jdtail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The help layout: sections by order, paragraphs wrapped at spaces only, example lines as they are. */
class HelpLayoutTest {

    @Command(name = "probe", customSynopsis = "probe [OPTION]... [FILE]...", optionListHeading = "Probing:",
            description = {"Reads the files named in ~/.config/probe/probe.conf and Common.SSHPort of /etc/dtail/dtail.json.", "",
                "Example:", "  probe --depth 3 '/var/log/app/*.log'"},
            footer = "Exit status: 0 ok.")
    static final class Probe {
        @Option(names = {"--logDir", "-logDir"}, order = HelpLayout.SETUP + 1, paramLabel = "DIR", description = "Where the log goes.")
        String logDir;

        @Option(names = {"--quiet", "-quiet"}, order = HelpLayout.OUTPUT + 1, description = "Fewer messages.")
        boolean quiet;

        @Option(names = {"--depth", "-depth"}, order = HelpLayout.COMMAND + 2, paramLabel = "N", defaultValue = "2",
                description = "How deep to probe (default: ${DEFAULT-VALUE}).")
        int depth;

        @Option(names = {"--match", "-match", "--grep", "-grep"}, order = HelpLayout.COMMAND + 1, paramLabel = "RE",
                description = "Probe only the lines matching this pattern.")
        String match;

        @Parameters(paramLabel = "FILE", description = "Files or globs.")
        List<String> files = new ArrayList<>();
    }

    @Test
    void optionsAreListedBySectionInTheirOrderAndParagraphsWrapAtSpaces() {
        assertThat(HelpLayout.usage(new Probe(), 80)).isEqualTo("""
                Usage: probe [OPTION]... [FILE]...

                Reads the files named in ~/.config/probe/probe.conf and Common.SSHPort of
                /etc/dtail/dtail.json.

                Example:
                  probe --depth 3 '/var/log/app/*.log'

                Probing:
                  --match, --grep=RE      Probe only the lines matching this pattern.
                  --depth=N               How deep to probe (default: 2).

                Files:
                  FILE...                 Files or globs.

                Output:
                  --quiet                 Fewer messages.

                Configuration and log:
                  --logDir=DIR            Where the log goes.

                Every long option also takes one dash, as DTail's do: -logDir is --logDir.

                Exit status: 0 ok.
                """);
    }

    @Test
    void aWiderTerminalGetsLongerLines() {
        assertThat(HelpLayout.usage(new Probe(), 120)).contains(
                "\nReads the files named in ~/.config/probe/probe.conf and Common.SSHPort of /etc/dtail/dtail.json.\n");
    }

    @Test
    void wrapBreaksAtSpacesOnlyAndLeavesALongerWordWhole() {
        assertThat(HelpLayout.wrap("a  bb ccc /a/very/long/path/name dd", 8)).containsExactly("a bb ccc", "/a/very/long/path/name", "dd");
        assertThat(HelpLayout.wrap("  ", 8)).isEmpty();
    }

    @Test
    void aNarrowTerminalStillGetsEightyColumns() {
        assertThat(HelpLayout.usage(new Probe(), 40)).isEqualTo(HelpLayout.usage(new Probe(), 80));
    }
}
