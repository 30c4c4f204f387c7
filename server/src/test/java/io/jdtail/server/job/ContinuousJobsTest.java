package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.operator.HostContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs that cannot run are refused at start, named, with the reason; the others run. */
@Timeout(30)
class ContinuousJobsTest {

    private static final String QUERY = "select g, count(*) group by g interval 1s logformat generickv";

    @TempDir
    Path dir;

    private ContinuousJob job(String name, String query, Optional<String> outfile, List<String> servers,
                              Optional<String> discovery, boolean enable) {
        return new ContinuousJob(name, enable, List.of(dir.resolve("app.log").toString()), query, outfile, List.of(),
                false, Optional.empty(), Optional.empty(), servers, discovery);
    }

    @Test
    void remoteBrokenAndDisabledJobsAreNotStartedAndTheRestRun() {
        Optional<String> out = Optional.of(dir.resolve("out.csv").toString());
        JobReports reports = new JobReports();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(
                new ContinuousJob("remote", true, List.of(dir.resolve("app.log").toString()), QUERY, out, List.of(),
                        true, Optional.empty(), Optional.empty(), List.of("web01:2222", "web02"), Optional.empty()),
                job("discovered", QUERY, out, List.of("web03"), Optional.of("comma"), true),
                job("bad query", "select count(*) group", out, List.of(), Optional.empty(), true),
                job("two outfiles", QUERY + " outfile \"" + dir.resolve("x.csv") + "\"", out, List.of(), Optional.empty(), true),
                job("off", QUERY, out, List.of(), Optional.empty(), false),
                job("fine", QUERY, out, List.of(), Optional.of("comma"), true)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, Clock.systemUTC())) {
            assertThat(jobs.names()).containsExactly("fine");
            assertThat(reports.failing()).extracting(JobReports.Run::job)
                    .containsExactly("bad query", "discovered", "remote", "two outfiles");
            // jobs over other servers are tested in e2e.ContinuousJobsOverServersTest; refused here:
            assertThat(reports.lastRuns().get("remote").errors().getFirst())
                    .contains("RestartOnDayChange is not supported together with Servers");
            assertThat(reports.lastRuns().get("discovered").errors().getFirst())
                    .contains("Servers [web03]", "no CacheDir for the job identity");
            assertThat(reports.lastRuns().get("bad query").errors().getFirst()).contains("Query: line 1:");
            assertThat(reports.lastRuns().get("two outfiles").errors().getFirst()).contains("Outfile", "outfile clause");
            assertThat(reports.lastRuns()).doesNotContainKey("off");
        }
    }

    @Test
    void aJobWhoseReaderDiesOfAnErrorReportsItAndGoesOn() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("app.log"), "");
        JobReports reports = new JobReports();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(
                job("linkage", "from LINKAGE select count(*) interval 1s logformat brokenplugin",
                        Optional.of(dir.resolve("out.csv").toString()), List.of(), Optional.empty(), true)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, Clock.systemUTC())) {
            assertThat(jobs.names()).containsExactly("linkage");
            JobReports.Run failed = ContinuousTesting.awaitRun(reports, "linkage", JobReports.Run::failed,
                    java.time.Duration.ofSeconds(10));
            assertThat(String.join("; ", failed.errors())).contains("NoClassDefFoundError", "MissingDependency");
        }
    }
}
