package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A dserver splits lines longer than its {@code MaxLineLength} as a serverless client splits those longer than
 * {@code --maxLineLength}, and says so: its STATS frame names the inputs and counts, and the client says it once
 * per server on stderr.
 */
class RemoteLongLinesTest extends E2eServersTest {

    /** The least MaxLineLength a server's configuration allows. */
    private static final int MAX = 1024;

    /** A 2500-byte line between two short ones: pieces of 1024, 1024 and 452 bytes. */
    private Path longLineFile() throws Exception {
        return Files.writeString(dir.resolve("long.log"), "start\n" + "x".repeat(2500) + "\nend\n");
    }

    private static String warning(Server server, Path f) {
        return "CLIENT|" + HostContext.localHostName() + "|WARN|" + server.flag() + ": 1 line in " + f + " was longer than"
                + " the server's MaxLineLength (1024 bytes) and was split into 3 pieces; raise Server.MaxLineLength in"
                + " dserver's config to read it whole\n";
    }

    @Test
    void theServersCountOfSplitLinesReachesTheClientAndDollarMatchesOnlyTheLastPiece() throws Exception {
        Path f = longLineFile();
        Server server = fixture.start("e2e-long-grep", "\"MaxLineLength\": " + MAX);
        Outcome remote = E2eServers.execute(new DgrepCommand(),
                fixture.remoteArgs(List.of(server), "--plain", "--regex", "x$", f.toString()));
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(remote.out()).isEqualTo("x".repeat(2500 - 2 * MAX) + "\n");
        assertThat(remote.stderr()).isEqualTo(warning(server, f));
    }

    @Test
    void aServersQueryCountsASplitLineOnceAndSaysItWasSplit() throws Exception {
        Path f = longLineFile();
        Server server = fixture.start("e2e-long-map", "\"MaxLineLength\": " + MAX);
        Outcome remote = E2eServers.execute(new DmapCommand(), fixture.remoteArgs(List.of(server), "--plain", "--query",
                "select count(*) logformat generickv", f.toString()));
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(remote.out().lines().skip(2).map(String::strip).toList()).as(remote.out()).containsExactly("3");
        assertThat(remote.stderr()).isEqualTo(warning(server, f));
    }

    @Test
    void aFollowOnAServerSaysAsItGoesThatALineWasSplit() throws Exception {
        Path f = Files.writeString(dir.resolve("follow.log"), "");
        Server server = fixture.start("e2e-long-follow", "\"MaxLineLength\": " + MAX);
        AtomicBoolean stop = new AtomicBoolean();
        Background dtail = new Background(new DtailCommand().stopWhen(stop::get),
                fixture.remoteArgs(List.of(server), "--plain", f.toString()));
        FaultTest.appendUntilSeen(f, "marker", dtail);
        Files.writeString(f, "x".repeat(2500) + "\nend\n", StandardOpenOption.APPEND);
        E2eServers.await(() -> dtail.err.text().contains(" pieces"), E2eServers.WAIT, "the server's report of the split line");
        stop.set(true);
        Outcome outcome = dtail.await(E2eServers.WAIT);
        assertThat(outcome.status()).as(outcome.toString()).isZero();
        assertThat(outcome.out()).endsWith("x".repeat(2500 - 2 * MAX) + "\nend\n");
        assertThat(outcome.stderr()).isEqualTo(warning(server, f));
    }
}
