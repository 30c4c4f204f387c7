package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink against a real carbon-cache on 127.0.0.1, checked with whisper-fetch. Fails (does not
 * skip) when graphite-carbon / python3-whisper are not installed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CarbonSinkTest {

    private static final String PREFIX = "dtail.web01";
    private static final String JOB = "errors";

    @TempDir
    Path dir;

    private Carbon carbon;

    @BeforeAll
    static void carbonIsInstalled() {
        Carbon.requireInstalled();
    }

    /** Changes to carbon's whisper files, watched from the test's start so that none is missed. */
    private DirectoryChanges storage;

    @AfterEach
    void stopCarbon() throws IOException {
        if (carbon != null) {
            carbon.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    private void startCarbon() throws IOException, InterruptedException {
        carbon = new Carbon(dir);
        storage = carbon.storageChanges();
        carbon.start();
    }

    private ResultSink openSink() throws IOException {
        return ResultSinks.open("graphite", new SinkRequest("127.0.0.1:" + carbon.linePort, false,
                "from STATS select $hostname, method, count($line), avg(latency), last($time) group by $hostname, method",
                Map.of("prefix", PREFIX, "job", JOB)));
    }

    /** One interval's result; {@code ts} plus 700 ms, which the sink must cut to whole seconds. */
    private static ResultTable interval(long ts, int i) {
        return GroupedTables.selectedKeys(List.of("$hostname", "method", "count($line)", "avg(latency)", "last($time)"), 2,
                List.of(
                        List.of(Cell.text("web01.example.org"), Cell.text("GET"), new Cell(Integer.toString(597 + i), 597 + i),
                                new Cell("11.628141", 11.628141 + i), Cell.text("1002-071949")),
                        List.of(Cell.text("web01.example.org"), Cell.text("POST /x"), new Cell(Integer.toString(i), i),
                                new Cell("0.500000", 0.5), Cell.text("1002-071950"))),
                Instant.ofEpochSecond(ts).plusMillis(700));
    }

    private static final String GET_COUNT = PREFIX + "." + JOB + ".web01_2Eexample_2Eorg.GET.count_line";
    private static final String GET_AVG = PREFIX + "." + JOB + ".web01_2Eexample_2Eorg.GET.avg_latency";
    private static final String POST_COUNT = PREFIX + "." + JOB + ".web01_2Eexample_2Eorg.POST_20_2Fx.count_line";

    /** Reads the metric with whisper-fetch whenever carbon changed its files (bounded) until the metric holds exactly the expected points in the range. */
    private void awaitPoints(String metric, long from, long until, Map<Long, Double> expected, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<Long, Double> have = Map.of();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            have = carbon.fetch(metric, from, until);
            if (have.equals(expected)) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !storage.await(Duration.ofNanos(left))) {
                break;
            }
        }
        fail("metric " + metric + ": expected " + expected + " but whisper holds " + have
                + "\ncarbon log:\n" + carbon.logTail());
    }

    @Test
    void valuesArriveAtTheirMetricPathsAndTimestamps() throws Exception {
        startCarbon();
        long base = Instant.now().getEpochSecond() - 600; // well inside the one-hour retention
        Map<Long, Double> getCounts = new TreeMap<>();
        Map<Long, Double> getAvgs = new TreeMap<>();
        Map<Long, Double> postCounts = new TreeMap<>();
        try (ResultSink sink = openSink()) {
            for (int i = 0; i < 5; i++) {
                sink.write(interval(base + i, i));
                getCounts.put(base + i, 597.0 + i);
                getAvgs.put(base + i, 11.628141 + i);
                postCounts.put(base + i, (double) i);
            }
            awaitPoints(GET_COUNT, base - 5, base + 10, getCounts, Duration.ofSeconds(20));
            awaitPoints(GET_AVG, base - 5, base + 10, getAvgs, Duration.ofSeconds(10));
            awaitPoints(POST_COUNT, base - 5, base + 10, postCounts, Duration.ofSeconds(10));
        }
        // non-numeric last($time) is not a metric; the group columns are keys, not values
        assertTrue(!carbon.whisperFile(PREFIX + "." + JOB + ".web01_2Eexample_2Eorg.GET.last_time").toFile().exists());
        assertTrue(!carbon.whisperFile(PREFIX + "." + JOB + ".web01_2Eexample_2Eorg.GET.method").toFile().exists());
    }

    @Test
    void aCarbonOutageNeitherBlocksWritesNorLosesBufferedPoints() throws Exception {
        startCarbon();
        long base = Instant.now().getEpochSecond() - 900;
        Map<Long, Double> expected = new LinkedHashMap<>();
        int i = 0;
        // retries wait on a clock the test passes as soon as carbon listens again
        ManualSenderClock clock = new ManualSenderClock();
        try (GraphiteResultSink sink = new GraphiteResultSink(new GraphiteTarget("127.0.0.1", carbon.linePort),
                new MetricLines(PREFIX, JOB), GraphiteResultSink.DEFAULT_BUFFER_LINES,
                GraphiteResultSink.DEFAULT_CLOSE_TIMEOUT, clock)) {
            sink.write(interval(base + i, i));
            expected.put(base + i, 597.0 + i);
            i++;
            awaitPoints(GET_COUNT, base - 5, base + 120, expected, Duration.ofSeconds(20));

            carbon.kill();
            assertTrue(sink.awaitState(() -> !sink.isConnected(), Duration.ofSeconds(15)),
                    "the sink should have noticed the outage");
            // the sender tried again, was refused, and waits for its retry
            ManualSenderClock.Wait retry = clock.next(Duration.ofSeconds(15));
            // 20 results while carbon is gone: a write that waited for carbon would hang here until the class timeout
            for (int k = 0; k < 20; k++) {
                sink.write(interval(base + i, i));
                expected.put(base + i, 597.0 + i);
                i++;
            }
            assertTrue(!sink.isConnected(), "no connection while carbon is gone");

            carbon.start(); // same port, same storage
            clock.pass(retry);
            for (int k = 0; k < 5; k++) {
                sink.write(interval(base + i, i));
                expected.put(base + i, 597.0 + i);
                i++;
            }
            awaitPoints(GET_COUNT, base - 5, base + 120, expected, Duration.ofSeconds(30));
            assertEquals(0, sink.droppedLines());
        }
    }
}
