package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    /** A write() that takes longer than this counts as blocking. */

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

    private static GraphiteResultSink sink(int port, int capacity, Duration closeTimeout) {
        return new GraphiteResultSink(new GraphiteTarget("127.0.0.1", port),
                new MetricLines("p", null), capacity, closeTimeout);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(10);
        }
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
            // Graphite comes up on that port: the kept lines are delivered
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(LOOPBACK, port));
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(17), line(18), line(19), line(20), line(21)), readLines(s, 5));
                    await("the sink to count 5 lines sent", Duration.ofSeconds(5), () -> sink.sentLines() == 5);
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
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(LOOPBACK, port));
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(3), line(4), line(5), line(6), line(7)), readLines(s, 5));
                }
                await("the sink to count 5 lines sent", Duration.ofSeconds(5), () -> sink.sentLines() == 5);
                assertEquals(List.of(), sink.problems());
                // that connection was closed by the server: noticed at the next batch, which goes to a new one
                Thread.sleep(200);
                sink.write(counts(8, 1));
                try (Socket s = accept(server)) {
                    assertEquals(List.of(line(8)), readLines(s, 1));
                }
                await("the sink to count 6 lines sent", Duration.ofSeconds(5), () -> sink.sentLines() == 6);
                assertEquals(List.of("graphite 127.0.0.1:" + port + ": connection lost 1 time(s), reconnected"), sink.problems());
                assertEquals(List.of(), sink.problems());
            }
        } finally {
            sink.close();
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
                // the server closed that connection; the sink finds out before its next batch
                Thread.sleep(200);
                sink.write(counts(3, 3));
                try (Socket s = accept(server)) {
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
                long closeStart = System.nanoTime();
                sink.close();
                long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
                assertTrue(closeMs < 2_500, "close() took " + closeMs + " ms");
            }
        }
    }

    @Test
    void closeIsBoundedWhileGraphiteIsDownAndRefusesLaterWrites() throws Exception {
        GraphiteResultSink sink = sink(closedPort(), 100, Duration.ofMillis(500));
        sink.write(counts(0, 10));
        long start = System.nanoTime();
        sink.close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 2_000, "close() took " + ms + " ms");
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
            sink.close();
            assertEquals(5000, sink.sentLines());
            assertEquals(0, sink.bufferedLines());
            reader.join(Duration.ofSeconds(10));
        }
    }
}
