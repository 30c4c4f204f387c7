package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtail --servers ... --query}: the partials of all servers make one table per interval. */
class RemoteFollowQueryTest {

    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s logformat generic";

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
    void oneMergedTablePerIntervalNotOnePerServerPartial() throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "");
        List<Server> servers = List.of(fixture.start("e2e-q1"), fixture.start("e2e-q2"), fixture.start("e2e-q3"));
        int seconds = 5;
        Background dtail = new Background(new DtailCommand(),
                fixture.remoteArgs(servers, "--plain", "--query", QUERY, "--shutdownAfter", Integer.toString(seconds), followed.toString()));
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 200 && writing.get(); i++) {
                try {
                    Files.writeString(followed, "line " + i + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        Outcome o;
        try {
            o = dtail.await(Duration.ofSeconds(seconds + 30));
        } finally {
            writing.set(false);
            writer.join(Duration.ofSeconds(5));
        }

        assertThat(o.status()).as(o.stderr()).isZero();
        List<String> lines = o.out().lines().toList();
        long tables = lines.stream().filter(l -> l.contains("count($line)")).count();
        // three servers send a partial each per interval: printed per partial that would be about 3 tables a second
        assertThat(tables).as(o.out()).isBetween(2L, (long) seconds + 2);
        int lastHeader = lines.lastIndexOf(lines.stream().filter(l -> l.contains("count($line)")).reduce((a, b) -> b).orElseThrow());
        List<String> lastTable = lines.subList(lastHeader + 2, lines.size());
        assertThat(lastTable).as("the last table has every server's row: " + o.out()).hasSize(3)
                .anyMatch(l -> l.contains("e2e-q1")).anyMatch(l -> l.contains("e2e-q2")).anyMatch(l -> l.contains("e2e-q3"));
    }
}
