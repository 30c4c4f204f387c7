package io.jdtail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The manual page, as man(1) shows it: formatted by the real groff (Debian's groff-base, which man-db needs). */
class ManPageTest {

    @Command(name = "probe", customSynopsis = "probe [OPTION]... --match RE [FILE]...", optionListHeading = "Probing:",
            description = {"Probes the lines of files.", ".dotfiles are probed too; a backslash \\d in RE is a digit.", "",
                "Example:", "  probe --match 'a\\.b' -depth 3 app.log", "Then it stops."},
            footer = "Exit status: 0 ok.")
    static final class Probe {
        @Option(names = {"--logDir", "-logDir"}, order = HelpLayout.SETUP + 1, paramLabel = "DIR", description = "Where the log goes.")
        String logDir;

        @Option(names = {"--match", "-match"}, order = HelpLayout.COMMAND + 1, paramLabel = "RE",
                description = "Probe only the lines matching this pattern.")
        String match;
    }

    @Test
    void manShowsTheHelpsTextAndSectionsWithEveryCharacterAsTyped() throws IOException, InterruptedException {
        String page = ManPage.troff(new CommandLine(new Probe()).getCommandSpec(), "jdtail 1.0");

        String shown = format(page);

        assertThat(shown).contains("  probe --match 'a\\.b' -depth 3 app.log\n");
        // groff fills and justifies paragraphs: the prose compared with its spaces collapsed
        assertThat(shown.replaceAll("\\s+", " ")).contains("probe - Probes the lines of files.")
                .contains("probe [OPTION]... --match RE [FILE]...")
                .contains(".dotfiles are probed too; a backslash \\d in RE is a digit.")
                .contains("Then it stops.")
                .contains("Probing:").contains("--match=RE").contains("Probe only the lines matching this pattern.")
                .contains("Configuration and log:").contains("--logDir=DIR")
                .contains("Every long option also takes one dash, as DTail's do: -logDir is --logDir.")
                .contains("Exit status: 0 ok.")
                .contains("jdtail 1.0");
        assertThat(shown.indexOf("Probing:")).isLessThan(shown.indexOf("Configuration and log:"));
        assertThat(shown).doesNotContain("warning");
    }

    /** The page as man(1) formats it for a terminal, plain text (no bold or underline). */
    private static String format(String page) throws IOException, InterruptedException {
        Process groff = new ProcessBuilder("groff", "-man", "-Tascii", "-ww", "-P", "-cbou").redirectErrorStream(true).start();
        groff.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        groff.getOutputStream().close();
        String shown = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(groff.waitFor(30, TimeUnit.SECONDS)).as("groff ended").isTrue();
        assertThat(groff.exitValue()).as(shown).isZero();
        return shown;
    }
}
