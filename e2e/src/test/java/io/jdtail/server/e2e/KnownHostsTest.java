package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.remote.RemoteSettings;
import io.jdtail.server.e2e.E2eServers.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host keys accepted with --trustAllHosts (and jobs' trust on first use) are all recorded, however many arrive at once. */
class KnownHostsTest extends E2eServersTest {

    @Test
    void manyNewHostsAtOnceAreAllRecordedInAFreshKnownHostsFile() throws Exception {
        List<Server> servers = startServers("e2e-kh", 16);
        Path log = Files.writeString(dir.resolve("one.log"), "one line\n");
        for (int round = 0; round < 5; round++) {
            Path knownHosts = dir.resolve("known_hosts-" + round);
            RemoteSettings settings = settings(knownHosts, true, servers.size());
            E2eServers.RecordingSink sink = new E2eServers.RecordingSink();

            assertThat(fixture.run(settings, sink, servers, E2eServers.cat(log.toString()))).isEmpty();

            List<String> recorded = Files.readAllLines(knownHosts);
            assertThat(recorded).as("round " + round + ": one line per host, no blank lines").hasSize(servers.size());
            for (Server s : servers) {
                assertThat(recorded).anyMatch(l -> l.startsWith("[127.0.0.1]:" + s.port + " "));
            }
        }
    }

    /** A known_hosts written by hand (no line end at its end) gets the new entry on a line of its own. */
    @Test
    void aNewHostGoesOnALineOfItsOwnAfterTheUsersEntries() throws Exception {
        Server server = fixture.start("e2e-kh-append");
        Path knownHosts = dir.resolve("known_hosts-by-hand");
        Files.writeString(knownHosts, "# my hosts\nother.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIZpQ+GkTYwnQPmPX7IXbPAAAaIcLETtiolXxQvdTEZI");
        RemoteSettings settings = new RemoteSettings(E2eServers.USER, List.of(fixture.rootKeyFile), knownHosts, true, 1,
                Duration.ofSeconds(10), Duration.ZERO);
        Path log = Files.writeString(dir.resolve("one.log"), "one line\n");
        assertThat(fixture.run(settings, new E2eServers.RecordingSink(), List.of(server), E2eServers.cat(log.toString()))).isEmpty();

        List<String> lines = Files.readAllLines(knownHosts);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("other.example.org ssh-ed25519 ");
        assertThat(lines.get(2)).startsWith("[127.0.0.1]:" + server.port + " ssh-ed25519 ");
        assertThat(Files.readString(knownHosts)).endsWith("\n");
    }

    /**
     * Without a terminal (nobody to ask) an unknown host key is reported with what to do, never in MINA's words
     * ("Server key did not validate"): every server of every round. The first round of connections ends before the
     * servers' threads have worded their failures, so this is repeated, bounded, over several servers at once.
     */
    @Test
    void anUnknownHostKeyWithoutATerminalAlwaysSaysWhatToDo() throws Exception {
        List<Server> servers = startServers("e2e-unknown", 4);
        Path log = Files.writeString(dir.resolve("one.log"), "one line\n");
        for (int round = 0; round < 10; round++) {
            Path knownHosts = dir.resolve("known_hosts-unknown-" + round);
            RemoteSettings settings = settings(knownHosts, false, servers.size());

            var failures = fixture.run(settings, new E2eServers.RecordingSink(), servers, E2eServers.cat(log.toString()));

            assertThat(failures).as("round " + round).hasSize(servers.size());
            for (Server s : servers) {
                assertThat(failures.get(s.address())).as("round " + round + ", " + s.address())
                        .startsWith("unknown host key SHA256:")
                        .endsWith(", not in " + knownHosts + " (not trusted: run on a terminal to be asked, or pass --trustAllHosts)");
            }
            assertThat(knownHosts).as("nothing was trusted").doesNotExist();
        }
    }

    private List<Server> startServers(String hostnamePrefix, int count) throws IOException {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            servers.add(fixture.start(hostnamePrefix + i));
        }
        return servers;
    }

    private RemoteSettings settings(Path knownHosts, boolean trustAllHosts, int connectionsAtOnce) {
        return new RemoteSettings(E2eServers.USER, List.of(fixture.rootKeyFile), knownHosts, trustAllHosts, connectionsAtOnce,
                Duration.ofSeconds(10), Duration.ZERO);
    }
}
