package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.cli.DserverCommand;
import io.jdtail.sink.graphite.Carbon;
import io.jdtail.sink.graphite.DirectoryChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Continuous jobs sending to a real carbon-cache (Debian graphite-carbon) on 127.0.0.1, read back
 * with whisper-fetch: every interval's figures arrive at {@code prefix.job.groupkey.column}, stamped
 * with the interval's end, and a carbon outage neither stops the job nor loses later points.
 * The outage case runs on manual time: it ends an interval right after carbon's crash, which is what
 * lost the first point of an outage while the sink wrote it into the dead connection.
 * Fails (does not skip) when graphite-carbon / python3-whisper are not installed.
 */
@Timeout(90)
class ContinuousGraphiteTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final String QUERY = "select method, count(*), sum(bytes), max(bytes), avg(bytes)"
            + " group by method interval 1s logformat generickv";
    private static final String[] METHODS = {"GET", "POST", "PUT /x"};
    /** The methods' metric path segments: other characters than [A-Za-z0-9-] as _ and their hex code. */
    private static final Map<String, String> SEGMENTS = Map.of("GET", "GET", "POST", "POST", "PUT /x", "PUT_20_2Fx");
    /** Metric segments of the query's value columns, in select order after the key. */
    private static final String[] COLUMNS = {"count", "sum_bytes", "max_bytes", "avg_bytes"};

    @TempDir
    Path dir;

    /** How long {@link #awaitPoints} waits for a storage change before it fetches anyway. */
    private static final Duration STORAGE_RECHECK = Duration.ofSeconds(1);

    private Carbon carbon;
    /** Changes under carbon's whisper directory, watched from before carbon starts. */
    private DirectoryChanges storage;

    @BeforeAll
    static void carbonIsInstalled() {
        Carbon.requireInstalled();
    }

    @AfterEach
    void stopCarbon() throws IOException {
        if (carbon != null) {
            carbon.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    /** Expected points: metric path -> (timestamp -> value). */
    private static final class Expected {
        final Map<String, Map<Long, Double>> points = new TreeMap<>();

        /** Writes interval {@code index}'s lines and records what Graphite must get for them. */
        String lines(String base, long index, long intervalMillis) {
            Random random = new Random(index);
            long end = (index + 1) * intervalMillis / 1000; // the interval's end, in whole seconds
            StringBuilder b = new StringBuilder();
            for (String method : METHODS) {
                int n = 1 + random.nextInt(8);
                long sum = 0;
                long max = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    int bytes = random.nextInt(5000);
                    sum += bytes;
                    max = Math.max(max, bytes);
                    b.append("method=").append(method).append("|bytes=").append(bytes).append('\n');
                }
                String key = base + "." + SEGMENTS.get(method) + ".";
                double[] values = {n, sum, max, (double) sum / n};
                for (int c = 0; c < COLUMNS.length; c++) {
                    points.computeIfAbsent(key + COLUMNS[c], k -> new TreeMap<>()).put(end, asFetched(values[c]));
                }
            }
            return b.toString();
        }
    }

    /** whisper-fetch prints values with six decimals ({@code %f}). */
    private static double asFetched(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6f", value));
    }

    /**
     * Fetches with whisper-fetch until every metric holds exactly the expected points in the range: again
     * after each change carbon makes to its storage (inotify), and at least once a second in case a change
     * fell between a new directory and its watch; bounded by {@code limit}.
     */
    private void awaitPoints(Expected expected, long from, long until, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        for (var metric : expected.points.entrySet()) {
            Map<Long, Double> have = Map.of();
            for (int attempt = 0; attempt < 400; attempt++) {
                have = carbon.fetch(metric.getKey(), from, until);
                long left = deadline - System.nanoTime();
                if (have.equals(metric.getValue()) || left <= 0) {
                    break;
                }
                storage.await(Duration.ofNanos(Math.min(left, STORAGE_RECHECK.toNanos())));
            }
            assertThat(have).as("metric %s in whisper%ncarbon log:%n%s", metric.getKey(), carbon.logTail())
                    .isEqualTo(metric.getValue());
        }
    }

    /** Waits (bounded) until this process has {@code file} open: the job follows it. */
    private static void awaitFollowing(Path file, Duration limit) throws Exception {
        Path real = file.toRealPath();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(real);
                    } catch (IOException e) {
                        return false; // closed meanwhile
                    }
                })) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail("nothing followed " + file + " within " + limit);
    }

    private static String quote(Object o) {
        return "\"" + o.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void aJobConfiguredInDtailJsonSendsEachIntervalsFiguresStampedWithTheIntervalsEnd() throws Exception {
        carbon = new Carbon(dir.resolve("carbon"));
        storage = carbon.storageChanges();
        carbon.start();
        Path log = Files.createFile(dir.resolve("access.log"));
        Path cfg = dir.resolve("dtail.json");
        Files.writeString(cfg, """
                {
                  "Common": {"CacheDir": %s},
                  "Server": {
                    "SSHBindAddress": "127.0.0.1",
                    "HostKeyFile": %s,
                    "WarmUp": false,
                    "Continuous": [
                      {"Name": "webstats", "Enable": true, "Files": %s, "Query": %s,
                       "Graphite": "127.0.0.1:%d", "GraphitePrefix": "dtail.e2e"},
                      {"Name": "elsewhere", "Enable": true, "Files": %s, "Query": %s,
                       "Graphite": "127.0.0.1:%d", "Servers": ["web01:2222"]}
                    ]
                  }
                }
                """.formatted(quote(dir.resolve("cache")), quote(dir.resolve("host_key")), quote(log), quote(QUERY),
                carbon.linePort, quote(log), quote(QUERY), carbon.linePort));
        AtomicInteger status = new AtomicInteger(-1);
        Thread dserver = Thread.ofPlatform().daemon().name("dserver-under-test").start(() -> status.set(
                new CommandLine(new DserverCommand()).execute("--cfg", cfg.toString(), "--port", "0", "--shutdownAfter", "7", "--logger", "stderr")));
        awaitFollowing(log, Duration.ofSeconds(5));

        Expected expected = new Expected();
        ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(Clock.systemUTC(), INTERVAL);
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long index = writer.nextWindow();
            writer.write(index, expected.lines("dtail.e2e.webstats", index, INTERVAL.toMillis()), log);
            written.add(index);
        }
        ContinuousTesting.join(dserver, Duration.ofSeconds(20));
        assertThat(status.get()).isZero();
        // only the intervals written to, at their ends; nothing at the start of an interval, nothing twice
        awaitPoints(expected, written.getFirst() - 3, written.getLast() + 5, Duration.ofSeconds(20));
        // the job naming Servers was refused: it sent nothing
        try (Stream<Path> all = Files.walk(dir.resolve("carbon"))) {
            assertThat(all.filter(p -> p.toString().endsWith(".wsp")).map(Path::toString))
                    .allMatch(p -> p.contains("/dtail/e2e/webstats/"));
        }
    }

    /**
     * Groups whose key is not selected, and keys that look alike once made path-safe ({@code a.b}
     * and {@code a_b}, an empty value and no value at all): each group is its own series, and the
     * counts stored add up to the lines written.
     */
    @Test
    void everyGroupIsItsOwnSeriesWhetherOrNotItsKeyIsSelected() throws Exception {
        carbon = new Carbon(dir.resolve("carbon"));
        storage = carbon.storageChanges();
        carbon.start();
        Path log = Files.createFile(dir.resolve("requests.log"));
        // method value (null: the line has no method field) -> its path segment
        Map<String, String> groups = new java.util.LinkedHashMap<>();
        groups.put("GET", "GET");
        groups.put("POST", "POST");
        groups.put("a.b", "a_2Eb");
        groups.put("a_b", "a_5Fb");
        groups.put("", "_");
        groups.put(null, "__");
        String base = "dtail.groups.requests.";
        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        long linesWritten = 0;
        Clock clock = Clock.systemUTC();
        List<Long> written = new ArrayList<>();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(ContinuousTesting.job("requests", List.of(log.toString()),
                "from REQUEST select count($line) group by method interval 1s", Optional.empty(),
                Optional.of("127.0.0.1:" + carbon.linePort), Optional.of("dtail.groups"), false)),
                ContinuousTesting.SETTINGS, HostContext.local(), new JobReports(), clock)) {
            awaitFollowing(log, Duration.ofSeconds(5));
            ContinuousTesting.IntervalWriter writer = new ContinuousTesting.IntervalWriter(clock, INTERVAL);
            for (int i = 0; i < 3; i++) {
                long index = writer.nextWindow();
                Random random = new Random(index);
                StringBuilder b = new StringBuilder();
                for (var group : groups.entrySet()) {
                    int n = 1 + random.nextInt(300);
                    for (int l = 0; l < n; l++) {
                        b.append("INFO|1207-050000|1|req.go:1|2|3|4|0.5|1s|MAPREDUCE:REQUEST|status=200")
                                .append(group.getKey() == null ? "" : "|method=" + group.getKey()).append('\n');
                    }
                    linesWritten += n;
                    expected.computeIfAbsent(base + group.getValue() + ".count_line", k -> new TreeMap<>())
                            .put(index + 1, (double) n);
                }
                writer.write(index, b.toString(), log);
                written.add(index);
            }
            Expected all = new Expected();
            all.points.putAll(expected);
            awaitPoints(all, written.getFirst() - 3, written.getLast() + 5, Duration.ofSeconds(20));
        }
        long stored = 0;
        for (String metric : expected.keySet()) {
            for (double v : carbon.fetch(metric, written.getFirst() - 3, written.getLast() + 5).values()) {
                stored += (long) v;
            }
        }
        assertThat(stored).as("lines counted in carbon").isEqualTo(linesWritten);
        try (Stream<Path> all = Files.walk(dir.resolve("carbon"))) {
            assertThat(all.filter(p -> p.toString().endsWith(".wsp")).count()).as("one series per group")
                    .isEqualTo(groups.size());
        }
    }

    @Test
    void whileCarbonIsDownTheJobGoesOnReportsTheOutageAndLaterPointsArrive() throws Exception {
        carbon = new Carbon(dir.resolve("carbon"));
        storage = carbon.storageChanges();
        carbon.start();
        Path log = Files.createFile(dir.resolve("access.log"));
        JobReports reports = new JobReports();
        ContinuousTesting.ManualIntervals time = manualTime();
        // JobReports keeps the last run only: each interval's, taken once it has ended
        List<JobReports.Run> runs = new ArrayList<>();
        Expected before = new Expected();
        Expected during = new Expected();
        Expected after = new Expected();
        List<Long> written = new ArrayList<>();
        try (ContinuousJobs jobs = ContinuousJobs.start(List.of(ContinuousTesting.job("web", List.of(log.toString()), QUERY,
                Optional.empty(), Optional.of("127.0.0.1:" + carbon.linePort), Optional.of("dtail.outage"),
                false)), ContinuousTesting.SETTINGS, HostContext.local(), reports, time.ticker(), ZoneOffset.UTC,
                Optional.empty())) {
            time.awaitFollowing();
            endInterval(time, reports, runs); // the short first interval, from the job's start
            String base = "dtail.outage.web";
            for (int i = 0; i < 2; i++) {
                long index = time.index();
                Files.writeString(log, before.lines(base, index, INTERVAL.toMillis()), StandardOpenOption.APPEND);
                endInterval(time, reports, runs);
                written.add(index);
            }
            // what carbon has stored survives its crash
            awaitPoints(before, written.getFirst() - 3, written.getLast() + 3, Duration.ofSeconds(20));

            carbon.kill();
            awaitSinkSawCarbonGo();
            long outageStart = written.getLast() + 1;
            for (int i = 0; i < 3; i++) {
                long index = time.index();
                Files.writeString(log, during.lines(base, index, INTERVAL.toMillis()), StandardOpenOption.APPEND);
                endInterval(time, reports, runs);
                written.add(index);
            }
            long lastDuring = written.getLast();
            // the sink knew before these intervals ended that carbon was gone: the next run reports it
            JobReports.Run failed = endIntervalsUntil(time, reports, runs, JobReports.Run::failed);
            assertThat(String.join("; ", failed.errors())).contains("graphite 127.0.0.1:" + carbon.linePort);

            carbon.start(); // same port, same storage
            long firstAfter = time.index();
            for (int i = 0; i < 3; i++) {
                long index = time.index();
                Files.writeString(log, after.lines(base, index, INTERVAL.toMillis()), StandardOpenOption.APPEND);
                endInterval(time, reports, runs);
                written.add(index);
            }
            awaitPoints(after, firstAfter - 1, written.getLast() + 3, Duration.ofSeconds(30));
            // the points of the outage were buffered and sent after the reconnect
            awaitPoints(during, outageStart, lastDuring + 1, Duration.ofSeconds(10));
            awaitPoints(before, written.getFirst() - 3, outageStart, Duration.ofSeconds(10));
            // once reconnected, intervals are reported fine again
            endIntervalsUntil(time, reports, runs, r -> !r.failed());
            assertThat(jobs.names()).containsExactly("web");
            time.close(jobs);
        }
        // the job went on through the outage: intervals reported one after the other, on whole seconds
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).started()).as("runs %s", runs)
                    .isEqualTo(runs.get(i - 1).started().plus(runs.get(i - 1).took()));
            assertThat(runs.get(i).started().toEpochMilli() % 1000).as("runs %s", runs).isZero();
        }
        assertThat(runs).as("some run reported the outage").anyMatch(JobReports.Run::failed);
    }

    /** The job's time: 5 minutes ago (whisper stores no point from the future), aligned to the interval. */
    private static ContinuousTesting.ManualIntervals manualTime() {
        return new ContinuousTesting.ManualIntervals(INTERVAL, Instant.now().minus(Duration.ofMinutes(5)));
    }

    /** Ends the interval in progress and keeps the run it recorded. */
    private static void endInterval(ContinuousTesting.ManualIntervals time, JobReports reports, List<JobReports.Run> runs)
            throws InterruptedException {
        time.endInterval();
        JobReports.Run run = reports.lastRuns().get("web");
        assertThat(run).as("the run of the interval just ended").isNotNull();
        assertThat(run.started().plus(run.took())).as("the run of the interval just ended").isEqualTo(time.intervalStart());
        runs.add(run);
    }

    /**
     * Waits (bounded) until the sink's watcher of its connection to carbon has ended: from then on the sink knows that
     * carbon is gone, and it cannot connect again while carbon is down.
     */
    private void awaitSinkSawCarbonGo() throws InterruptedException {
        String watcher = "graphite-watch-127.0.0.1:" + carbon.linePort;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(watcher)) {
                ContinuousTesting.join(t, Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Ends (empty) intervals until one's run satisfies {@code condition}, at most {@link #REPORT_LAG_INTERVALS}: what
     * the sink knows shows in the run of the interval that ends next, and a lost and restored connection is reported
     * once, in the first run after the reconnect.
     */
    private static JobReports.Run endIntervalsUntil(ContinuousTesting.ManualIntervals time, JobReports reports,
                                                    List<JobReports.Run> runs, Predicate<JobReports.Run> condition)
            throws InterruptedException {
        for (int i = 0; i < REPORT_LAG_INTERVALS; i++) {
            endInterval(time, reports, runs);
            JobReports.Run last = runs.getLast();
            if (condition.test(last)) {
                return last;
            }
        }
        return fail("no interval's run as expected within " + REPORT_LAG_INTERVALS + " intervals; runs: " + runs);
    }

    /** Intervals {@link #endIntervalsUntil} ends at most. */
    private static final int REPORT_LAG_INTERVALS = 3;
}
