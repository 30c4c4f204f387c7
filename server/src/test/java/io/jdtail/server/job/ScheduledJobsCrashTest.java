package io.jdtail.server.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.config.ConfigLoader;
import io.jdtail.engine.operator.HostContext;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dserver killed while a scheduled job writes its result leaves nothing under the outfile's name (only the
 * csv sink's hidden temporary file), so the next pass runs the job again and writes the complete result.
 */
class ScheduledJobsCrashTest {

    static final int GROUPS = 200_000;
    static final String NOW = "2024-03-15T10:00:00Z";
    static final String QUERY = "from REQUEST select path, count($line), last(pad) group by path";

    @TempDir
    Path dir;

    @Test
    void killedWhileWritingLeavesNoHalfFileAndTheNextPassWritesItWhole() throws Exception {
        Path log = dir.resolve("big-20240315.log");
        String pad = "p".repeat(150);
        try (BufferedWriter w = Files.newBufferedWriter(log, UTF_8)) {
            for (int i = 0; i < GROUPS; i++) {
                w.write("INFO|0315-101010|4242|handler.go:77|2|10|7|0.50|12h0m1s|MAPREDUCE:REQUEST|path=/p/" + i
                        + "|pad=" + pad + i + "\n");
            }
        }
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path out = reports.resolve("big-20240315.csv");
        String json = "{\"Common\": {\"CacheDir\": " + ScheduledJobsTest.quote(dir.resolve("cache").toString()) + "},"
                + " \"Server\": {\"Schedule\": [" + ScheduledJobsTest.job("big", true, 10, 11, dir + "/big-$today.log",
                QUERY, reports + "/big-$today.csv") + "]}}";
        Path cfg = Files.writeString(dir.resolve("dtail.json"), json);

        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                ScheduledJobsCrashChild.class.getName(), cfg.toString(), NOW)
                .redirectErrorStream(true).start();
        List<String> childOutput = new ArrayList<>();
        try {
            Thread pump = Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (childOutput) {
                            childOutput.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the child died
                }
            });
            // wait (bounded) until the job is well into writing the csv sink's temporary file, then kill it
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Path tmp = null;
            while (tmp == null) {
                if (System.nanoTime() > deadline) {
                    fail("the job never started writing; child output: " + output(childOutput));
                }
                if (!child.isAlive()) {
                    fail("the child ended before it was killed; output: " + output(childOutput));
                }
                tmp = temporaryOver(reports, ".big-20240315.csv.tmp-", 1 << 20);
                if (tmp == null) {
                    Thread.sleep(1);
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the killed child did not end");
            pump.join(Duration.ofSeconds(5));
            assertFalse(output(childOutput).contains("finished"), "the job finished before the kill: "
                    + output(childOutput));
            assertFalse(Files.exists(out), "nothing may appear under the final name before the write is complete");
            assertTrue(Files.exists(tmp) && Files.size(tmp) < GROUPS * 150L, "the kill came mid-write");
        } finally {
            child.destroyForcibly();
        }

        // the next pass (a restarted dserver) sees no report of the day and makes it, whole
        JobReports reportsOfRuns = new JobReports();
        try (ScheduledJobs jobs = new ScheduledJobs(ConfigLoader.load(cfg).config(), reportsOfRuns,
                ScheduledJobs.Options.defaults().withClock(Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC))
                        .withHost(new HostContext("test", ZoneOffset.UTC)))) {
            var runs = jobs.pass();
            assertEquals(1, runs.size());
            JobReports.Run run = runs.getFirst().get(120, TimeUnit.SECONDS);
            assertEquals(List.of(), run.errors());
            assertEquals(GROUPS, run.rows());
        }
        try (Stream<String> lines = Files.lines(out)) {
            long[] count = {0};
            String[] last = {null};
            lines.forEach(l -> {
                count[0]++;
                last[0] = l;
            });
            assertEquals(GROUPS + 1, count[0], "header and one row per group");
            assertTrue(last[0].matches("/p/\\d+,1," + pad + "\\d+"), last[0]);
        }
        assertEquals("path,count($line),last(pad)", Files.readAllLines(out).getFirst());
    }

    private static String output(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private static Path temporaryOver(Path dir, String prefix, long size) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith(prefix)) {
                    try {
                        if (Files.size(p) > size) {
                            return p;
                        }
                    } catch (IOException e) {
                        // renamed away meanwhile
                    }
                }
            }
        }
        return null;
    }
}
