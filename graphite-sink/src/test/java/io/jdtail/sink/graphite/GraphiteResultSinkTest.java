package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.sink.SinkRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink against plain TCP listeners on 127.0.0.1 (no Graphite needed). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GraphiteResultSinkTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Instant T = Instant.parse("2026-11-25T07:19:49Z");
    private static final long TS = T.getEpochSecond();
    /** How long a test waits for an event before it fails. */
    private static final Duration EVENT_LIMIT = Duration.ofSeconds(15);

    private final ManualSenderClock clock = new ManualSenderClock();

    private static ResultTable counts(int from, int n) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            rows.add(List.of(Cell.text("h" + i), new Cell(Integer.toString(i), i)));
        }
        return GroupedTables.selectedKeys(List.of("$hostname", "count(*)"), 1, rows, T);
    }

    private static String line(int i) {
        return "p.h" + i + ".count " + i + " " + TS + "\n";
    }

    /** A sink whose waits (retries, close deadline) pass only when the test passes them on {@link #clock}. */
    private GraphiteResultSink sink(int port, int capacity, Duration closeTimeout) {
        return new GraphiteResultSink(new GraphiteTarget("127.0.0.1", port),
                new MetricLines("p", null), capacity, closeTimeout, clock);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Graphite coming up on a port the sink already tries. */
    private static ServerSocket listenOn(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(LOOPBACK, port));
        return server;
    }

    /** Waits for the sink's state to change until the condition holds (bounded). */
    private static void await(GraphiteResultSink sink, String what, BooleanSupplier condition)
            throws InterruptedException {
        if (!sink.awaitState(condition, EVENT_LIMIT)) {
            fail("timed out after " + EVENT_LIMIT + " waiting for " + what);
        }
    }

    /** Closes the sink on another thread, passing the clock's waits (retries, the close deadline) until it returns. */
    private void closePassingTime(GraphiteResultSink sink) throws InterruptedException {
        Thread closing = Thread.ofVirtual().start(() -> {
            sink.close();
            clock.mark();
        });
        for (int i = 0; i < 20; i++) {
            ManualSenderClock.Wait w = clock.next(EVENT_LIMIT);
            if (w.isMark()) {
                break;
            }
            clock.pass(w);
        }
        closing.join(EVENT_LIMIT);
        assertFalse(closing.isAlive(), "close() did not return once its deadline had passed");
    }

    /** Reads n lines from one accepted connection, each read bounded by the socket timeout. */
    private static List<String> readLines(Socket s, int n) throws IOException {
        s.setSoTimeout(10_000);
        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
        List<String> lines = new ArrayList<>();
        while (lines.size() < n) {
            String l = r.readLine();
            if (l == null) {
                break;
            }
            lines.add(l + "\n");
        }
        return lines;
    }

    private static Socket accept(ServerSocket server) throws IOException {
        server.setSoTimeout(15_000);
        try {
            return server.accept();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the sink did not connect within 15 s", e);
        }
    }

    @Test
    void sendsPlaintextLinesFoundByName() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK);
                ResultSink sink = ResultSinks.open("graphite", new SinkRequest("127.0.0.1:" + server.getLocalPort(),
                        false, "select ...", Map.of("prefix", "dtail.web01", "job", "errors")))) {
            ResultTable t = GroupedTables.selectedKeys(List.of("status", "count(*)", "avg(latency)"), 1,
                    List.of(List.of(new Cell("200", 200), new Cell("597", 597), new Cell("11.628141", 11.628141))), T);
            sink.write(t);
            try (Socket s = accept(server)) {
                assertEquals(List.of(
                        "dtail.web01.errors.200.count 597 " + TS + "\n",
                        "dtail.web01.errors.200.avg_latency 11.628141 " + TS + "\n"), readLines(s, 2));
            }
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        IOException e = assertThrows(IOException.class, () -> ResultSinks.open("graphite",
                new SinkRequest("h:2003", false, "q", Map.of("bufferLines", "0"))));
        assertTrue(e.getMessage().contains("bufferLines"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> ResultSinks.open("graphite",
                new SinkRequest("h:port", false, "q", Map.of())));
        assertTrue(e2.getMessage().contains("port"), e2.getMessage());
    }

    @Test
    void fullBufferDropsTheOldestAndTheNewestArriveLater() throws Exception {
        int port = closedPort();
        GraphiteResultSink sink = sink(port, 5, Duration.ofSeconds(2));
        try {
            for (int i = 0; i < 4; i++) {
                sink.write(counts(i * 5, 5));
            }
            assertEquals(15, sink.droppedLines());
            assertEquals(List.of(line(15), line(16), line(17), line(18), line(19)), sink.bufferedSnapshot());
            sink.write(counts(20, 2));
            assertEquals(17, sink.droppedLines());
            assertEquals(List.of(line(17), line(18), line(19), line(20), line(21)), sink.bufferedSnapshot());
            ManualSenderClock.Wait retry = clock.next(EVENT_LIMIT);
            // Graphite comes up on that port: the kept lines are delivered at the next try
            try (ServerSocket server = listenOn(port)) {
                clock.pass(retry);
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(17), line(18), line(19), line(20), line(21)), readLines(s, 5));
                    await(sink, "the sink to count 5 lines sent", () -> sink.sentLines() == 5);
                }
            }
        } finally {
            sink.close();
        }
    }

    @Test
    void problemsTellWhatWentWrongSinceTheyWereLastAskedFor() throws Exception {
        int port = closedPort();
        GraphiteResultSink sink = sink(port, 5, Duration.ofSeconds(2));
        try {
            sink.write(counts(0, 8));
            List<String> problems = sink.problems();
            assertEquals(2, problems.size(), problems.toString());
            assertEquals("graphite 127.0.0.1:" + port + ": not connected, 5 points waiting", problems.get(0));
            assertEquals("graphite 127.0.0.1:" + port + ": buffer of 5 points full, dropped the 3 oldest", problems.get(1));
            // drops are told once; being down is told as long as it lasts
            assertEquals(List.of("graphite 127.0.0.1:" + port + ": not connected, 5 points waiting"), sink.problems());
            ManualSenderClock.Wait retry = clock.next(EVENT_LIMIT);
            try (ServerSocket server = listenOn(port)) {
                clock.pass(retry);
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(3), line(4), line(5), line(6), line(7)), readLines(s, 5));
                    await(sink, "the sink to count 5 lines sent", () -> sink.sentLines() == 5);
                    assertEquals(List.of(), sink.problems());
                }
                // that connection was closed by the server: the sink notices and connects again at once
                try (Socket s = accept(server)) {
                    sink.write(counts(8, 1));
                    assertEquals(List.of(line(8)), readLines(s, 1));
                    await(sink, "the sink to count 6 lines sent", () -> sink.sentLines() == 6);
                    assertEquals(List.of("graphite 127.0.0.1:" + port + ": connection lost 1 time(s), reconnected"),
                            sink.problems());
                    assertEquals(List.of(), sink.problems());
                }
            }
        } finally {
            sink.close();
        }
    }

    @Test
    void retriesWaitDoublingFrom100MillisTo10SecondsAndStartAgainOnceLinesGotThrough() throws Exception {
        int port = closedPort();
        GraphiteResultSink sink = sink(port, 100, Duration.ofSeconds(2));
        try {
            sink.write(counts(0, 1));
            List<Duration> delays = new ArrayList<>();
            ManualSenderClock.Wait retry = clock.next(EVENT_LIMIT);
            for (int i = 0; i < 8; i++) {
                delays.add(retry.delay());
                clock.pass(retry);
                retry = clock.next(EVENT_LIMIT);
            }
            delays.add(retry.delay());
            assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L),
                    delays.stream().map(Duration::toMillis).toList());
            ServerSocket server = listenOn(port);
            clock.pass(retry);
            try (Socket s = accept(server)) {
                assertEquals(List.of(line(0)), readLines(s, 1));
                await(sink, "the sink to count the line sent", () -> sink.sentLines() == 1);
                server.close(); // Graphite goes away for good: the next connect is refused
            }
            assertEquals(Backoff.MIN, clock.next(EVENT_LIMIT).delay(), "after lines got through the wait starts again");
        } finally {
            sink.close();
        }
    }

    @Test
    void aGraphiteThatHangsUpAtOnceIsTriedAgainAfterTheBackoffNotInATightLoop() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            GraphiteResultSink sink = sink(server.getLocalPort(), 100, Duration.ofSeconds(2));
            try {
                accept(server).close(); // accepted and hung up before any line went over it
                ManualSenderClock.Wait first = clock.next(EVENT_LIMIT);
                assertEquals(Backoff.MIN, first.delay());
                clock.pass(first);
                accept(server).close();
                ManualSenderClock.Wait second = clock.next(EVENT_LIMIT);
                assertEquals(Backoff.MIN.multipliedBy(2), second.delay());
                clock.pass(second);
                try (Socket s = accept(server)) {
                    sink.write(counts(0, 1));
                    assertEquals(List.of(line(0)), readLines(s, 1));
                }
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void aConnectionClosedByGraphiteIsNoticedAndNothingIsLost() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            GraphiteResultSink sink = sink(server.getLocalPort(), 1000, Duration.ofSeconds(2));
            try {
                sink.write(counts(0, 3));
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(0), line(1), line(2)), readLines(s, 3));
                }
                // the server closed that connection; the sink finds out and connects again
                try (Socket s = accept(server)) {
                    sink.write(counts(3, 3));
                    assertEquals(List.of(line(3), line(4), line(5)), readLines(s, 3));
                }
                assertEquals(0, sink.droppedLines());
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void writeNeverBlocksWhenGraphiteStopsReading() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            server.setReceiveBufferSize(4096);
            GraphiteResultSink sink = sink(server.getLocalPort(), 10_000, Duration.ofMillis(300));
            sink.write(counts(0, 1));
            try (Socket s = accept(server)) {
                // accepted, never read: the kernel buffers fill up and the sender blocks
                assertTrue(s.isConnected());
                // a write that waited for the sender would hang here until the class timeout
                for (int i = 0; i < 200; i++) {
                    sink.write(counts(i * 1000, 1000));
                }
                assertTrue(sink.droppedLines() > 0, "expected drops, sent " + sink.sentLines());
                // close() gives up flushing when its deadline passes, although the sender is stuck in a write
                closePassingTime(sink);
                assertTrue(sink.bufferedLines() > 0, "nothing can have been flushed to a peer that never reads");
            }
        }
    }

    /**
     * A frozen carbon: it accepts, its kernel takes a few kilobytes, and the process never reads. The sender waits in
     * its write, connected; the job's report says so once carbon has taken nothing for
     * {@link GraphiteResultSink#NO_DATA_REPORT_AFTER} (before, nothing was said until the buffer overflowed), as long
     * as it lasts, without a reconnect (the batch under way would be sent twice, and a busy carbon would get more
     * connections). Once carbon reads again, the report has no more to say about it.
     */
    @Test
    void aCarbonThatTakesNoDataIsReportedWithoutReconnecting() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            server.setReceiveBufferSize(4096);
            int port = server.getLocalPort();
            GraphiteResultSink sink = sink(port, 400_000, Duration.ofMillis(300));
            sink.write(counts(0, 1));
            try (Socket frozen = accept(server)) {
                // far more than the kernel's buffers of one loopback connection hold
                for (int i = 0; i < 300; i++) {
                    sink.write(counts(i * 1000, 1000));
                }
                await(sink, "the sender to wait for carbon to take data", sink::waitsForCarbon);
                String report = "graphite 127.0.0.1:" + port + ": connected, but carbon has taken no data for ";
                assertTrue(sink.problems().stream().noneMatch(p -> p.startsWith(report)), "not yet reported");
                clock.advance(GraphiteResultSink.NO_DATA_REPORT_AFTER.minusSeconds(1));
                assertTrue(sink.problems().stream().noneMatch(p -> p.startsWith(report)), "not yet reported");
                clock.advance(Duration.ofSeconds(1));
                List<String> problems = sink.problems();
                int waiting = sink.bufferedLines();
                assertEquals(List.of(report + "10 s, " + waiting + " points waiting; check that carbon is not hung or overloaded"),
                        problems);
                clock.advance(Duration.ofSeconds(5));
                assertEquals(List.of(report + "15 s, " + waiting + " points waiting; check that carbon is not hung or overloaded"),
                        sink.problems(), "told as long as it lasts, on the same connection");
                // carbon reads again
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        frozen.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the sink closed the connection
                    }
                });
                await(sink, "carbon to take data again", () -> !sink.waitsForCarbon());
                assertTrue(sink.problems().stream().noneMatch(p -> p.startsWith(report)), "no longer reported");
                closePassingTime(sink);
                reader.join(EVENT_LIMIT);
            }
        }
    }

    @Test
    void closeIsBoundedWhileGraphiteIsDownAndRefusesLaterWrites() throws Exception {
        GraphiteResultSink sink = sink(closedPort(), 100, Duration.ofMillis(500));
        sink.write(counts(0, 10));
        closePassingTime(sink);
        assertEquals(10, sink.bufferedLines(), "unsent lines are counted, not lost silently");
        assertEquals(0, sink.sentLines());
        assertThrows(IOException.class, () -> sink.write(counts(10, 1)));
        sink.close(); // twice is fine
    }

    @Test
    void closeFlushesWhatIsBuffered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, LOOPBACK)) {
            GraphiteResultSink sink = sink(server.getLocalPort(), 100_000, Duration.ofSeconds(2));
            for (int i = 0; i < 50; i++) {
                sink.write(counts(i * 100, 100));
            }
            Thread reader = Thread.ofVirtual().start(() -> {
                try (Socket s = accept(server)) {
                    readLines(s, 5000);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            sink.close(); // its deadline never passes on this clock: close() returns because all was sent
            assertEquals(5000, sink.sentLines());
            assertEquals(0, sink.bufferedLines());
            reader.join(Duration.ofSeconds(10));
        }
    }
}
