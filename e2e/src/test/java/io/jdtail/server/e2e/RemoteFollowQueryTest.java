package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.job.ContinuousTesting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code dtail --servers ... --query}: the partials of all servers make one table per interval. */
class RemoteFollowQueryTest extends E2eServersTest {

    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s logformat generic";

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

    /**
     * A server whose partials reach the client {@link #LATE} after each interval's end (a slow link) still has
     * its partial in that interval's table: tables are made by the interval each partial carries, and wait
     * for every connected server. Lines are written only in the middle of each second, never near a boundary
     * of the 1 s interval ({@link ContinuousTesting.IntervalWriter}), after every server follows the file, and
     * not at the end: so every table that counts anything counts the same lines for every server. (Put into
     * intervals by arrival, with a grace of min(1 s, interval / 5), the late server's partial of each interval
     * went into the next table.)
     */
    @Test
    void aServersPartialThatArrivesLateIsInItsIntervalsTable() throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "");
        List<Server> servers = List.of(fixture.start("e2e-on-time1"), fixture.start("e2e-on-time2"),
                fixture.start("e2e-late", "", DelegatingChannel.partialsArriveLate(LATE)));
        int seconds = 7;
        Background dtail = new Background(new DtailCommand(),
                fixture.remoteArgs(servers, "--plain", "--query", QUERY, "--shutdownAfter", Integer.toString(seconds), followed.toString()));
        // the first table comes once every server has sent its first partial: all three follow the file by then
        E2eServers.await(() -> dtail.out.text().contains("count($line)"), E2eServers.WAIT, "the first table");
        // three intervals' lines, each written inside its interval's middle (the writer fails if it misses it)
        ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(Clock.systemUTC(), Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            long interval = writer.nextWindow();
            writer.write(interval, ("line " + interval + "\n").repeat(4), followed);
        }
        Outcome o = dtail.await(Duration.ofSeconds(seconds + 30));

        assertThat(o.status()).as(o.stderr()).isZero();
        List<List<String>> tables = tables(o.out());
        assertThat(tables.stream().filter(t -> !t.isEmpty())).as(o.out()).isNotEmpty();
        for (List<String> rows : tables) {
            if (rows.isEmpty()) {
                continue;
            }
            assertThat(rows).as("every server's count in one table, each with its partial of the interval: " + o.out())
                    .hasSize(3);
            assertThat(rows.stream().map(r -> r.substring(r.indexOf('|') + 1).strip()).distinct())
                    .as("the same lines counted for every server in every table: " + o.out()).hasSize(1);
        }
    }

    /** How much later than the others the late server's partials arrive: more than the old grace (200 ms for 1 s). */
    static final Duration LATE = Duration.ofMillis(600);

    /** The rows of every table printed, in order (rows without the header and its rule). */
    static List<List<String>> tables(String out) {
        List<List<String>> tables = new ArrayList<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("count($line)")) {
                List<String> rows = new ArrayList<>();
                for (int j = i + 2; j < lines.size() && !lines.get(j).contains("count($line)"); j++) {
                    rows.add(lines.get(j));
                }
                tables.add(rows);
            }
        }
        return tables;
    }
}
