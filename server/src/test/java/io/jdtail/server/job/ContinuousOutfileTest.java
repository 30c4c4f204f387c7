package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous job's outfile follows the query language, as DTail's: {@code Outfile} (DTail adds
 * {@code outfile PATH} to the query) and {@code outfile "x"} hold the latest interval, {@code outfile append "x"}
 * every interval; the {@code .query} sidecar holds DTail's bytes.
 */
@Timeout(60)
class ContinuousOutfileTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String QUERY = "select tag, count(*) group by tag interval 2s logformat generickv";

    @TempDir
    Path dir;

    /**
     * Writes {@code tag=first} in one interval and {@code tag=second} in the next; returns the outfile's content
     * as it is right after the job has recorded the second interval (on the job's manual time, the next interval
     * ends only when the test says so).
     */
    private String twoIntervals(String name, String query, Optional<String> outfile, Path out) throws Exception {
        Path log = Files.createFile(dir.resolve(name + ".log"));
        JobReports reports = new JobReports();
        ContinuousTesting.ManualIntervals time = new ContinuousTesting.ManualIntervals(INTERVAL, Instant.now());
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(ContinuousTesting.job(name, List.of(log.toString()),
                        query, outfile, Optional.empty(), Optional.empty(), false)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, time.ticker(), ZoneOffset.UTC, Optional.empty())) {
            assertThat(jobs.names()).containsExactly(name);
            time.awaitFollowing();
            time.endInterval(); // the first, short interval (from the job's start): nothing written in it
            Files.writeString(log, "tag=first\n", StandardOpenOption.APPEND);
            time.endInterval();
            Instant secondStart = time.intervalStart();
            Files.writeString(log, "tag=second\n".repeat(2), StandardOpenOption.APPEND);
            time.endInterval();
            JobReports.Run run = ContinuousTesting.awaitRun(reports, name,
                    r -> !r.started().isBefore(secondStart), Duration.ofSeconds(10));
            String content = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(run.started()).as("the run read is the second interval's").isEqualTo(secondStart);
            assertThat(run.errors()).isEmpty();
            assertThat(run.rows()).isEqualTo(1);
            time.close(jobs);
            return content;
        }
    }

    @Test
    void outfileClauseHoldsTheLatestInterval() throws Exception {
        Path out = dir.resolve("latest.csv");
        String query = QUERY + " outfile \"" + out + "\"";
        assertThat(twoIntervals("latest", query, Optional.empty(), out)).isEqualTo("tag,count(*)\nsecond,2\n");
        assertThat(Files.readString(dir.resolve("latest.csv.query"))).isEqualTo(query);
    }

    @Test
    void outfileKeyHoldsTheLatestIntervalAndItsSidecarIsDtails() throws Exception {
        Path out = dir.resolve("key.csv");
        assertThat(twoIntervals("key", QUERY, Optional.of(out.toString()), out)).isEqualTo("tag,count(*)\nsecond,2\n");
        // DTail runs the job's query with " outfile PATH" added, and writes that to the sidecar as it is
        assertThat(Files.readAllBytes(dir.resolve("key.csv.query")))
                .isEqualTo((QUERY + " outfile " + out).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void outfileAppendClauseKeepsEveryInterval() throws Exception {
        Path out = dir.resolve("all.csv");
        String query = QUERY + " outfile append \"" + out + "\"";
        String content = twoIntervals("all", query, Optional.empty(), out);
        assertThat(content.lines().toList()).first().isEqualTo("tag,count(*)");
        assertThat(content.lines().skip(1).toList()).containsExactly("first,1", "second,2");
        assertThat(Files.readString(dir.resolve("all.csv.query"))).isEqualTo(query);
    }
}
