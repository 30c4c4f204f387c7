package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.job.ContinuousJobs;
import io.jdtail.server.job.ContinuousTesting;
import io.jdtail.server.job.JobReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous job's figures for each interval equal a {@code dmap} over exactly the lines written
 * in that interval. The writer tags every line with its interval (the epoch second) and writes
 * each interval's lines both to the followed file and to a file of their own, which {@code dmap}
 * reads; the tag is a group-by field, so a line counted in the wrong interval, an interval counted
 * twice (a cumulative result) or a lost line all show as a difference.
 */
@Timeout(60)
class ContinuousQueryEqualsDmapTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int INTERVALS = 4;
    private static final String[] GROUPS = {"alpha", "beta", "gamma", "delta", "epsilon"};

    /** where, order and limit: the top three groups of each interval by sum. */
    private static final String TOP = "select tag, g, count(*), sum(v), avg(v), min(v), max(v)"
            + " where v >= 5 group by tag, g order by sum(v) limit 3 interval 1s logformat generickv";
    /** Every group, rorder by the group name; count($line) also counts lines whose v is not a number. */
    private static final String ALL = "select g, tag, count($line), sum(v), min(v), max(v), avg(v), last(v)"
            + " group by g, tag rorder by g interval 1s logformat generickv";
    /** Percentiles and distinct counts per interval, ordered by one; values that are no number are left out of the percentiles. */
    private static final String SKETCHES = "select tag, g, p50(v), p99(v), quantile(v, 0), count_distinct(v)"
            + " group by tag, g order by p99(v) interval 1s logformat generickv";

    @TempDir
    Path dir;

    /** The lines of interval {@code tag}: a few per group, integer values, now and then a value that is no number. */
    private static String lines(long tag) {
        Random random = new Random(tag);
        StringBuilder b = new StringBuilder();
        int n = 20 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            String g = GROUPS[random.nextInt(GROUPS.length)];
            String v = random.nextInt(12) == 0 ? "oops" : Integer.toString(random.nextInt(1000));
            b.append("tag=").append(tag).append("|g=").append(g).append("|v=").append(v).append('\n');
        }
        return b.toString();
    }

    /** Data rows of a CSV result file, by the value of its {@code tag} column, in file order. */
    private static Map<String, List<String>> rowsByTag(List<String> csv) {
        int tagColumn = List.of(csv.getFirst().split(",")).indexOf("tag");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String row : csv.subList(1, csv.size())) {
            String tag = row.split(",")[tagColumn];
            if (!order.isEmpty() && !order.getLast().equals(tag)) {
                assertThat(order).as("the rows of one interval come together, intervals in order").doesNotContain(tag);
            }
            order.add(tag);
            rows.computeIfAbsent(tag, t -> new ArrayList<>()).add(row);
        }
        return rows;
    }

    @Test
    void everyIntervalsFiguresEqualADmapOverThatIntervalsLines() throws Exception {
        Path log = Files.createFile(dir.resolve("app.log"));
        Path topCsv = dir.resolve("top.csv");
        Path allCsv = dir.resolve("all.csv");
        Path sketchesCsv = dir.resolve("sketches.csv");
        JobReports reports = new JobReports();
        Clock clock = Clock.systemUTC();
        List<Long> tags = new ArrayList<>();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(
                ContinuousTesting.job("top", List.of(log.toString()), TOP + " outfile append \"" + topCsv + "\"",
                        Optional.empty(), Optional.empty(), Optional.empty(), false),
                ContinuousTesting.job("all", List.of(dir.resolve("*.log").toString()), ALL + " outfile append \"" + allCsv + "\"",
                        Optional.empty(), Optional.empty(), Optional.empty(), false),
                ContinuousTesting.job("sketches", List.of(log.toString()), SKETCHES + " outfile append \"" + sketchesCsv + "\"",
                        Optional.empty(), Optional.empty(), Optional.empty(), false)),
                ContinuousTesting.SETTINGS, HostContext.local(), reports, clock)) {
            assertThat(jobs.names()).containsExactly("top", "all", "sketches");
            // both jobs follow their files once they have reported an interval
            ContinuousTesting.awaitRun(reports, "top", r -> true, Duration.ofSeconds(5));
            ContinuousTesting.awaitRun(reports, "all", r -> true, Duration.ofSeconds(5));
            ContinuousTesting.awaitRun(reports, "sketches", r -> true, Duration.ofSeconds(5));

            ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(clock, INTERVAL);
            for (int i = 0; i < INTERVALS; i++) {
                long tag = writer.nextWindow();
                // the dmap reference goes to a file the jobs do not follow (the glob ends in .log)
                writer.write(tag, lines(tag), log, dir.resolve("interval-" + tag + ".ref"));
                tags.add(tag);
            }
            Instant lastStart = Instant.ofEpochMilli(tags.getLast() * INTERVAL.toMillis());
            for (String job : List.of("top", "all", "sketches")) {
                JobReports.Run run = ContinuousTesting.awaitRun(reports, job, r -> !r.started().isBefore(lastStart),
                        Duration.ofSeconds(5));
                assertThat(run.errors()).as(job).isEmpty();
            }
        }

        for (var job : Map.of("top", List.of(TOP, topCsv), "all", List.of(ALL, allCsv), "sketches", List.of(SKETCHES, sketchesCsv))
                .entrySet()) {
            String query = (String) job.getValue().get(0);
            List<String> csv = Files.readAllLines((Path) job.getValue().get(1));
            Map<String, List<String>> byTag = rowsByTag(csv);
            assertThat(byTag.keySet()).as(job.getKey() + ": one set of rows per interval written, nothing else")
                    .containsExactlyElementsOf(tags.stream().map(String::valueOf).toList());
            for (long tag : tags) {
                Path reference = dir.resolve("dmap-" + job.getKey() + "-" + tag + ".csv");
                E2eServers.dmap(query + " outfile \"" + reference + "\"", dir.resolve("interval-" + tag + ".ref"));
                List<String> expected = Files.readAllLines(reference);
                assertThat(csv.getFirst()).as(job.getKey() + " header").isEqualTo(expected.getFirst());
                assertThat(byTag.get(String.valueOf(tag)))
                        .as(job.getKey() + ": interval " + tag)
                        .containsExactlyElementsOf(expected.subList(1, expected.size()));
            }
        }
        // the limit applied per interval
        assertThat(rowsByTag(Files.readAllLines(topCsv)).values()).allSatisfy(rows -> assertThat(rows).hasSize(3));
    }
}
