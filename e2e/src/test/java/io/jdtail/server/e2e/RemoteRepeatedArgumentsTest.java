package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dserver reads every file argument as often as it is named, in order, as serverless clients, {@code cat} and
 * DTail do; {@code -} (stdin) names nothing on a server and is refused before any server is asked.
 */
class RemoteRepeatedArgumentsTest extends E2eServersTest {

    @Test
    void remoteDcatPrintsAFileNamedTwiceTwice() throws Exception {
        Path f = Files.writeString(dir.resolve("f.log"), "one\ntwo\n");
        Server server = fixture.start("e2e-repeat-cat");
        Outcome remote = E2eServers.execute(new DcatCommand(),
                fixture.remoteArgs(List.of(server), "--plain", f.toString(), f.toString()));
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(remote.out()).isEqualTo("one\ntwo\none\ntwo\n");
    }

    @Test
    void remoteDmapCountsAFileNamedThreeTimesThreeTimes() throws Exception {
        Path f = Files.writeString(dir.resolve("kv.log"), "k=a\nk=a\nk=b\n");
        Server server = fixture.start("e2e-repeat-map");
        Outcome remote = E2eServers.execute(new DmapCommand(), fixture.remoteArgs(List.of(server), "--plain", "--query",
                "select k, count($line) group by k logformat generickv", f.toString(), f.toString(), f.toString()));
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(remote.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(remote.out())
                .containsExactlyInAnyOrder("a|6", "b|3");
    }

    @Test
    void dashIsRefusedWithServers() throws Exception {
        Path f = Files.writeString(dir.resolve("f.log"), "one\n");
        Server server = fixture.start("e2e-dash");
        Outcome remote = E2eServers.execute(new DcatCommand(),
                fixture.remoteArgs(List.of(server), "--plain", f.toString(), "-"));
        assertThat(remote.status()).as(remote.toString()).isEqualTo(2);
        assertThat(remote.out()).isEmpty();
        assertThat(remote.stderr()).isEqualTo("dcat: '-' (stdin) cannot be read on a server; "
                + "pipe into dcat without --servers, or name the files on the servers\n");
    }
}
