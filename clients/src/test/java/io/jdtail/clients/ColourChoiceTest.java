package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.render.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTail's {@code dtail --colorTable}, and {@code --color auto|always|never}: colours by default only on a terminal,
 * on request also in a pipe (as DTail always gives them), or never.
 */
class ColourChoiceTest {

    @TempDir
    Path dir;

    private static String run(ClientCommand command, Terminal terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Commands.execute(command.redirect(o, e, null, terminal), o, e, args);
        o.flush();
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The bytes of DTail's own expectation, integrationtests/dtailcolortable.expected (576 lines: every foreground on
     * every other background, with each attribute but Hidden and SlowBlink), by its SHA-256 and three of its lines.
     */
    @Test
    void colourTableIsDtailsByteForByteAlsoInAPipe() throws Exception {
        String table = run(new DtailCommand(), new Terminal(false, false), "--cfg", "none", "--colorTable");

        assertThat(table.lines()).hasSize(576);
        assertThat(table.lines().findFirst()).contains(
                "\u001b[30m\u001b[41m\u001b[1m Foreground:     Black  |  Background:       Red  |  Attribute:      Bold \u001b[0m\u001b[49m\u001b[39m");
        assertThat(table.lines().skip(72).findFirst()).contains(
                "\u001b[30m\u001b[41m\u001b[2m Foreground:     Black  |  Background:       Red  |  Attribute:       Dim \u001b[0m\u001b[49m\u001b[39m");
        assertThat(table).endsWith(
                "\u001b[39m\u001b[47m Foreground:   Default  |  Background:     White  |  Attribute:      None \u001b[49m\u001b[39m\n");
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(table.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("32e616eeb7e603f373c8625359b3d0c38c564b26cabadc3d047ee4d44001391f");
    }

    /**
     * DTail's {@code --wideColorTable} (internal/color/table.go, displaySampleParagraph): every entry of the colour
     * table above, then DTail's sample paragraph painted the same way on a line of its own, then an empty line. The
     * expectation is built from the narrow table (pinned to DTail's bytes above) by that rule, with the first entry
     * spelled out.
     */
    @Test
    void wideColourTableIsDtailsTableWithItsSampleParagraphUnderEveryEntry() throws Exception {
        String paragraph = "Mimecast is Making Email Safer for Business. We believe that securely operating a business in the cloud"
                + " requires new levels of IT preparedness, centered around cyber resilience. This is why we unify the delivery"
                + " and management of security, continuity and data protection for email via one, simple-to-use cloud platform."
                + " Thousands of organizations trust us to increase their cyber resilience preparedness, streamline compliance,"
                + " reduce IT complexity and keep their business running. We give employees fast and secure access to sensitive"
                + " business information, and ensure email keeps flowing in the event of an outage. Mimecast will remain committed"
                + " to protecting your IT assets through constant innovation and focus on your success.";
        String narrow = run(new DtailCommand(), new Terminal(false, false), "--cfg", "none", "--colorTable");
        StringBuilder expected = new StringBuilder();
        for (String entry : narrow.lines().toList()) {
            int text = entry.indexOf(" Foreground:");
            int end = entry.lastIndexOf(' ') + 1;
            expected.append(entry).append('\n')
                    .append(entry, 0, text).append(paragraph).append(entry.substring(end)).append("\n\n");
        }

        String wide = run(new DtailCommand(), new Terminal(false, false), "--cfg", "none", "--wideColorTable");

        assertThat(wide).startsWith("\u001b[30m\u001b[41m\u001b[1m Foreground:     Black  |  Background:       Red  |  Attribute:      Bold "
                + "\u001b[0m\u001b[49m\u001b[39m\n\u001b[30m\u001b[41m\u001b[1m" + paragraph + "\u001b[0m\u001b[49m\u001b[39m\n\n"
                + "\u001b[30m\u001b[42m\u001b[1m Foreground:     Black  |  Background:     Green  |");
        assertThat(wide.lines()).hasSize(3 * 576);
        assertThat(wide).isEqualTo(expected.toString());
    }

    @Test
    void colourAlwaysGivesInAPipeWhatAColourTerminalGets() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "INFO all is well\nERROR it broke\n");
        Terminal pipe = new Terminal(false, false);
        Terminal colourScreen = new Terminal(false, true, false);

        String always = run(new DcatCommand(), pipe, "--cfg", "none", "--color", "always", log.toString());

        assertThat(always).contains("\u001b[").isEqualTo(run(new DcatCommand(), colourScreen, "--cfg", "none", log.toString()));
        assertThat(run(new DcatCommand(), pipe, "--cfg", "none", log.toString())).doesNotContain("\u001b");
    }

    @Test
    void colourNeverGivesATerminalNoColours() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "INFO all is well\nERROR it broke\n");
        Terminal colourTerminal = new Terminal(true, true);

        String never = run(new DcatCommand(), colourTerminal, "--cfg", "none", "--color", "never", log.toString());

        assertThat(never).doesNotContain("\u001b")
                .isEqualTo(run(new DcatCommand(), new Terminal(true, false), "--cfg", "none", log.toString()));
        assertThat(run(new DcatCommand(), colourTerminal, "--cfg", "none", log.toString())).contains("\u001b[");
    }
}
