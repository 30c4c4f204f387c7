package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A scheduled job reads json and logfmt logs as dmap does and writes its CSV. */
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
        Path out = dir.resolve("report.csv");
        String config = "{\"Common\": {\"CacheDir\": " + ScheduledJobsTest.quote(dir.resolve("cache").toString()) + "},"
                + " \"Server\": {\"Schedule\": [" + ScheduledJobsTest.job(format, true, 0, 24, log.toString(), query,
                out.toString()) + "]}}";
        ScheduledJobsTest.TestClock clock = new ScheduledJobsTest.TestClock("2024-03-15T10:30:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(ConfigLoader.parse(config, "test").config(), new JobReports(),
                ScheduledJobsTest.options(clock))) {
            List<JobReports.Run> runs = ScheduledJobsTest.await(jobs.pass());
            assertEquals(1, runs.size());
            assertEquals(List.of(), runs.getFirst().errors());
            assertEquals(field + ",count(*),avg(latency)\nPUT,1,5.000000\nGET,2,15.000000\n", Files.readString(out));
        }
    }
}
