package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.jdtail.engine.operator.HostContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serverless dmap end to end: real files, the real formats and CSV sink, the exact output. */
class DmapCommandTest {

    static final String LOG = """
            INFO|1002-071947|4242|stats.go:56|2|10|7|0.52|12h0m0s|MAPREDUCE:STATS|concurrentConnections=5|lifetimeConnections=100
            INFO|1002-071948|4242|stats.go:56|2|14|7|0.52|12h0m1s|MAPREDUCE:STATS|concurrentConnections=3|lifetimeConnections=120
            INFO|1002-071948|4242|stats.go:56|2|12|7|0.52|12h0m1s|MAPREDUCE:STATS|concurrentConnections=9|lifetimeConnections=130
            WARN|1002-071949|4242|stats.go:56|2|99|7|0.52|12h0m2s|MAPREDUCE:STATS|concurrentConnections=1|lifetimeConnections=999
            INFO|1002-071949|4242|stats.go:56|2|11|7|0.52|12h0m2s|MAPREDUCE:STATS|concurrentConnections=4|lifetimeConnections=140
            INFO|1002-071949|4242|handler.go:77|2|11|7|0.52|12h0m2s|MAPREDUCE:REQUEST|method=GET|status=500|path=/a|latency=1.5
            INFO|1002-071950|4242|handler.go:77|2|11|7|0.52|12h0m3s|MAPREDUCE:REQUEST|method=GET|status=503|path=/a|latency=2.5
            INFO|1002-071950|4242|handler.go:77|2|11|7|0.52|12h0m3s|MAPREDUCE:REQUEST|method=POST|status=200|path=/b|latency=3
            INFO|1002-071951|4242|handler.go:77|2|11|7|0.52|12h0m4s|MAPREDUCE:REQUEST|method=PUT|status=502|path=/b|latency=4
            INFO|1002-071951|4242|server.go:212|Request served request_id=00ff user=user1
            """;

    /** The sample request.log of docs/query-language.md, which its examples (and log-formats.md's) are run over. */
    static final String REQUEST_LOG = """
            INFO|1125-101500|4242|handler.go:77|2|20|7|0.10|12h0m3s|MAPREDUCE:REQUEST|method=GET|status=200|path=/api/v1/users|latency=23.112
            INFO|1125-101501|4242|handler.go:77|2|21|7|0.10|12h0m4s|MAPREDUCE:REQUEST|method=POST|status=503|path=/api/v1/orders|latency=1502.9
            INFO|1125-101501|4242|handler.go:77|2|21|7|0.10|12h0m4s|MAPREDUCE:REQUEST|method=GET|status=500|path=/api/v1/users|latency=12.5
            INFO|1125-101502|4242|handler.go:77|2|22|7|0.11|12h0m5s|MAPREDUCE:REQUEST|method=GET|status=502|path=/api/v1/users|latency=30.0
            INFO|1125-101503|4242|handler.go:77|2|22|7|0.11|12h0m6s|MAPREDUCE:REQUEST|method=GET|status=404|path=/favicon.ico|latency=0.8
            INFO|1125-101503|4242|handler.go:77|2|22|7|0.11|12h0m6s|MAPREDUCE:REQUEST|method=GET|status=200|path=/health|latency=-
            """;

    static final String HOST = HostContext.localHostName();

    @TempDir
    Path dir;

