package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DmapCommand;
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
import org.junit.jupiter.api.Test;

/**
 * The json and logfmt formats run on real dservers as serverless: remote dmap over two servers equals serverless
 * dmap over the lines both read, malformed lines are counted on each server and reported as serverless, and dtail --query
 * follows a json file on a server.
 */
class RemoteStructuredFormatsTest extends E2eServersTest {

    static final String JSON = """
            {"http":{"method":"GET","status":200},"latency":23.5,"user":{"id":"u1"},"tags":["api"]}
            {"http":{"method":"POST","status":503},"latency":1502.9,"user":{"id":"u2"}}
            {"http":{"method":"GET","status":500},"latency":1.25e1,"user":null,"tags":[]}
            {"http":{"method":"GET"
            """;
    static final String LOGFMT = """
            level=info msg="request served" method=GET status=200 latency=23.5 cached
            level=error msg="upstream said \\"no\\"" method=POST status=503 latency=1502.9
            level=info msg="request served" method=GET status=500 latency=12.5
            level=info msg="unterminated method=GET
            """;

    /** Both servers see this file system: each reads the file, so the remote result counts it twice. */
    private void remoteDmapEqualsServerlessOverTwoCopies(String name, String content, String query, String... rows)
            throws Exception {
        Path log = Files.writeString(dir.resolve(name), content);
        Path copy = Files.writeString(dir.resolve("copy-" + name), content);
        List<Server> servers = List.of(fixture.start("e2e-" + name + "-a"), fixture.start("e2e-" + name + "-b"));
        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", query, log.toString(), copy.toString());
        Outcome remote = E2eServers.execute(new DmapCommand(), fixture.remoteArgs(servers, "--plain", "--query", query,
                log.toString()));
        assertThat(local.status()).as(local.toString()).isZero();
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(local.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(local.out())
                .containsExactlyInAnyOrder(rows);
        assertThat(remote.out()).isEqualTo(local.out());
        // one malformed line in each copy, one per server: the client adds the servers' counts up
        assertThat(local.stderr()).endsWith("|WARN|2 lines did not fit the log format and were skipped\n");
        assertThat(remote.stderr()).isEqualTo(local.stderr());
    }

    @Test
    void remoteDmapOverJsonLinesEqualsServerlessAndReportsMalformedLines() throws Exception {
        remoteDmapEqualsServerlessOverTwoCopies("app.jsonl", JSON, "select http.method, count(*), sum(latency),"
                + " count(user.id) group by http.method logformat json", "GET|4|72.000000|2", "POST|2|3005.800000|2");
    }

    @Test
    void remoteDmapOverLogfmtEqualsServerlessAndReportsMalformedLines() throws Exception {
        remoteDmapEqualsServerlessOverTwoCopies("app.logfmt", LOGFMT, "select method, count(*), sum(latency),"
                + " count(cached) group by method logformat logfmt", "GET|4|72.000000|2", "POST|2|3005.800000|0");
    }

    @Test
    void remoteDtailQueryCountsTheJsonLinesAppendedToAFileFollowedFromItsEnd() throws Exception {
        Path log = Files.writeString(dir.resolve("follow.jsonl"), "{\"http\":{\"method\":\"OLD\"}}\n");
        Server server = fixture.start("e2e-json-follow");
        // ended once its table shows the lines (--shutdownAfter only bounds a failing run)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Background dtail = new Background(new DtailCommand().stopWhen(stop::get), fixture.remoteArgs(List.of(server),
                "--plain", "--query", "select http.method, count(*) group by http.method interval 1s logformat json",
                "--shutdownAfter", "60", log.toString()));
        // the first table comes after the first interval, once the server follows the file from its end
        E2eServers.await(() -> dtail.out.text().contains("count(*)"), E2eServers.WAIT, "the first table");
        Files.writeString(log, "{\"http\":{\"method\":\"GET\"}}\n{\"http\":{\"method\":\"PUT\"}}\n{\"http\":{\"method\":\"GET\"}}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        E2eServers.awaitLastTable(dtail, "count(*)", java.util.Set.of("GET|2", "PUT|1"), log);
        stop.set(true);
        Outcome o = dtail.await(Duration.ofSeconds(30));
        assertThat(o.status()).as(o.toString()).isZero();
        assertThat(E2eServers.lastTableRows(o.out(), "count(*)")).as(o.toString())
                .containsExactlyInAnyOrder("GET|2", "PUT|1");
        assertThat(o.stderr()).as("no malformed lines").doesNotContain("did not fit");
    }
}
