package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled jobs over local files: real files, real csv output, a clock the test sets. */
class ScheduledJobsTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String QUERY = "from REQUEST select status, count($line), avg(latency) group by status"
            + " order by count($line)";

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(String instant) {
            now = Instant.parse(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static String request(String time, int status, int latency) {
        return "INFO|" + time + "|4242|handler.go:77|2|10|7|0.50|12h0m1s|MAPREDUCE:REQUEST|method=GET|status="
                + status + "|latency=" + latency + "\n";
    }

    /** Three requests: two 200s (latency 10 and 20), one 500 (30); plus a line of another table. */
    Path log(String name) throws IOException {
        return Files.writeString(dir.resolve(name), request("0314-101010", 200, 10) + request("0314-101011", 500, 30)
                + "INFO|0314-101012|4242|stats.go:56|2|10|7|0.50|12h0m1s|MAPREDUCE:STATS|goroutines=11\n"
                + request("0314-101012", 200, 20));
    }

    static final String EXPECTED = "status,count($line),avg(latency)\n200,2,15.000000\n500,1,30.000000\n";

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String job(String name, boolean enable, int from, int to, String files, String query, String outfile) {
        return "{\"Name\": " + quote(name) + ", \"Enable\": " + enable + ", \"TimeRange\": [" + from + ", " + to + "],"
                + " \"Files\": " + quote(files) + ", \"Query\": " + quote(query) + ", \"Outfile\": " + quote(outfile)
                + "}";
    }

    DtailConfig config(String... jobs) throws Exception {
        return ConfigLoader.parse("{\"Common\": {\"CacheDir\": " + quote(dir.resolve("cache").toString()) + "},"
                + " \"Server\": {\"Schedule\": [" + String.join(", ", jobs) + "]}}", "test").config();
    }

    static ScheduledJobs.Options options(Clock clock) {
        return ScheduledJobs.Options.defaults().withClock(clock).withHost(new HostContext("testhost", ZoneOffset.UTC));
    }

    static List<JobReports.Run> await(List<CompletableFuture<JobReports.Run>> runs) throws Exception {
        List<JobReports.Run> out = new java.util.ArrayList<>();
        for (CompletableFuture<JobReports.Run> f : runs) {
            out.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return out;
    }

    static Map<String, JobReports.Run> byName(List<JobReports.Run> runs) {
        return runs.stream().collect(Collectors.toMap(JobReports.Run::job, r -> r));
    }

    @Test
    void aDueJobWritesItsCsvOnceAndLaterPassesLeaveIt() throws Exception {
        log("app-20240314.log");
        Files.createDirectories(dir.resolve("reports"));
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T10:30:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(job("daily", true, 10, 11,
                dir + "/app-$yesterday.log", QUERY, dir + "/reports/daily-$yesterday.csv")), reports, options(clock))) {
            List<JobReports.Run> runs = await(jobs.pass());
            assertEquals(1, runs.size());
            JobReports.Run run = runs.getFirst();
            assertEquals(List.of(), run.errors());
            assertEquals(2, run.rows());
            assertEquals(run, reports.lastRuns().get("daily"));

            Path out = dir.resolve("reports/daily-20240314.csv");
            assertEquals(EXPECTED, Files.readString(out));
            // DTail's bytes: the job's query, " outfile " and the day's outfile, no final newline
            assertArrayEquals((QUERY + " outfile " + out).getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(dir.resolve("reports/daily-20240314.csv.query")));

            // the report of the day exists: a later pass (an hour still in range) does not make it again,
            // even though the input changed
            Files.writeString(out, "kept\n");
            Files.writeString(dir.resolve("app-20240314.log"), request("0314-111111", 404, 1),
                    java.nio.file.StandardOpenOption.APPEND);
            clock.now = Instant.parse("2024-03-15T10:59:59Z");
            assertEquals(List.of(), jobs.pass());
            assertEquals("kept\n", Files.readString(out));
            assertEquals(run, reports.lastRuns().get("daily"), "no new run was recorded");
            try (var files = Files.list(dir.resolve("reports"))) {
                assertEquals(List.of("daily-20240314.csv", "daily-20240314.csv.query"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
            }
        }
    }

    @Test
    void nothingRunsOutsideTheTimeRangeOrWhenDisabled() throws Exception {
        log("app.log");
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T09:59:59Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(
                job("ranged", true, 10, 12, dir + "/app.log", QUERY, dir + "/ranged.csv"),
                job("off", false, 0, 24, dir + "/app.log", QUERY, dir + "/off.csv")), reports, options(clock))) {
            assertEquals(List.of("ranged"), jobs.jobs().stream().map(j -> j.name()).toList());
            assertEquals(List.of(), jobs.pass(), "09:59 is before [10, 12)");
            clock.now = Instant.parse("2024-03-15T12:00:00Z");
            assertEquals(List.of(), jobs.pass(), "12:00 is after [10, 12)");
            assertFalse(Files.exists(dir.resolve("ranged.csv")));
            assertFalse(Files.exists(dir.resolve("off.csv")));
            assertEquals(Map.of(), reports.lastRuns());

            clock.now = Instant.parse("2024-03-15T11:59:59Z");
            assertEquals(1, await(jobs.pass()).size());
            assertEquals(EXPECTED, Files.readString(dir.resolve("ranged.csv")));
            assertFalse(Files.exists(dir.resolve("off.csv")));
        }
    }

    @Test
    void theTimeRangeIsInTheClocksZone() throws Exception {
        log("app.log");
        // 23:30 UTC is 00:30 the next day in Europe/Berlin (winter): hour 0, date 20240316
        Clock berlin = Clock.fixed(Instant.parse("2024-03-15T23:30:00Z"), ZoneId.of("Europe/Berlin"));
        try (ScheduledJobs jobs = new ScheduledJobs(config(job("night", true, 0, 1, dir + "/app.log", QUERY,
                dir + "/night-$today.csv")), new JobReports(), options(berlin))) {
            assertEquals(1, await(jobs.pass()).size());
            assertEquals(EXPECTED, Files.readString(dir.resolve("night-20240316.csv")));
        }
    }

    @Test
    void placeholdersInFilesAndOutfileFollowTheClocksDate() throws Exception {
        Files.writeString(dir.resolve("app-20240314.log"), request("0314-000000", 200, 1));
        Files.writeString(dir.resolve("app-20240315.log"), request("0315-000000", 500, 2)
                + request("0315-000001", 500, 4));
        TestClock clock = new TestClock("2024-03-15T02:00:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(job("days", true, 1, 4, dir + "/app-$yesterday.log",
                QUERY, dir + "/days-$yesterday.csv")), new JobReports(), options(clock))) {
            assertEquals(1, await(jobs.pass()).size());
            clock.now = Instant.parse("2024-03-16T03:00:00Z");
            assertEquals(1, await(jobs.pass()).size(), "a new day: a new outfile name, so the job runs again");
            assertEquals("status,count($line),avg(latency)\n200,1,1.000000\n",
                    Files.readString(dir.resolve("days-20240314.csv")));
            assertEquals("status,count($line),avg(latency)\n500,2,3.000000\n",
                    Files.readString(dir.resolve("days-20240315.csv")));
        }
    }

    @Test
    void aFailingJobNeverStopsTheOthersAndIsTriedAgainUntilItSucceeds() throws Exception {
        log("app.log");
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T10:00:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(
                job("no-directory", true, 0, 24, dir + "/app.log", QUERY, dir + "/missing/out.csv"),
                job("no-input", true, 0, 24, dir + "/nope-$today.log", QUERY, dir + "/no-input.csv"),
                job("good", true, 0, 24, dir + "/app.log", QUERY, dir + "/good.csv")), reports, options(clock))) {
            Map<String, JobReports.Run> runs = byName(await(jobs.pass()));
            assertEquals(3, runs.size());
            assertEquals(List.of(), runs.get("good").errors());
            assertEquals(EXPECTED, Files.readString(dir.resolve("good.csv")));

            List<String> noDir = runs.get("no-directory").errors();
            assertEquals(1, noDir.size(), noDir::toString);
            assertTrue(noDir.getFirst().contains("directory " + dir.resolve("missing") + " does not exist"),
                    noDir::toString);
            assertFalse(Files.exists(dir.resolve("missing")));

            List<String> noInput = runs.get("no-input").errors();
            assertEquals(List.of(dir + "/nope-20240315.log: no such file",
                    "nothing could be read; " + dir.resolve("no-input.csv") + " not written (tried again at the next"
                            + " pass)"), noInput);
            assertFalse(Files.exists(dir.resolve("no-input.csv")));
            assertEquals(List.of("no-directory", "no-input"),
                    reports.failing().stream().map(JobReports.Run::job).toList());

            // fixed: the next pass runs both again (and leaves the good one alone)
            Files.createDirectories(dir.resolve("missing"));
            Files.copy(dir.resolve("app.log"), dir.resolve("nope-20240315.log"));
            runs = byName(await(jobs.pass()));
            assertEquals(java.util.Set.of("no-directory", "no-input"), runs.keySet());
            assertEquals(EXPECTED, Files.readString(dir.resolve("missing/out.csv")));
            assertEquals(EXPECTED, Files.readString(dir.resolve("no-input.csv")));
            assertEquals(List.of(), reports.failing());
        }
    }

    @Test
    void aSomewhatReadableInputIsWrittenAndItsProblemsAreTheRunsErrors() throws Exception {
        log("a.log");
        log("b.log");
        TestClock clock = new TestClock("2024-03-15T10:00:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(job("partial", true, 0, 24,
                dir + "/a.log," + dir + "/gone.log," + dir + "/b.log", QUERY, dir + "/partial.csv")),
                new JobReports(), options(clock))) {
            JobReports.Run run = await(jobs.pass()).getFirst();
            assertEquals(List.of(dir + "/gone.log: no such file"), run.errors());
            assertEquals("status,count($line),avg(latency)\n200,4,15.000000\n500,2,30.000000\n",
                    Files.readString(dir.resolve("partial.csv")));
        }
    }

    @Test
    void aQueryThatDoesNotCompileIsReportedOnceAndNeverRun() throws Exception {
        log("app.log");
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T10:00:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(
                job("typo", true, 0, 24, dir + "/app.log", "select count($line) grup by status", dir + "/t.csv"),
                job("own-outfile", true, 0, 24, dir + "/app.log", "select count($line) outfile \"/tmp/x.csv\"",
                        dir + "/o.csv"),
                job("fine", true, 0, 24, dir + "/app.log", QUERY, dir + "/fine.csv")), reports, options(clock))) {
            assertEquals(List.of("fine"), jobs.jobs().stream().map(j -> j.name()).toList());
            Map<String, JobReports.Run> failing = byName(reports.failing());
            assertEquals(java.util.Set.of("typo", "own-outfile"), failing.keySet());
            String typo = failing.get("typo").errors().getFirst();
            assertTrue(typo.startsWith("Query: ") && typo.contains("1:") && typo.contains("will not run"), typo);
            assertTrue(failing.get("own-outfile").errors().getFirst().contains("outfile clause"),
                    failing.get("own-outfile").errors()::toString);

            assertEquals(List.of("fine"), await(jobs.pass()).stream().map(JobReports.Run::job).toList());
            assertFalse(Files.exists(dir.resolve("t.csv")));
            assertFalse(Files.exists(dir.resolve("o.csv")));
        }
    }

    /** Makes a named pipe: a reader of it blocks until the test writes, so a run lasts as long as the test wants. */
    Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        return p;
    }

    /** Writes {@code text} into the pipe and closes it (the reader then sees the end), bounded in time. */
    static void feed(Path fifo, String text) throws Exception {
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the reader went away: nothing to feed
            }
        });
        if (!writer.join(WAIT)) {
            fail("nobody read the pipe " + fifo);
        }
    }

    @Test
    void aJobNeverRunsTwiceAtOnce() throws Exception {
        Path pipe = fifo("slow.log");
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T10:00:00Z");
        try (ScheduledJobs jobs = new ScheduledJobs(config(job("slow", true, 0, 24, pipe.toString(), QUERY,
                dir + "/slow.csv")), reports, options(clock))) {
            List<CompletableFuture<JobReports.Run>> first = jobs.pass();
            assertEquals(1, first.size());
            assertEquals(java.util.Set.of("slow"), jobs.runningJobs());
            for (int i = 0; i < 3; i++) {
                assertEquals(List.of(), jobs.pass(), "the job is still running: no second run");
            }
            assertFalse(first.getFirst().isDone());
            feed(pipe, request("0314-101010", 200, 10) + request("0314-101011", 500, 30)
                    + request("0314-101012", 200, 20));
            JobReports.Run run = first.getFirst().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of(), run.errors());
            assertEquals(EXPECTED, Files.readString(dir.resolve("slow.csv")));
            assertEquals(java.util.Set.of(), jobs.runningJobs());
            assertEquals(List.of(), jobs.pass(), "done for the day");
        }
    }

    @Test
    void closeStopsARunningJobWhichThenWritesNothing() throws Exception {
        Path pipe = fifo("stuck.log");
        JobReports reports = new JobReports();
        TestClock clock = new TestClock("2024-03-15T10:00:00Z");
        ScheduledJobs jobs = new ScheduledJobs(config(job("stuck", true, 0, 24, pipe.toString(), QUERY,
                dir + "/stuck.csv")), reports, options(clock));
        CompletableFuture<JobReports.Run> run;
        try {
            run = jobs.pass().getFirst();
        } finally {
            jobs.close();
        }
        JobReports.Run r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(r.failed());
        assertTrue(r.errors().getFirst().contains("shutting down"), r.errors()::toString);
        assertEquals(List.of(), jobs.pass(), "a closed scheduler starts nothing");
        feed(pipe, request("0314-101010", 200, 10));    // frees the reader thread left blocked in open()
        assertFalse(Files.exists(dir.resolve("stuck.csv")));
    }

    @Test
    void startRunsPassesOnItsOwn() throws Exception {
        log("app.log");
        JobReports reports = new JobReports();
        Clock clock = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        try (LogCapture log = new LogCapture(ScheduledJobs.class.getName(), Level.DEBUG);
             ScheduledJobs jobs = ScheduledJobs.start(config(job("auto", true, 0, 24, dir + "/app.log", QUERY,
                dir + "/auto.csv")), reports, options(clock).withCheckInterval(Duration.ofMillis(50)))) {
            long end = System.nanoTime() + WAIT.toNanos();
            while (!reports.lastRuns().containsKey("auto")) {
                if (System.nanoTime() > end) {
                    fail("the scheduler never ran the job");
                }
                Thread.sleep(20);
            }
            JobReports.Run run = reports.lastRuns().get("auto");
            assertEquals(List.of(), run.errors());
            assertEquals(EXPECTED, Files.readString(dir.resolve("auto.csv")));
            // a few more passes: the report exists, so none of them runs the job again
            String leftAlone = "DEBUG job auto: " + dir.resolve("auto.csv") + " exists, nothing to do";
            log.await(lines -> lines.stream().filter(leftAlone::equals).count() >= 3, WAIT,
                    "three passes after the run that leave the job alone");
            org.junit.jupiter.api.Assertions.assertSame(run, reports.lastRuns().get("auto"));
        }
    }
}
