package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous job over a csv file it follows from the file's end: the file's first line is still its header, so
 * the rows appended are counted (read once, the same file counts them too).
 */
@Timeout(60)
class ContinuousCsvJobTest {

    private static final String QUERY = "select a, count(b) group by a interval 1s logformat csv";

    @TempDir
    Path dir;

    @Test
    void rowsAppendedToACsvFileFollowedFromItsEndAreCountedByItsHeader() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b\nold,1\n");
        Path out = dir.resolve("out.csv");
        JobReports reports = new JobReports();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(
                ContinuousTesting.job("csv", List.of(csv.toString()), QUERY + " outfile append \"" + out + "\"",
                        Optional.empty(), Optional.empty(), Optional.empty(), false)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, Clock.systemUTC())) {
            // an interval reported: the job follows the file (from its end)
            ContinuousTesting.awaitRun(reports, "csv", r -> true, Duration.ofSeconds(10));
            Files.writeString(csv, "x,1\ny,2\nx,3\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            JobReports.Run counted = ContinuousTesting.awaitRun(reports, "csv", r -> r.rows() > 0, Duration.ofSeconds(10));
            assertThat(counted.errors()).isEmpty();
        }
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.getFirst()).isEqualTo("a,count(b)");
        assertThat(rows.subList(1, rows.size())).containsExactlyInAnyOrder("x,2", "y,1");
    }
}
