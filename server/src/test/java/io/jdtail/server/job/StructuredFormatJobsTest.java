package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.config.ConfigLoader;
import io.jdtail.engine.operator.HostContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scheduled and continuous jobs read json and logfmt logs as dmap and dtail do, and write their CSV; with
 * {@code logformat auto} each file by its first non-blank line.
 */
class StructuredFormatJobsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        json   | http.method | {"http":{"method":"GET"},"latency":10} | {"http":{"method":"GET"},"latency":2e1} | {"http":{"method":"PUT"},"latency":5}
        logfmt | method      | method=GET latency=10                  | method=GET latency=20 msg="x y"         | method=PUT latency=5
        """)
    void aJobOverAStructuredLogWritesItsCsv(String format, String field, String first, String second, String third)
            throws Exception {
        Path log = Files.writeString(dir.resolve("app." + format), first + "\n" + second + "\n" + third + "\n");
        String query = "select " + field + ", count(*), avg(latency) group by " + field + " order by " + field
                + " logformat " + format;
        assertEquals(field + ",count(*),avg(latency)\nPUT,1,5.000000\nGET,2,15.000000\n",
                runOnce(format, log.toString(), query));
    }

    /** Runs a scheduled job over {@code files} once, without errors; returns the CSV it wrote. */
    private String runOnce(String name, String files, String query) throws Exception {
        Path out = dir.resolve("report.csv");
        String config = "{\"Common\": {\"CacheDir\": " + ScheduledJobsTest.quote(dir.resolve("cache").toString()) + "},"
                + " \"Server\": {\"Schedule\": [" + ScheduledJobsTest.job(name, true, 0, 24, files, query,
                out.toString()) + "]}}";
        ScheduledJobsTest.TestClock clock = new ScheduledJobsTest.TestClock("2024-03-15T10:30:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(ConfigLoader.parse(config, "test").config(), new JobReports(),
                ScheduledJobsTest.options(clock))) {
            List<JobReports.Run> runs = ScheduledJobsTest.await(jobs.pass());
            assertEquals(1, runs.size());
            assertEquals(List.of(), runs.getFirst().errors());
        }
        return Files.readString(out);
    }

    @Test
    void aJobWithLogformatAutoReadsEachFileOfAMixedDirectoryByItsFirstLine() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("a.jsonl"), "{\"method\":\"GET\",\"latency\":10}\n{\"method\":\"PUT\",\"latency\":5}\n");
        Files.writeString(logs.resolve("b.logfmt"), "\nmethod=GET latency=20\n");
        Files.writeString(logs.resolve("c.csv"), "latency,method\n30,GET\n");
        Files.writeString(logs.resolve("d.log"), "INFO|1002-071143|1|mapr.go:1|8|13|7|0.21|471h0m0s|MAPREDUCE:REQUEST|"
                + "method=PUT|latency=15\n");
        String query = "select method, count(*), avg(latency) group by method order by method logformat auto";
        assertEquals("method,count(*),avg(latency)\nPUT,2,10.000000\nGET,3,20.000000\n",
                runOnce("auto", logs + "/*", query));
    }

    /** auto's row: a file followed from its end is read by its first line, which is older than the follow. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        json   | http.method | {"http":{"method":"GET"}} | {"http":{"method":"PUT"},"x":[1,{"y":null}]}
        logfmt | method      | method=GET                | method=PUT msg="a b" flag
        auto   | http.method | {"http":{"method":"GET"}} | {"http":{"method":"PUT"}}
        """)
    void aContinuousJobCountsTheLinesAppendedToAFileItFollows(String format, String field, String get, String put)
            throws Exception {
        Path log = Files.writeString(dir.resolve("app." + format), put + "\n");
        Path out = dir.resolve("out.csv");
        String query = "select " + field + ", count(*) group by " + field + " interval 1s logformat " + format;
        JobReports reports = new JobReports();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(ContinuousTesting.job(format, List.of(log.toString()),
                query + " outfile append \"" + out + "\"", Optional.empty(), Optional.empty(), Optional.empty(), false)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, Clock.systemUTC())) {
            // an interval reported: the job follows the file (from its end)
            ContinuousTesting.awaitRun(reports, format, r -> true, Duration.ofSeconds(10));
            Files.writeString(log, get + "\n" + put + "\n" + get + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Map<String, Integer> expected = Map.of("GET", 2, "PUT", 1);
            JobReports.Run counted = ContinuousTesting.awaitRun(reports, format, r -> countsIn(out).equals(expected),
                    Duration.ofSeconds(10));
            assertEquals(List.of(), counted.errors());
        }
        assertEquals(field + ",count(*)", Files.readAllLines(out).getFirst());
    }

    /** The counts of the CSV's intervals added up by group (the appended lines may fall into more than one). */
    private static Map<String, Integer> countsIn(Path csv) {
        Map<String, Integer> counts = new TreeMap<>();
        try {
            List<String> rows = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                String[] cells = row.split(",");
                if (cells.length == 2 && cells[1].matches("[0-9]+")) { // not a row the job is still writing
                    counts.merge(cells[0], Integer.parseInt(cells[1]), Integer::sum);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return counts;
    }
}
