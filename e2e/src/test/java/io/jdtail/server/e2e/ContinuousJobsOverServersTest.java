package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.server.job.ContinuousJobs;
import io.jdtail.server.job.ContinuousTesting;
import io.jdtail.server.job.JobIdentity;
import io.jdtail.server.job.JobReports;
import io.jdtail.server.ssh.SessionHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous jobs over other dservers: real in-process targets on 127.0.0.1, each following its own
 * file (the target's Permissions let the job login read only its own directory), logged in to with
 * the source's job identity. The figures of every interval equal a {@code dmap} over exactly the
 * lines written to both files in that interval: the writer tags each line with its interval, and the
 * tag is a group-by field, so a line counted in the wrong interval, twice, or not at all shows.
 */
@Timeout(60)
class ContinuousJobsOverServersTest {

    static final String JOB = "live";
    /** 2 s: each interval's lines are written well inside it (see {@link ContinuousTesting.IntervalWriter}). */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final int INTERVALS = 3;
    static final String QUERY = "select tag, src, count($line), sum(v), max(v) group by tag, src order by sum(v)"
            + " interval 2s logformat generickv";

    @TempDir
    Path dir;
    E2eServers servers;
    Path sourceCache;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        servers = new E2eServers(dir);
        sourceCache = dir.resolve("source-cache");
        data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the source's identity, authorized on the targets (what the operator does once)
        JobIdentity.load(sourceCache);
        Path keys = servers.cacheDir.resolve(JOB + ".authorized_keys");
        Files.copy(sourceCache.resolve(JobIdentity.FILE_NAME + ".pub"), keys, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void tearDown() {
        servers.close();
    }

    /** The target's log file, in a directory of its own that only its job login may read. */
    Path logOf(String hostname) throws IOException {
        Path d = Files.createDirectories(data.resolve(hostname));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path f = Files.createFile(d.resolve("app.log"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    /** A target that knows job {@value #JOB} (not enabled there) with {@code allowFrom}, reading only its own directory. */
    E2eServers.Server target(String hostname, String allowFrom) throws IOException {
        return target(hostname, allowFrom, h -> h);
    }

    /** As {@link #target(String, String)}, its session handler decorated by {@code wrap} (a slow link). */
    E2eServers.Server target(String hostname, String allowFrom, UnaryOperator<SessionHandler> wrap) throws IOException {
        return servers.start(hostname, "\"Permissions\": {\"" + JOB + "\": [\"readfiles:^" + data.resolve(hostname) + "/\"]},"
                + " \"Continuous\": [{\"Name\": \"" + JOB + "\", \"Enable\": false, \"Files\": \"/unused\","
                + " \"Query\": \"select count($line)\", \"Outfile\": \"/unused.csv\", \"AllowFrom\": " + allowFrom + "}]", wrap);
    }

    ContinuousJobs start(List<E2eServers.Server> targets, List<Path> files, Path csv, JobReports reports) {
        ContinuousJob job = new ContinuousJob(JOB, true, files.stream().map(Path::toString).toList(),
                QUERY + " outfile append \"" + csv + "\"", Optional.empty(), List.of(), false, Optional.empty(), Optional.empty(),
                targets.stream().map(E2eServers.Server::flag).toList(), Optional.empty());
        return ContinuousJobs.start(List.of(job), PlannerSettings.DEFAULTS, HostContext.local(), reports,
                Clock.systemUTC(), Optional.of(new ContinuousJobs.RemoteAccess(sourceCache, 2222, Duration.ofSeconds(10))));
    }

    /** Interval {@code tag}'s lines of one source: integer values, now and then one that is no number. */
    static String lines(long tag, String src) {
        Random random = new Random(tag * 31 + src.hashCode());
        StringBuilder b = new StringBuilder();
        int n = 10 + random.nextInt(20);
        for (int i = 0; i < n; i++) {
            String v = random.nextInt(12) == 0 ? "oops" : Integer.toString(random.nextInt(1000));
            b.append("tag=").append(tag).append("|src=").append(src).append("|v=").append(v).append('\n');
        }
        return b.toString();
    }

    /** Data rows of the job's CSV by their tag column, checking that an interval's rows come together. */
    static Map<String, List<String>> rowsByTag(List<String> csv) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        String previous = null;
        for (String row : csv.subList(1, csv.size())) {
            String tag = row.split(",")[0];
            if (!tag.equals(previous)) {
                assertThat(rows).as("the rows of one interval come together").doesNotContainKey(tag);
            }
            previous = tag;
            rows.computeIfAbsent(tag, t -> new ArrayList<>()).add(row);
        }
        return rows;
    }

    /** Asserts the job's rows of each interval are what dmap makes of {@code interval-<tag>.ref}, and nothing else. */
    void assertEqualsDmap(Path csv, List<Long> tags) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        Map<String, List<String>> byTag = rowsByTag(lines);
        assertThat(byTag.keySet()).as("one set of rows per interval written, nothing else")
                .containsExactlyElementsOf(tags.stream().map(String::valueOf).toList());
        for (long tag : tags) {
            Path reference = dir.resolve("dmap-" + tag + ".csv");
            E2eServers.dmap(QUERY + " outfile \"" + reference + "\"", dir.resolve("interval-" + tag + ".ref"));
            List<String> expected = Files.readAllLines(reference);
            assertThat(lines.getFirst()).as("header").isEqualTo(expected.getFirst());
            assertThat(byTag.get(String.valueOf(tag))).as("interval " + tag)
                    .containsExactlyElementsOf(expected.subList(1, expected.size()));
        }
    }

    @Test
    void everyIntervalMergesBothServersAndEqualsADmapOverThatIntervalsLines() throws Exception {
        Path alphaLog = logOf("alpha");
        Path betaLog = logOf("beta");
        assertEveryIntervalMergesBoth(target("alpha", "[\"127.0.0.1\"]"), alphaLog, target("beta", "[\"127.0.0.1\"]"), betaLog);
    }

    /**
     * A target whose partials reach the job a whole second after each interval's end (a slow link; the other is on
     * time) is still in the rows of every interval: intervals are made by the interval each partial carries, and
     * an interval is written once every connected target's partial of it is in. (Put into intervals by arrival,
     * with a grace of min(1 s, interval / 5) = 400 ms, its figures went into the next interval, and each
     * interval was written with "no result for this interval" for it.)
     */
    @Test
    void aTargetWhosePartialsArriveLateIsStillInEveryIntervalsRows() throws Exception {
        Path alphaLog = logOf("alpha");
        Path betaLog = logOf("beta");
        assertEveryIntervalMergesBoth(target("alpha", "[\"127.0.0.1\"]"), alphaLog,
                target("beta", "[\"127.0.0.1\"]", DelegatingChannel.partialsArriveLate(Duration.ofSeconds(1))), betaLog);
    }

    private void assertEveryIntervalMergesBoth(E2eServers.Server alpha, Path alphaLog, E2eServers.Server beta, Path betaLog)
            throws Exception {
        Path csv = dir.resolve("live.csv");
        JobReports reports = new JobReports();
        Clock clock = Clock.systemUTC();
        List<Long> tags = new ArrayList<>();
        try (ContinuousJobs jobs = start(List.of(alpha, beta), List.of(alphaLog, betaLog), csv, reports)) {
            assertThat(jobs.names()).containsExactly(JOB);
            // both servers follow once an interval has a result from each (the first one also says
            // that each may not read the other's file)
            ContinuousTesting.awaitRun(reports, JOB, r -> r.errors().isEmpty(), Duration.ofSeconds(15));

            ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(clock, INTERVAL);
            for (int i = 0; i < INTERVALS; i++) {
                long tag = writer.nextWindow();
                Path reference = dir.resolve("interval-" + tag + ".ref");
                writer.write(tag, lines(tag, "alpha"), alphaLog, reference);
                writer.write(tag, lines(tag, "beta"), betaLog, reference);
                tags.add(tag);
            }
            Instant lastStart = Instant.ofEpochMilli(tags.getLast() * INTERVAL.toMillis());
            JobReports.Run last = ContinuousTesting.awaitRun(reports, JOB, r -> !r.started().isBefore(lastStart),
                    Duration.ofSeconds(5));
            assertThat(last.errors()).isEmpty();
            assertThat(last.rows()).isEqualTo(2);
            assertThat(last.took()).isEqualTo(INTERVAL);
        }
        assertEqualsDmap(csv, tags);
    }

    @Test
    void aTargetThatRefusesTheJobIsAnErrorOfTheRunsAndTheOtherStillCounts() throws Exception {
        Path alphaLog = logOf("alpha");
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        E2eServers.Server gamma = target("gamma", "[\"192.0.2.1\"]");
        Path csv = dir.resolve("live.csv");
        JobReports reports = new JobReports();
        Clock clock = Clock.systemUTC();
        List<Long> tags = new ArrayList<>();
        try (ContinuousJobs jobs = start(List.of(alpha, gamma), List.of(alphaLog), csv, reports)) {
            String refused = gamma.flag() + ": authentication failed";
            // alpha follows once an interval has its result: gamma's refusal is then the only error
            ContinuousTesting.awaitRun(reports, JOB, r -> r.errors().size() == 1
                    && r.errors().getFirst().startsWith(refused), Duration.ofSeconds(15));

            ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(clock, INTERVAL);
            long tag = writer.nextWindow();
            writer.write(tag, lines(tag, "alpha"), alphaLog, dir.resolve("interval-" + tag + ".ref"));
            tags.add(tag);
            Instant start = Instant.ofEpochMilli(tag * INTERVAL.toMillis());
            JobReports.Run run = ContinuousTesting.awaitRun(reports, JOB, r -> !r.started().isBefore(start),
                    Duration.ofSeconds(5));
            assertThat(run.failed()).as("what dtailhealth warns about").isTrue();
            assertThat(run.rows()).isEqualTo(1);
            assertThat(run.errors()).singleElement().satisfies(e -> assertThat(e).startsWith(refused)
                    .contains("job live must exist with this host in its AllowFrom",
                            sourceCache.resolve("job_identity.pub").toString()));
        }
        assertEqualsDmap(csv, tags);
    }
}
