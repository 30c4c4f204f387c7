package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.Interruption;
import io.jdtail.clients.render.Terminal;
import io.jdtail.server.e2e.E2eServers.LiveBytes;
import io.jdtail.server.e2e.E2eServers.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C during {@code dmap --servers} over a file that takes the server minutes to read: the client stops the session,
 * prints the servers' figures merged so far as its table, says on stderr that it is partial, and returns 130.
 * The client runs as on a terminal, so that its interim tables show that it has merged figures before it is
 * interrupted; the interruption is the one the clients' shutdown hook makes of a real SIGINT (which
 * {@code io.jdtail.clients.DmapInterruptedTest} sends to a serverless dmap's own JVM).
 */
@Timeout(120)
class RemoteDmapInterruptedTest extends E2eServersTest {

    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s";
    static final Pattern ROW = Pattern.compile("(?m)^\\s*e2e-web1 \\|\\s+(\\d+)$");

    private static OptionalLong lastCount(String text) {
        Matcher m = ROW.matcher(text);
        OptionalLong last = OptionalLong.empty();
        while (m.find()) {
            last = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return last;
    }

    @Test
    void ctrlCPrintsTheServersFiguresSoFarMarkedInterrupted() throws Exception {
        Server server = fixture.start("e2e-web1");
        // dserver reads regular files only: a gzip file of many members, each 64 MiB of lines, reads for minutes
        Path endless = dir.resolve("endless.log.gz");
        java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(member)) {
            byte[] lines = "a line that goes on and on\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 64L << 20; written += lines.length) {
                gz.write(lines);
            }
        }
        try (OutputStream out = Files.newOutputStream(endless)) {
            for (int i = 0; i < 500; i++) {
                member.writeTo(out);
            }
        }
        Interruption interruption = Interruption.onRequest();
        LiveBytes out = new LiveBytes();
        LiveBytes err = new LiveBytes();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("e2e-dmap").start(() -> {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            DmapCommand dmap = new DmapCommand();
            dmap.interruptedBy(interruption).redirect(o, e, null, new Terminal(true, false));
            try {
                status.complete(Commands.execute(dmap, o, e,
                        fixture.remoteArgs(List.of(server), "--query", QUERY, endless.toString())));
            } catch (Throwable t) {
                status.completeExceptionally(t);
            }
        });
        try {
            E2eServers.await(() -> lastCount(out.text()).orElse(0) > 0, E2eServers.WAIT, "an interim table with lines counted");
        } catch (AssertionError e) {
            throw new AssertionError(E2eServers.lastChars(out.text()) + "\n--- stderr:\n" + err.text(), e);
        }
        long shownBefore = lastCount(out.text()).orElseThrow();

        interruption.request(Duration.ofSeconds(30));

        assertThat(status.get(30, TimeUnit.SECONDS)).as(err.text()).isEqualTo(Commands.INTERRUPTED);
        String text = out.text();
        int finalTable = text.lastIndexOf(QUERY + "\n");
        assertThat(text.substring(0, finalTable)).as(text).endsWith("\n").doesNotEndWith("interim result of: ");
        String table = text.substring(finalTable);
        assertThat(table).startsWith(QUERY + "\n $hostname | count($line)\n");
        assertThat(lastCount(table).orElseThrow()).as(table).isGreaterThanOrEqualTo(shownBefore);
        assertThat(err.text()).endsWith("dmap: interrupted: the table holds only the lines read up to the last interval"
                + " (every 1 s), not the whole input\n");
    }
}
