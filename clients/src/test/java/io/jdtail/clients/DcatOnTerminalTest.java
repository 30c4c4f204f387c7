package io.jdtail.clients;

import static io.jdtail.clients.SameBytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.render.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log line can hold terminal escape sequences (set the window title, move the cursor, ...). On a
 * terminal dcat and dgrep show them visibly, as {@code cat -v} and {@code less} do; piped or with
 * {@code --plain} the output stays byte-exact. The terminal decision is the command's {@link Terminal}.
 */
class DcatOnTerminalTest {

    /** A window-title sequence, a cursor move, a bell, a C1 CSI (U+009B), a tab and readable UTF-8. */
    static final byte[] HOSTILE = "title \u001b]0;owned\u0007 move \u001b[2J bell \u0007 csi \u009b31m tab\tend é ✓\n"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static byte[] run(ClientCommand command, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Commands.execute(command.redirect(o, e, null, new Terminal(terminal, false)), o, e, args);
        o.flush();
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toByteArray();
    }

    @Test
    void onATerminalControlCharactersOfLinesAreShownVisibly() throws Exception {
        Path file = Files.write(dir.resolve("hostile.log"), HOSTILE);
        String shown = new String(run(new DcatCommand(), true, file.toString()), StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
        assertThat(shown).endsWith("|hostile.log|title ^[]0;owned^G move ^[[2J bell ^G csi <U+009B>31m tab\tend é ✓\n");

        String grepped = new String(run(new DgrepCommand(), true, "--regex", "title", file.toString()), StandardCharsets.UTF_8);
        assertThat(grepped).endsWith("|hostile.log|title ^[]0;owned^G move ^[[2J bell ^G csi <U+009B>31m tab\tend é ✓\n");
    }

    /**
     * The real decision ({@link Terminal#detect}): dcat in its own JVM under {@code script}, which gives it a
     * pseudo-terminal, shows the escape sequences; the same dcat with its stdout to a pipe writes them raw.
     */
    @Test
    void aRealTerminalIsDetectedAndAPipeIsNot() throws Exception {
        Path file = Files.write(dir.resolve("hostile.log"), HOSTILE);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String dcat = String.join(" ", java, "-cp", System.getProperty("java.class.path"), "io.jdtail.clients.Main",
                "dcat", "--noColor", "--logLevel", "error", file.toString());
        byte[] onPty = output(new ProcessBuilder("script", "-qec", dcat + " </dev/null", "/dev/null"));
        assertThat(new String(onPty, StandardCharsets.UTF_8)).contains("|hostile.log|title ^[]0;owned^G move ^[[2J")
                .doesNotContain("\u001b");
        byte[] piped = output(new ProcessBuilder("sh", "-c", dcat + " </dev/null | cat"));
        assertThat(new String(piped, StandardCharsets.UTF_8)).endsWith("|hostile.log|" + new String(HOSTILE, StandardCharsets.UTF_8));
    }

    private static byte[] output(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the command ended").isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return out;
    }

    @Test
    void pipedOrPlainOutputStaysByteExact() throws Exception {
        Path file = Files.write(dir.resolve("hostile.log"), HOSTILE);
        assertSameBytes("dcat --plain on a terminal", run(new DcatCommand(), true, "--plain", file.toString()), HOSTILE);
        assertSameBytes("dcat --plain piped", run(new DcatCommand(), false, "--plain", file.toString()), HOSTILE);
        byte[] piped = run(new DcatCommand(), false, file.toString());
        String text = new String(piped, StandardCharsets.UTF_8);
        assertThat(text).endsWith("|hostile.log|" + new String(HOSTILE, StandardCharsets.UTF_8));
    }
}