    private Path log(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static ClientRun dmap(String... args) {
        return ClientRun.dmap(null).apply(args);
    }

    @Test
    void dtailStatsQueryGroupedByHostname() throws IOException {
        Path f = log("app.log", LOG);
        String q = "from STATS select count($line),last($time),avg($goroutines),min(concurrentConnections),max(lifetimeConnections) group by $hostname";
        ClientRun r = dmap("--query", q, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(q + "\n"
                + " count($line) | last($time) | avg($goroutines) | min(concurrentConnections) | max(lifetimeConnections)\n"
                + "--------------|-------------|------------------|----------------------------|-------------------------\n"
                + "            4 | 1002-071949 |        11.750000 |                   3.000000 |               140.000000\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theRegexSelectsTheLinesTheQueryAggregatesAndInvertTheOthers() throws IOException {
        Path f = log("app.log", LOG);
        String q = "from STATS select count($line),max(lifetimeConnections) group by $hostname";
        ClientRun selected = dmap("--plain", "--regex", "071948", q, f.toString());
        assertThat(selected.status()).as(selected.err()).isZero();
        assertThat(selected.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).containsExactly("2|130.000000");
        ClientRun others = dmap("--plain", "--regex", "071948", "--invert", q, f.toString());
        assertThat(others.status()).as(others.err()).isZero();
        assertThat(others.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).containsExactly("2|140.000000");
    }

    @Test
    void aBadRegexIsAUsageError() throws IOException {
        Path f = log("app.log", LOG);
        ClientRun r = dmap("--regex", "(unclosed", "select count($line)", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("dmap: ");
    }

    @Test
    void groupByTimeOrderedByCountWithBareField() throws IOException {
        Path f = log("app.log", LOG);
        String q = "from STATS select count($time),$time,max($goroutines),avg($goroutines),min($goroutines) group by $time order by count($time)";
        ClientRun r = dmap("--plain", q, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(""
                + " count($time) |       $time | max($goroutines) | avg($goroutines) | min($goroutines)\n"
                + "--------------|-------------|------------------|------------------|-----------------\n"
                + "            2 | 1002-071948 |        14.000000 |        13.000000 |        12.000000\n"
                + "            1 | 1002-071947 |        10.000000 |        10.000000 |        10.000000\n"
                + "            1 | 1002-071949 |        11.000000 |        11.000000 |        11.000000\n");
    }

    @Test
    void setVariablesMaskdigitsAndMd5() throws Exception {
        Path f = log("app.log", LOG);
        String q = "select $hostname,$mask,$md5,$foo,$bar from STATS set $mask = maskdigits($time), $md5 = md5sum($time), $foo = 42, $bar = \"baz\" group by $hostname";
        ClientRun r = dmap("--plain", "--query", q, "--files", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("1002-071949".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.out().lines().toList().get(2).split("\\|"))
                .extracting(String::strip)
                .containsExactly(HOST, "....-......", md5, "42", "baz");
    }

    @Test
    void whereWithNumericComparisonAndInterval() throws IOException {
        Path f = log("app.log", LOG);
        ClientRun r = dmap("--plain", "select path, count(*) from REQUEST where status >= 500 group by path interval 60s", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(""
                + " path | count(*)\n"
                + "------|---------\n"
                + "   /a |        2\n"
                + "   /b |        1\n");
    }

    @Test
    void gzipAndZstdFilesAndGlobsGiveTheSameResultAsPlain() throws IOException {
        log("a.log", LOG);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("b.log.gz")))) {
            gz.write(LOG.getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream zst = new ZstdOutputStream(Files.newOutputStream(dir.resolve("c.log.zst")))) {
            zst.write(LOG.getBytes(StandardCharsets.UTF_8));
        }
        ClientRun r = dmap("--plain", "from STATS select count($line),sum($goroutines) group by $hostname", dir + "/*.log*");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().toList().get(2)).isEqualTo("           12 |       141.000000");
    }

    @Test
    void readsStdinWhenNoFileIsGiven() {
        ClientRun r = ClientRun.dmap(new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)))
                .apply(new String[] {"--plain", "from REQUEST select method, count(*) group by method rorder by method"});
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).toList()).containsExactly("    GET |        2", "   POST |        1", "    PUT |        1");
    }

    @Test
    void outfileWritesCsvAndTheQuerySidecarInsteadOfTheTable() throws IOException {
        Path f = log("app.log", LOG);
        Path csv = dir.resolve("result.csv");
        String q = "from STATS select count($line),last($time),avg($goroutines),max(lifetimeConnections) group by $hostname outfile \"" + csv + "\"";
        ClientRun r = dmap("--query", q, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(csv)).isEqualTo("count($line),last($time),avg($goroutines),max(lifetimeConnections)\n"
                + "4,1002-071949,11.750000,140.000000\n");
        assertThat(Files.readString(dir.resolve("result.csv.query"))).as("the query as typed, no newline: DTail's bytes").isEqualTo(q);
    }

