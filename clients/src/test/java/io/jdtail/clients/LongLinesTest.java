package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lines longer than {@code --maxLineLength} are split into pieces; serverless runs say so once per input at the end
 * (on stderr), a piece that does not start its line never matches {@code ^}, one that does not end it never matches
 * {@code $}, and a query counts the line once.
 */
class LongLinesTest {

    private static final String HOST = HostContext.localHostName();

    @TempDir
    Path dir;

    /** Line 2 is 20 bytes: with --maxLineLength 8 it is read in three pieces, "aaaaaaaa", "bbbbbbbb", "cccc". */
    private static final String CONTENT = "short\naaaaaaaabbbbbbbbcccc\nbottom\n";

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void dcatReproducesASplitLineAndSaysOnceThatItWasSplit() throws IOException {
        Path f = file("long.log", CONTENT);
        ReadClients.Result r = ReadClients.dcat(null, "--plain", "--maxLineLength", "8", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo(CONTENT);
        assertThat(r.err()).isEqualTo("CLIENT|" + HOST + "|WARN|1 line in " + f + " was longer than --maxLineLength"
                + " (8 bytes) and was split into 3 pieces; raise --maxLineLength to read it whole\n");
    }

    @Test
    void dgrepCountsTheSplitLinesOfEachFileAndSaysSoOncePerFile() throws IOException {
        Path one = file("one.log", CONTENT);
        Path two = file("two.log", "0123456789\nxx\n0123456789012345678\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--maxLineLength", "8", "--regex", "[a-z0-9]",
                one.toString(), two.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("short\naaaaaaaa\nbbbbbbbb\ncccc\nbottom\n01234567\n89\nxx\n01234567\n89012345\n678\n");
        assertThat(r.err()).isEqualTo(
                "CLIENT|" + HOST + "|WARN|1 line in " + one + " was longer than --maxLineLength (8 bytes) and was split"
                        + " into 3 pieces; raise --maxLineLength to read it whole\n"
                + "CLIENT|" + HOST + "|WARN|2 lines in " + two + " were longer than --maxLineLength (8 bytes) and were"
                        + " split into 5 pieces; raise --maxLineLength to read them whole\n");
    }

    /** Line 2's pieces: "aaaaaaaa" starts it, "cccc" ends it, "bbbbbbbb" does neither. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "^[abc];aaaaaaaa|bottom",
        "[abc]$;cccc",
        "^[abc]+$;''",
        "b;bbbbbbbb|bottom"})
    void aPieceMatchesCaretOnlyWhenItStartsItsLineAndDollarOnlyWhenItEndsIt(String regex, String shown) throws IOException {
        Path f = file("long.log", CONTENT);
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--maxLineLength", "8", "--regex", regex, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo(shown.isEmpty() ? "" : shown.replace('|', '\n') + "\n");
    }

    @Test
    void aQueryCountsASplitLineOnceAndSaysItWasSplit() throws IOException {
        Path f = file("long.log", CONTENT);
        ClientRun r = ClientRun.dmap(null).apply(new String[] {"--plain", "--maxLineLength", "8",
            "--query", "select count(*) logformat generickv", f.toString()});
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).map(String::strip).toList()).as(r.out()).containsExactly("3");
        assertThat(r.err()).isEqualTo("CLIENT|" + HOST + "|WARN|1 line in " + f + " was longer than --maxLineLength"
                + " (8 bytes) and was split into 3 pieces; raise --maxLineLength to read it whole\n");
    }

    @Test
    void dtailSaysWhenItEndsHowManyOfTheLinesItFollowedWereSplit() throws Exception {
        Path f = file("follow.log", "");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "30", "--maxLineLength", "8", f.toString());
        DtailFollowTest.syncWith(f, DtailFollowTest.marker(dtail));
        Files.writeString(f, "aaaaaaaabbbbbbbbcccc\nend\n", StandardOpenOption.APPEND);
        assertThat(dtail.out.awaitLine("end", DtailFollowTest.WAIT)).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(dtail.out.lines().stream().filter(l -> !l.equals("marker")).toList())
                .containsExactly("aaaaaaaa", "bbbbbbbb", "cccc", "end");
        assertThat(dtail.err.text()).isEqualTo("CLIENT|" + HOST + "|WARN|1 line in " + f + " was longer than"
                + " --maxLineLength (8 bytes) and was split into 3 pieces; raise --maxLineLength to read it whole\n");
    }
}
