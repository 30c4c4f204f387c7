package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.remote.RemoteSettings;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys accepted with --trustAllHosts (and jobs' trust on first use) are all recorded, however many arrive at once. */
class KnownHostsTest {

    @TempDir
    Path dir;
    E2eServers fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new E2eServers(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void manyNewHostsAtOnceAreAllRecordedInAFreshKnownHostsFile() throws Exception {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            servers.add(fixture.start("e2e-kh" + i));
        }
        Path log = Files.writeString(dir.resolve("one.log"), "one line\n");
        for (int round = 0; round < 5; round++) {
            Path knownHosts = dir.resolve("known_hosts-" + round);
            RemoteSettings settings = new RemoteSettings(E2eServers.USER, List.of(fixture.rootKeyFile), knownHosts, true, servers.size(),
                    Duration.ofSeconds(10), Duration.ZERO);
            E2eServers.RecordingSink sink = new E2eServers.RecordingSink();

            assertThat(fixture.run(settings, sink, servers, E2eServers.cat(log.toString()))).isEmpty();

            List<String> recorded = Files.readAllLines(knownHosts).stream().filter(l -> !l.isBlank()).toList();
            assertThat(recorded).as("round " + round).hasSize(servers.size());
            for (Server s : servers) {
                assertThat(recorded).anyMatch(l -> l.startsWith("[127.0.0.1]:" + s.port + " "));
            }
        }
    }
}
