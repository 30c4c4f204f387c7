package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RestartOnDayChange}: with a clock that reaches midnight a couple of seconds into the test
 * (the real clock, shifted), the job follows {@code app-$today.log} and appends to
 * {@code out-$today.csv} (an {@code outfile append} clause) of the old day up to midnight, and of the new day after it.
 */
@Timeout(60)
class ContinuousDayChangeTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    /** The job's time zone is not UTC, and the midnight is its own: 2031-03-09T00:00+02:00. */
    private static final ZoneOffset ZONE = ZoneOffset.ofHours(2);
    private static final Instant MIDNIGHT = Instant.parse("2031-03-08T22:00:00Z");
    private static final String QUERY = "select day, tag, count(*) group by day, tag interval 500ms logformat generickv";

    @TempDir
    Path dir;

    /** Per CSV file: the rows' (day -> summed count). */
    private static Map<String, Long> countsByDay(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("day,tag,count(*)");
        Map<String, Long> counts = new TreeMap<>();
        for (String row : lines.subList(1, lines.size())) {
            String[] f = row.split(",");
            counts.merge(f[0], Long.parseLong(f[2]), Long::sum);
        }
        return counts;
    }

    @Test
    void atMidnightTheJobSwitchesToTheNewDaysFileAndOutfile() throws Exception {
        Clock real = Clock.system(ZONE);
        // the job starts 2.2 s before midnight
        Clock clock = Clock.offset(real, Duration.between(real.instant(), MIDNIGHT.minusMillis(2_200)));
        Path oldLog = Files.createFile(dir.resolve("app-20310308.log"));
        Path newLog = dir.resolve("app-20310309.log");
        Path oldCsv = dir.resolve("out-20310308.csv");
        Path newCsv = dir.resolve("out-20310309.csv");
        JobReports reports = new JobReports();
        long midnightIndex = MIDNIGHT.toEpochMilli() / INTERVAL.toMillis();
        long oldLines = 0;
        long earlyLines = 0;
        long newLines = 0;
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(ContinuousTesting.job("daily",
                        List.of(dir.resolve("app-$today.log").toString()),
                        QUERY + " outfile append \"" + dir.resolve("out-$today.csv") + "\"",
                        Optional.empty(), Optional.empty(), Optional.empty(), true)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, clock)) {
            assertThat(jobs.names()).containsExactly("daily");
            ContinuousTesting.awaitRun(reports, "daily", r -> true, Duration.ofSeconds(5));
            ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(clock, INTERVAL);
            for (int i = 0; i < 20; i++) {
                long index = writer.nextWindow();
                if (index < midnightIndex - 1) {
                    writer.write(index, ("day=old|tag=" + index + "\n").repeat(3), oldLog);
                    oldLines += 3;
                } else if (index == midnightIndex - 1) {
                    // the application opens the new day's file a little early (its clock runs ahead):
                    // lines there before the job restarts are not lost
                    writer.write(index, ("day=new|tag=" + index + "\n").repeat(2), newLog);
                    earlyLines += 2;
                } else {
                    writer.write(index, ("day=new|tag=" + index + "\n").repeat(4), newLog);
                    newLines += 4;
                    // a straggler in yesterday's file: the job follows today's file now
                    writer.write(index, "day=stray|tag=" + index + "\n", oldLog);
                }
                if (index >= midnightIndex + 2) {
                    break;
                }
            }
            Instant lastStart = Instant.ofEpochMilli((midnightIndex + 2) * INTERVAL.toMillis());
            JobReports.Run last = ContinuousTesting.awaitRun(reports, "daily", r -> !r.started().isBefore(lastStart),
                    Duration.ofSeconds(5));
            assertThat(last.errors()).isEmpty();
        }
        assertThat(oldLines).as("the test wrote to the old day's file").isPositive();
        assertThat(countsByDay(oldCsv)).isEqualTo(Map.of("old", oldLines));
        assertThat(countsByDay(newCsv)).isEqualTo(Map.of("new", earlyLines + newLines));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")))
                    .containsExactlyInAnyOrder("out-20310308.csv", "out-20310309.csv");
        }
    }
}