    @Test
    void aCsvColumnNamedLikeAVariableIsReachedByThatName() throws IOException {
        Path f = log("result.csv", "$time,count(status)\n1002-071948,3\n1002-071949,4\n");
        String q = "select count(*),last($time),sum(`count(status)`) logformat csv";
        ClientRun r = dmap("--query", q, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(q + "\n"
                + " count(*) | last($time) | sum(`count(status)`)\n"
                + "----------|-------------|" + "-".repeat(21) + "\n"
                + "        2 | 1002-071949 |" + " ".repeat(13) + "7.000000\n");
    }

    @Test
    void aCsvColumnNamedLikeACommonVariableWinsOverIt() throws IOException {
        // The collected result of several servers keeps their names, as in DTail.
        Path f = log("hosts.csv", "$hostname,count($line)\nweb01,3\nweb02,4\nweb01,5\n");
        Path out = dir.resolve("out.csv");
        ClientRun r = dmap("--query", "select $hostname,sum(`count($line)`) group by $hostname rorder by $hostname"
                + " logformat csv outfile \"" + out + "\"", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo("$hostname,sum(`count($line)`)\nweb01,8.000000\nweb02,4.000000\n");
    }

    @Test
    void theCsvOneDmapWritesIsTheInputOfTheNext() throws IOException {
        // the example of docs/log-formats.md#csv
        Path f = log("request.log", REQUEST_LOG);
        Path csv = dir.resolve("requests.csv");
        ClientRun first = dmap("--query", "from REQUEST select method, count($line), $time, sum(latency) group by method"
                + " rorder by method outfile \"" + csv + "\"", f.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).isEqualTo("CLIENT|" + HOST + "|INFO|wrote 2 rows to " + csv + "\n"
                + "CLIENT|" + HOST + "|WARN|1 rows had values that were not numbers; those values were left out of numeric aggregations\n");
        assertThat(Files.readString(csv)).isEqualTo("method,count($line),$time,sum(latency)\n"
                + "GET,5,1125-101503,66.412000\nPOST,1,1125-101501,1502.900000\n");
        String q = "select count(*), sum(`count($line)`), max(`sum(latency)`), last($time) logformat csv";
        ClientRun second = dmap("--query", q, csv.toString());
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(q + "\n"
                + " count(*) | sum(`count($line)`) | max(`sum(latency)`) | last($time)\n"
                + "----------|---------------------|---------------------|------------\n"
                + "        2 |            6.000000 |         1502.900000 | 1125-101501\n");
    }

    @Test
    void aGroupFieldNoLineHasIsWarnedAboutOnceWithTheNameTheUserProbablyMeant() throws IOException {
        Path f = log("app.log", LOG);
        ClientRun r = dmap("--plain", "from REQUEST select $status, count(*)", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).containsExactly("|4");
        assertThat(r.err()).isEqualTo("CLIENT|" + HOST + "|WARN|no line has the group-by field $status, so all rows"
                + " are in one group with an empty key; did you mean status?\n");
        // a field some lines have is not warned about, nor a group of lines that lack a field some others have
        Path kv = log("kv.log", "method=GET\nother=1\n");
        ClientRun fine = dmap("--plain", "select method, count(*) logformat generickv", kv.toString());
        assertThat(fine.status()).as(fine.err()).isZero();
        assertThat(fine.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).sorted().toList()).containsExactly("GET|1", "|1");
        assertThat(fine.err()).isEmpty();
        // rows cut by limit might have the field: no guess
        Path absentFirst = log("kv2.log", "other=1\nother=2\nmethod=GET\n");
        ClientRun cut = dmap("--plain", "select method, count(*) logformat generickv order by count(*) limit 1", absentFirst.toString());
        assertThat(cut.status()).as(cut.err()).isZero();
        assertThat(cut.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).containsExactly("|2");
        assertThat(cut.err()).isEmpty();
    }

    @Test
    void theAbsentGroupFieldExampleOfTheQueryLanguageReference() throws IOException {
        // docs/query-language.md, "group by", over its sample request.log
        Path f = log("request.log", REQUEST_LOG);
        String q = "from REQUEST select $status, count(*)";
        ClientRun r = dmap(q, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(q + "\n"
                + " $status | count(*)\n"
                + "---------|---------\n"
                + "         |        6\n");
        assertThat(r.err()).isEqualTo("CLIENT|" + HOST + "|WARN|no line has the group-by field $status, so all rows"
                + " are in one group with an empty key; did you mean status?\n");
    }

    @Test
    void queryErrorNamesLineAndColumnWithACaretAndNoStackTrace() throws IOException {
        Path f = log("app.log", LOG);
        ClientRun r = dmap("select count($line) form STATS", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        String[] lines = r.err().split("\n");
        assertThat(lines[0]).startsWith("dmap: query error at line 1:21: ");
        assertThat(lines[1]).isEqualTo("select count($line) form STATS");
        assertThat(lines[2]).isEqualTo(" ".repeat(20) + "^");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void malformedLinesAreSkippedCountedAndReported() throws IOException {
        Path f = log("app.log", LOG + "INFO|1002-071952|4242|x.go:1|2|11|7|0.5|1s|MAPREDUCE:STATS|concurrentConnections\n"
                + "INFO|1002-071952|4242|x.go:1|2|eleven|7|0.5|1s|MAPREDUCE:STATS|concurrentConnections=1\n");
        ClientRun r = dmap("--plain", "from STATS select count($line), avg($goroutines), max(concurrentConnections) group by $hostname",
                f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().toList().get(2)).isEqualTo("            5 |        11.750000 |                   9.000000");
        assertThat(r.err()).contains("|WARN|1 lines did not fit the log format and were skipped")
                .contains("|WARN|1 rows had values that were not numbers");
    }

    @Test
    void aMissingFileIsReportedAndTheOthersAreStillRead() throws IOException {
        Path f = log("app.log", LOG);
        ClientRun r = dmap("--plain", "from STATS select count($line) group by $hostname", f.toString(), dir + "/missing.log", dir + "/*.nothing");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().lines().toList().get(2)).isEqualTo("            4");
        assertThat(r.err()).contains("CLIENT|" + HOST + "|ERROR|" + dir + "/missing.log: no such file")
                .contains("CLIENT|" + HOST + "|ERROR|" + dir + "/*.nothing: the pattern matches no file");
    }

    @Test
    void aLogFormatFromAnotherJarIsFoundByName() throws IOException {
        Path f = log("access.log", """
                127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "curl/8.0"
                127.0.0.1 - - [10/Oct/2026:13:55:37 +0000] "GET /missing HTTP/1.1" 404 12 "-" "curl/8.0"
                127.0.0.1 - - [10/Oct/2026:13:55:38 +0000] "POST /index.html HTTP/1.1" 200 10 "-" "curl/8.0"
                """);
        ClientRun r = dmap("--plain", "select status, count(*), sum(bytes) group by status logformat nginx", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).toList()).containsExactly("    200 |        2 | 2336.000000", "    404 |        1 |   12.000000");
    }

    @Test
    void usageErrorsSayWhatToDo() {
        ClientRun none = dmap();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).startsWith("dmap: no query given.");
        ClientRun unknown = dmap("--bogus");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("dmap: Unknown option: '--bogus'").contains("Try 'dmap --help'");
        ClientRun help = dmap("-help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--query").contains("-plain").contains("Exit status");
    }
    /**
     * No rows is a table with its header in every case: no line matched, no line was read, no named file could be
     * read (the missing file is an error, exit 1); the same table as with --servers, where the servers' partials
     * merge to nothing. The outfile gets its header line. (DTail prints nothing for an empty result.)
     */
    @Test
    void anEmptyResultIsATableWithItsHeaderInEveryCase() throws IOException {
        Path log = log("app.log", LOG);
        Path empty = log("empty.log", "");
        String query = "select $line, count($line) group by $line";
        String table = query + "\n $line | count($line)\n-------|-------------\n";

        ClientRun noMatch = dmap("--query", query, "--regex", "no line has this", log.toString());
        assertThat(noMatch.status()).as(noMatch.err()).isZero();
        assertThat(noMatch.out()).isEqualTo(table);

        ClientRun nothingRead = dmap("--query", query, empty.toString());
        assertThat(nothingRead.out()).isEqualTo(table);

        ClientRun missing = dmap("--query", query, dir.resolve("missing.log").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo(table);
        assertThat(missing.err()).isEqualTo("CLIENT|" + HOST + "|ERROR|" + dir.resolve("missing.log") + ": no such file\n");

        ClientRun plain = dmap("--plain", "--query", query, dir.resolve("missing.log").toString());
        assertThat(plain.out()).isEqualTo(" $line | count($line)\n-------|-------------\n");

        Path csv = dir.resolve("empty.csv");
        ClientRun toCsv = dmap("--query", query + " outfile \"" + csv + "\"", dir.resolve("missing.log").toString());
        assertThat(toCsv.status()).isEqualTo(1);
        assertThat(toCsv.out()).isEmpty();
        assertThat(Files.readString(csv)).isEqualTo("$line,count($line)\n");
    }
}
