package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.Interruption;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C ends {@code dtail --servers ... --query} with a final table that holds every line the servers' files had
 * when it came: the client asks each server to stop (it ends its side of the channel), each server reads its files
 * once more and sends the figures of the interval in progress before it is done, and the client waits for them
 * (bounded) before it prints the final table. (Before, a server stopped only when the client closed the channel,
 * and the lines of the interval in progress were never counted.)
 */
@Timeout(120)
class RemoteFollowQueryInterruptedTest extends E2eServersTest {

    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s logformat generic";

    @Test
    void ctrlCPrintsAFinalTableWithTheLinesOfTheIntervalInProgress() throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "");
        List<Server> servers = List.of(fixture.start("e2e-i1"), fixture.start("e2e-i2"));
        Interruption interruption = Interruption.onRequest();
        DtailCommand dtail = new DtailCommand();
        dtail.interruptedBy(interruption);
        Background run = new Background(dtail, fixture.remoteArgs(servers, "--plain", "--query", QUERY, followed.toString()));
        // the first table comes once every server has sent its first partial: both follow the file by then
        E2eServers.await(() -> run.out.text().contains("count($line)"), E2eServers.WAIT, "the first table");
        Files.writeString(followed, "a line\n".repeat(25), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        interruption.request(Duration.ZERO); // the remote follow needs only the request: it prints its final table and returns
        Outcome o = run.await(E2eServers.WAIT);

        assertThat(o.status()).as(o.stderr()).isEqualTo(Commands.INTERRUPTED);
        List<List<String>> tables = RemoteFollowQueryTest.tables(o.out());
        // the last table is the final one: the aggregate of every interval, the one in progress included
        assertThat(tables.getLast()).as(o.out() + "\n--- stderr:\n" + o.stderr()).hasSize(2)
                .allSatisfy(row -> assertThat(row.substring(row.indexOf('|') + 1).strip()).isEqualTo("25"));
    }
}
