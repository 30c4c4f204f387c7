package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.server.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduled job over local files counts a line longer than the server's MaxLineLength once and logs that it was split. */
class ScheduledJobLongLinesTest {

    @TempDir
    Path dir;

    @Test
    void aJobCountsASplitLineOnceAndLogsThatItWasSplit() throws Exception {
        Path log = Files.writeString(dir.resolve("long.log"), "k=a\nk=" + "b".repeat(2500) + "\nk=a\n");
        String job = ScheduledJobsTest.job("long", true, 0, 24, log.toString(), "select count(*) logformat generickv",
                dir + "/long.csv");
        DtailConfig config = ConfigLoader.parse("{\"Common\": {\"CacheDir\": " + ScheduledJobsTest.quote(dir.resolve("cache").toString())
                + "}, \"Server\": {\"MaxLineLength\": 1024, \"Schedule\": [" + job + "]}}", "test").config();
        ScheduledJobsTest.TestClock clock = new ScheduledJobsTest.TestClock("2024-03-15T10:00:00Z");
        try (LogCapture captured = new LogCapture(JobRunner.class);
             ScheduledJobs jobs = new ScheduledJobs(config, new JobReports(), ScheduledJobsTest.options(clock))) {
            JobReports.Run run = ScheduledJobsTest.await(jobs.pass()).getFirst();
            assertThat(run.errors()).isEmpty();
            assertThat(Files.readString(dir.resolve("long.csv"))).isEqualTo("count(*)\n3\n");
            assertThat(captured.lines()).contains("WARN job long: 1 line in " + log + " was longer than MaxLineLength"
                    + " (1024 bytes) and was split into 3 pieces; raise Server.MaxLineLength in dserver's config to read"
                    + " it whole");
        }
    }
}
