package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsvResultSinkTest {

    private static final Instant T = Instant.parse("2026-11-25T07:19:49Z");

    @TempDir
    Path dir;

    private static ResultSink open(Path path, boolean append, String query) throws IOException {
        return ResultSinks.open("csv", new SinkRequest(path.toString(), append, query, Map.of()));
    }

    private static void writeOnce(Path path, boolean append, String query, ResultTable table) throws IOException {
        try (ResultSink sink = open(path, append, query)) {
            sink.write(table);
        }
    }

    private static Cell num(String text) {
        return new Cell(text, Double.parseDouble(text));
    }

    private static ResultTable table(List<String> columns, List<List<Cell>> rows) {
        return ResultTable.ungrouped(columns, rows, T);
    }

    private static ResultTable dmapTable() {
        return table(List.of("count($line)", "last($time)", "avg($goroutines)", "sum($bytes)", "last(load)"),
                List.of(
                        List.of(num("597"), Cell.text("1002-071949"), num("11.628141"), num("110316291.000000"), num("7.905")),
                        List.of(num("3"), Cell.text("1002-072000"), num("0.500000"), num("0.000000"), num("-1"))));
    }

    private String read(Path p) throws IOException {
        return Files.readString(p, UTF_8);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesExactCsvForADmapTable() throws IOException {
        Path out = dir.resolve("result.csv");
        try (ResultSink sink = open(out, false, "select count($line), last($time) from STATS")) {
            sink.write(dmapTable());
        }
        assertEquals("""
                count($line),last($time),avg($goroutines),sum($bytes),last(load)
                597,1002-071949,11.628141,110316291.000000,7.905
                3,1002-072000,0.500000,0.000000,-1
                """, read(out));
    }

    @Test
    void quotesCommasQuotesCrAndLfInValuesAndHeaders() throws IOException {
        Path out = dir.resolve("q.csv");
        ResultTable t = table(List.of("plain", "a,b", "say \"hi\"", "`count($time)`"),
                List.of(
                        List.of(Cell.text("x y"), Cell.text("1,2"), Cell.text("he said \"no\""), Cell.text("")),
                        List.of(Cell.text("line1\nline2"), Cell.text("cr\rhere"), Cell.text("\""), Cell.text("crlf\r\n")),
                        List.of(Cell.text("ünïcødé 日本 🎉"), Cell.text(" lead"), Cell.text("trail "), Cell.text("'single'"))));
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(t);
        }
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",`count($time)`\n"
                + "x y,\"1,2\",\"he said \"\"no\"\"\",\n"
                + "\"line1\nline2\",\"cr\rhere\",\"\"\"\",\"crlf\r\n\"\n"
                + "ünïcødé 日本 🎉, lead,trail ,'single'\n", read(out));
        assertEquals(List.of(
                List.of("plain", "a,b", "say \"hi\"", "`count($time)`"),
                List.of("x y", "1,2", "he said \"no\"", ""),
                List.of("line1\nline2", "cr\rhere", "\"", "crlf\r\n"),
                List.of("ünïcødé 日本 🎉", " lead", "trail ", "'single'")), Rfc4180Reader.parse(read(out)));
    }

    @Test
    void emptyTableWritesHeaderOnly() throws IOException {
        Path out = dir.resolve("empty.csv");
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(table(List.of("a", "b"), List.of()));
        }
        assertEquals("a,b\n", read(out));
    }

    @Test
    void replaceModeReplacesTheWholeFileAndLeavesNoTemporaryFiles() throws IOException {
        Path out = dir.resolve("r.csv");
        Files.writeString(out, "old,stuff\n1,2\n3,4\n5,6\n");
        try (ResultSink sink = open(out, false, "select a")) {
            sink.write(table(List.of("a"), List.of(List.of(num("1")), List.of(num("2")))));
            assertEquals("a\n1\n2\n", read(out));
            sink.write(table(List.of("a"), List.of(List.of(num("3")))));
            assertEquals("a\n3\n", read(out));
        }
        assertEquals(List.of("r.csv", "r.csv.query"), names());
    }

    @Test
    void replaceKeepsThePermissionsOfTheReplacedFile() throws IOException {
        Path out = dir.resolve("perm.csv");
        Files.writeString(out, "x\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(table(List.of("a"), List.of()));
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aConcurrentReaderSeesOnlyWholeResults() throws Exception {
        Path out = dir.resolve("live.csv");
        List<List<Cell>> rowsA = new ArrayList<>();
        List<List<Cell>> rowsB = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rowsA.add(List.of(num(Integer.toString(i)), Cell.text("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
            rowsB.add(List.of(num(Integer.toString(-i)), Cell.text("b,b")));
        }
        ResultTable a = table(List.of("n", "v"), rowsA);
        ResultTable b = table(List.of("n", "v"), rowsB);
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(a);
            String textA = read(out);
            sink.write(b);
            String textB = read(out);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        String s = Files.readString(out, UTF_8);
                        if (!s.equals(textA) && !s.equals(textB)) {
                            bad.add(s.length() > 80 ? s.substring(0, 80) + "..." : s);
                        }
                        reads.incrementAndGet();
                    } catch (IOException e) {
                        bad.add("read failed: " + e);
                    }
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
                sink.write(i % 2 == 0 ? a : b);
            }
            stop.set(true);
            reader.join(Duration.ofSeconds(5));
            assertTrue(bad.isEmpty(), "reader saw a partial result: " + bad.peek());
            assertTrue(reads.get() > 0);
        }
        assertEquals(List.of("live.csv", "live.csv.query"), names());
    }

    @Test
    void failedReplaceRemovesItsTemporaryFile() throws IOException {
        Path out = dir.resolve("gone.csv");
        try (ResultSink sink = open(out, false, "q")) {
            // the target turns into a non-empty directory: the rename must fail
            Files.createDirectory(out);
            Files.writeString(out.resolve("blocker"), "x");
            IOException e = assertThrows(IOException.class, () -> sink.write(dmapTable()));
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        }
        assertEquals(List.of("gone.csv"), names(), "no query file without its CSV, no temporary file");
    }

    @Test
    void appendWritesTheHeaderOnceAcrossWritesAndReopens() throws IOException {
        Path out = dir.resolve("a.csv");
        ResultTable t1 = table(List.of("host", "count(*)"), List.of(List.of(Cell.text("web01"), num("5"))));
        ResultTable t2 = table(List.of("host", "count(*)"),
                List.of(List.of(Cell.text("web02"), num("7")), List.of(Cell.text("db,1"), num("1"))));
        try (ResultSink sink = open(out, true, "select host, count(*)")) {
            sink.write(t1);
            sink.write(t2);
        }
        try (ResultSink sink = open(out, true, "select host, count(*)")) {
            sink.write(t1);
        }
        assertEquals("host,count(*)\nweb01,5\nweb02,7\n\"db,1\",1\nweb01,5\n", read(out));
        assertEquals(List.of("a.csv", "a.csv.query"), names());
    }

    @Test
    void appendToAnEmptyExistingFileWritesTheHeader() throws IOException {
        Path out = dir.resolve("e.csv");
        Files.createFile(out);
        try (ResultSink sink = open(out, true, "q")) {
            sink.write(table(List.of("a,x", "b"), List.of(List.of(num("1"), num("2")))));
        }
        assertEquals("\"a,x\",b\n1,2\n", read(out));
    }

    @Test
    void appendAfterATornLastLineStartsOnAFreshLine() throws IOException {
        Path out = dir.resolve("torn.csv");
        Files.writeString(out, "a,b\n1,2\n3,");
        try (ResultSink sink = open(out, true, "q")) {
            sink.write(table(List.of("a", "b"), List.of(List.of(num("5"), num("6")))));
        }
        assertEquals("a,b\n1,2\n3,\n5,6\n", read(out));
    }

    @Test
    void appendRefusesADifferentHeader() throws IOException {
        Path out = dir.resolve("m.csv");
        String before = "host,count(*)\nweb01,5\n";
        Files.writeString(out, before);
        try (ResultSink sink = open(out, true, "q")) {
            IOException e = assertThrows(IOException.class,
                    () -> sink.write(table(List.of("host", "sum(bytes)"), List.of(List.of(Cell.text("x"), num("1"))))));
            assertTrue(e.getMessage().contains("host,count(*)"), e.getMessage());
            assertTrue(e.getMessage().contains("host,sum(bytes)"), e.getMessage());
            assertTrue(e.getMessage().contains("refusing to mix columns"), e.getMessage());
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
            // a header that is a prefix of the old one is different too
            assertThrows(IOException.class,
                    () -> sink.write(table(List.of("host"), List.of(List.of(Cell.text("x"))))));
        }
        assertEquals(before, read(out));
    }

    @Test
    void sidecarHoldsTheQueryTextByteForByteWithoutAFinalNewlineAsDtail() throws IOException {
        Path out = dir.resolve("s.csv");
        Path sidecar = dir.resolve("s.csv.query");
        String q = "from STATS select count($line), last($time) group by $hostname outfile \"s.csv\"";
        ResultTable t = table(List.of("a"), List.of());
        open(out, false, q).close();
        assertEquals(List.of(), names(), "nothing written before a result");
        writeOnce(out, false, q, t);
        assertArrayEquals(q.getBytes(UTF_8), Files.readAllBytes(sidecar), "written with the result, as DTail: no newline added");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(sidecar, old);
        writeOnce(out, true, q, t);
        assertEquals(q, read(sidecar));
        assertEquals(old, Files.getLastModifiedTime(sidecar), "append mode keeps an identical sidecar");
        writeOnce(out, true, "select other", t);
        assertEquals("select other", read(sidecar), "append mode replaces a different query");
        writeOnce(out, false, "multi\nline\n", t);
        assertEquals("multi\nline\n", read(sidecar), "the text as given, a newline of its own kept");
        assertEquals(List.of("s.csv", "s.csv.query"), names());
    }

    @Test
    void missingDirectoryIsAClearError() {
        Path missing = dir.resolve("no/such/dir");
        IOException e = assertThrows(IOException.class, () -> open(missing.resolve("x.csv"), false, "q"));
        assertTrue(e.getMessage().contains("directory " + missing + " does not exist"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> open(missing.resolve("x.csv"), true, "q"));
        assertTrue(e2.getMessage().contains(missing.toString()), e2.getMessage());
    }

    @Test
    void directoryRemovedAfterOpenIsAClearError() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path out = sub.resolve("x.csv");
        try (ResultSink sink = open(out, false, null)) {
            Files.delete(sub);
            IOException e = assertThrows(IOException.class, () -> sink.write(dmapTable()));
            assertTrue(e.getMessage().contains("directory " + sub + " does not exist"), e.getMessage());
        }
    }

    @Test
    void targetThatIsADirectoryIsAClearError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d.csv"));
        IOException e = assertThrows(IOException.class, () -> open(d, false, "q"));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void writeAfterCloseFails() throws IOException {
        ResultSink sink = open(dir.resolve("c.csv"), false, "q");
        sink.close();
        assertThrows(IOException.class, () -> sink.write(dmapTable()));
    }

    @Test
    void staleTemporaryFilesOfCrashedWritersAreRemovedAtOpen() throws IOException {
        Path out = dir.resolve("t.csv");
        Path stale = Files.writeString(dir.resolve(".t.csv.tmp-0123456789abcdef"), "half");
        Path fresh = Files.writeString(dir.resolve(".t.csv.tmp-fedcba9876543210"), "live");
        Path staleQuery = Files.writeString(dir.resolve(".t.csv.query.tmp-00000000000000aa"), "half");
        Path other = Files.writeString(dir.resolve(".t.csv.tmp-notours"), "keep");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path p : List.of(stale, staleQuery, other)) {
            Files.setLastModifiedTime(p, old);
        }
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(dmapTable());
        }
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleQuery));
        assertTrue(Files.exists(fresh), "a live writer's file stays");
        assertTrue(Files.exists(other), "names not made by us stay");
    }

    @Test
    void providerIsFoundByName() throws IOException {
        try (ResultSink sink = open(dir.resolve("p.csv"), false, "q")) {
            assertTrue(sink instanceof CsvResultSink);
        }
    }

    /**
     * A writer JVM killed in the middle of a large replace leaves the previous good file in place,
     * beside its own query (the child writes another one).
     */
    @Test
    void crashMidWriteLeavesTheOldFileIntact() throws Exception {
        Path out = dir.resolve("crash.csv");
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(dmapTable());
        }
        String good = read(out);

        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the temporary file's growth is watched (inotify), so the test wakes at each write of the child
        WatchService watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CsvCrashChild.class.getName(), out.toString(), "100000", "4096")
                .redirectErrorStream(true)
                .start();
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
            // wait (bounded) until the child is well into writing its temporary file
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Path tmp = temporaryOver(1 << 20);
            for (int changes = 0; tmp == null && changes < 1_000_000; changes++) {
                if (!child.isAlive()) {
                    fail("child ended before it was killed; output: " + childOutput);
                }
                WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (key == null) {
                    fail("child never wrote 1 MiB; output: " + childOutput);
                }
                key.pollEvents();
                key.reset();
                tmp = temporaryOver(1 << 20);
            }
            assertNotNull(tmp, "child never wrote 1 MiB; output: " + childOutput);
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "killed child did not end");
            pump.join(Duration.ofSeconds(5));
            synchronized (childOutput) {
                assertFalse(childOutput.contains("finished"), "child finished before the kill: " + childOutput);
            }
            assertEquals(good, read(out), "the final name must still hold the old good result");
            assertEquals("q", read(CsvResultSink.sidecarOf(out)), "and the query beside it is still the old one");
            long tmpSize = Files.size(tmp);
            assertTrue(tmpSize < 100_000L * 2 * 4100, "the kill came before the write was complete: " + tmpSize);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            watch.close();
        }
        // the next writer works normally
        try (ResultSink sink = open(out, false, "q")) {
            sink.write(table(List.of("a"), List.of(List.of(num("1")))));
        }
        assertEquals("a\n1\n", read(out));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pending")).toList(),
                    "what the crashed writer set aside is gone");
        }
    }

    private Path temporaryOver(long size) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith(".crash.csv.tmp-")) {
                    try {
                        if (Files.size(p) > size) {
                            return p;
                        }
                    } catch (IOException gone) {
                        // renamed or removed meanwhile
                    }
                }
            }
        }
        return null;
    }
}
