package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a long dmap (a real SIGINT to the client's own JVM, on a pseudo-terminal, reading a named pipe that
 * does not end): the progress line is ended, the result merged so far is printed, a line on stderr says it is
 * partial, and the exit status is 130 (128 + SIGINT), as a shell expects.
 */
@Timeout(120)
class DmapInterruptedTest {

    static final String HOST = HostContext.localHostName();
    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s";
    static final String INTERRUPTED = "dmap: interrupted: the table holds only the lines read up to the last interval"
            + " (every 1 s), not the whole input";
    static final Pattern ROW = Pattern.compile("(?m)^\\s*" + Pattern.quote(HOST) + " \\|\\s+(\\d+)$");

    @TempDir
    Path dir;

    /** Writes lines into the pipe until its reader is gone (or a bound that the test never reaches). */
    private static Thread endlessWriter(Path fifo) {
        return Thread.ofPlatform().daemon().name("fifo-writer").start(() -> {
            byte[] lines = "a line that goes on and on\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int i = 0; i < 10_000_000 && System.nanoTime() < deadline; i++) {
                    out.write(lines);
                }
            } catch (IOException e) {
                // the reader is gone: the client ended
            }
        });
    }

    private Path fifo() throws Exception {
        Path fifo = dir.resolve("endless.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        return fifo;
    }

    /** The count of the last table row in {@code text}. */
    private static OptionalLong lastCount(String text) {
        Matcher m = ROW.matcher(text);
        OptionalLong last = OptionalLong.empty();
        while (m.find()) {
            last = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return last;
    }

    /** The output before the final table ends on a complete line, or with the progress line cleared. */
    private static void assertProgressLineEnded(String before) {
        String lastLine = before.substring(before.lastIndexOf('\n') + 1);
        assertThat(lastLine.isEmpty() || lastLine.endsWith("\r\u001b[2K")).as("the progress line is ended: %s", before)
                .isTrue();
    }

    @Test
    void ctrlCPrintsTheResultSoFarMarkedInterruptedAndExits130() throws Exception {
        Path fifo = fifo();
        endlessWriter(fifo);
        try (ForkedClient dmap = ForkedClient.onTerminal(dir, "dmap", "--noColor", "--query", QUERY, fifo.toString())) {
            // an interim table with lines counted: the client has read and merged some
            assertThat(dmap.out.await(l -> lastCount(String.join("\n", l)).orElse(0) > 0, Duration.ofSeconds(60)))
                    .as(dmap.text()).isTrue();
            long shownBefore = lastCount(dmap.text()).orElseThrow();
            dmap.signal("INT");
            int status = dmap.awaitExit(Duration.ofSeconds(30));
            String text = dmap.text();
            assertThat(status).as(text).isEqualTo(130);
            int interruptedAt = text.indexOf("\n" + INTERRUPTED + "\n");
            assertThat(interruptedAt).as(text).isPositive();
            // the final table, right before the message: not an interim one, and after the progress line was cleared
            int finalTable = text.lastIndexOf(QUERY + "\n", interruptedAt);
            assertThat(text.substring(finalTable - "interim result of: ".length(), finalTable)).isNotEqualTo("interim result of: ");
            assertProgressLineEnded(text.substring(0, finalTable));
            String table = text.substring(finalTable, interruptedAt + 1);
            assertThat(table).startsWith(QUERY + "\n $hostname | count($line)\n-----------|-------------\n");
            assertThat(lastCount(table).orElseThrow()).as(table).isGreaterThanOrEqualTo(shownBefore);
            assertThat(text.substring(interruptedAt + INTERRUPTED.length() + 2)).as("nothing after the message")
                    .doesNotContain("read ").doesNotContain(QUERY);
        }
    }

    @Test
    void ctrlCLeavesTheOutfileAsItWasAndPrintsThePartialTable() throws Exception {
        Path fifo = fifo();
        endlessWriter(fifo);
        Path csv = Files.writeString(dir.resolve("result.csv"), "the result of an earlier run\n");
        String query = "select $hostname, count($line) group by $hostname interval 1s outfile \"" + csv + "\"";
        try (ForkedClient dmap = ForkedClient.onTerminal(dir, "dmap", "--noColor", "--query", query, fifo.toString())) {
            // the progress line shows bytes read (an outfile run prints no interim tables)
            assertThat(dmap.out.await(l -> dmap.text().matches("(?s).*read [1-9][0-9.]* MiB.*"), Duration.ofSeconds(60)))
                    .as(dmap.text()).isTrue();
            dmap.signal("INT");
            int status = dmap.awaitExit(Duration.ofSeconds(30));
            String text = dmap.text();
            assertThat(status).as(text).isEqualTo(130);
            int table = text.indexOf(query + "\n $hostname | count($line)\n");
            assertThat(table).as(text).isPositive();
            assertProgressLineEnded(text.substring(0, table));
            assertThat(text).contains("\ndmap: interrupted: " + csv + " was not written (a part of the result there would"
                    + " pass for the whole); the table holds only the lines read up to the last interval (every 1 s),"
                    + " not the whole input\n");
        }
        assertThat(Files.readString(csv)).isEqualTo("the result of an earlier run\n");
        assertThat(List.of(dir.toFile().list())).as("no temporary file left").containsExactlyInAnyOrder(
                "endless.log", "result.csv", "client.pid");
    }
}
