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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code logformat auto} reads a directory of json, logfmt, csv and default-format files in one query, each file by
 * its first non-blank line: serverless and on a real dserver alike, and in a follow of files that start blank, with a
 * csv header, or empty.
 */
class AutoFormatTest extends E2eServersTest {

    static final String DEFAULT_FORMAT_LINE = "INFO|1002-071143|1|mapr.go:1|8|13|7|0.21|471h0m0s|MAPREDUCE:REQUEST|";

    static final String MIXED_QUERY = "select method, count(*), sum(latency) group by method rorder by method logformat auto";

    /**
     * A directory {@code mixed} in {@code parent} with a json, a logfmt (starting blank), a csv and a default-format
     * file; {@link #MIXED_QUERY} over it gives GET|4|100, POST|2|40, PUT|2|20, and one malformed line.
     */
    static Path mixedLogs(Path parent) throws java.io.IOException {
        Path mixed = Files.createDirectories(parent.resolve("mixed"));
        Files.writeString(mixed.resolve("app.jsonl"), """
                {"method":"GET","latency":10}
                {"method":"POST","latency":30}
                {"method":"GET"
                """);
        Files.writeString(mixed.resolve("app.logfmt"), """

                method=GET latency=20
                method=PUT latency=5 cached
                """);
        Files.writeString(mixed.resolve("requests.csv"), """
                method,latency
                GET,30
                POST,10
                """);
        Files.writeString(mixed.resolve("app.log"), DEFAULT_FORMAT_LINE + "method=GET|latency=40\n"
                + "WARN|1002-071144|1|x.go:1|not a map-reduce line\n" + DEFAULT_FORMAT_LINE + "method=PUT|latency=15\n");
        return mixed;
    }

    /** Through relays too: RelayFanOutTest.dcatDgrepAndDmapThroughOneRelayPrintWhatTheDirectFanOutPrints. */
    @Test
    void oneQueryOverMixedFormatsMergesEveryFileServerlessAndOnADserver() throws Exception {
        Path mixed = mixedLogs(dir);
        Server server = fixture.start("e2e-auto");
        String[] args = {"--plain", "--query", MIXED_QUERY, mixed + "/*"};
        Outcome local = E2eServers.execute(new DmapCommand(), args);
        Outcome remote = E2eServers.execute(new DmapCommand(), fixture.remoteArgs(List.of(server), args));
        assertThat(local.status()).as(local.toString()).isZero();
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(local.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(local.out())
                .containsExactly("GET|4|100.000000", "POST|2|40.000000", "PUT|2|20.000000");
        assertThat(remote.out()).isEqualTo(local.out());
        // the cut-short json line is the only one that did not fit its file's format
        assertThat(local.stderr()).endsWith("|WARN|1 lines did not fit the log format and were skipped\n");
        assertThat(remote.stderr()).isEqualTo(local.stderr());
    }

    /**
     * The lines are appended once the first table is out: dserver's follow has then taken each file's end as its start
     * (see RemoteFilterAndHeaderTest).
     */
    @Test
    void aFollowReadsEachFileByItsFirstNonBlankLineAndAnEmptyFileByItsFirstLine() throws Exception {
        Path json = Files.writeString(dir.resolve("blank-start.jsonl"), "\n\n{\"method\":\"OLD\"}\n");
        Path csv = Files.writeString(dir.resolve("t.csv"), "latency,method\n1,OLD\n");
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        Server server = fixture.start("e2e-auto-follow");
        // ended once its table shows the lines (--shutdownAfter only bounds a failing run)
        AtomicBoolean stop = new AtomicBoolean();
        Background dtail = new Background(new DtailCommand().stopWhen(stop::get), fixture.remoteArgs(List.of(server),
                "--plain", "--query", "select method, count(*) group by method interval 1s logformat auto",
                "--shutdownAfter", "60", json.toString(), csv.toString(), empty.toString()));
        E2eServers.await(() -> dtail.out.text().contains("count(*)"), E2eServers.WAIT, "the first table");
        append(json, "{\"method\":\"GET\"}\n{\"method\":\"PUT\"}\n");
        append(csv, "2,GET\n");
        append(empty, "method=GET latency=3\nmethod=PUT\n");
        E2eServers.awaitLastTable(dtail, "count(*)", Set.of("GET|3", "PUT|2"), empty);
        stop.set(true);
        Outcome o = dtail.await(Duration.ofSeconds(30));
        assertThat(o.status()).as(o.toString()).isZero();
        assertThat(o.out()).as("lines from before the follow's start are not counted").doesNotContain("OLD");
        assertThat(o.stderr()).as("no malformed lines").doesNotContain("did not fit");
    }

    private static void append(Path file, String lines) throws Exception {
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
