package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replaced outfile and its {@code .query} sidecar always match: a write that fails for real
 * (the disk fills up, the CSV cannot be replaced) leaves the old pair, and a pair a crash left
 * half done is completed by the next open. Runs as root (mount, chattr), as the suite does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CsvPairTest {

    private static final String OLD_CSV = "a\n1\n";
    private static final String OLD_QUERY = "select a outfile \"r.csv\"";
    private static final String NEW_QUERY = "select b outfile \"r.csv\"";

    @TempDir
    Path dir;

    private static ResultSink open(Path path, String query) throws IOException {
        return ResultSinks.open("csv", new SinkRequest(path.toString(), false, query, Map.of()));
    }

    /** A table of {@code rows} rows of about 100 bytes each. */
    private static ResultTable table(int rows) {
        List<List<Cell>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(List.of(Cell.text("b".repeat(96)), new Cell(Integer.toString(i), i)));
        }
        return ResultTable.ungrouped(List.of("b", "count(*)"), data, Instant.EPOCH);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed (this test needs root): " + out);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertOldPair(Path csv) throws IOException {
        assertEquals(OLD_CSV, Files.readString(csv), "the old CSV");
        assertEquals(OLD_QUERY, Files.readString(CsvResultSink.sidecarOf(csv)), "the old query beside it");
        assertEquals(List.of("r.csv", "r.csv.query"), names(csv.getParent()), "no file left over");
    }

    @Test
    void aDiskThatFillsUpDuringTheWriteLeavesTheOldPair() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString());
        try {
            Path csv = small.resolve("r.csv");
            Files.writeString(csv, OLD_CSV);
            Files.writeString(CsvResultSink.sidecarOf(csv), OLD_QUERY);
            try (ResultSink sink = open(csv, NEW_QUERY)) {
                IOException e = assertThrows(IOException.class, () -> sink.write(table(2_000))); // ~200 KB
                assertTrue(e.getMessage().contains(csv.toString()), e.getMessage());
            }
            assertOldPair(csv);
        } finally {
            run("umount", small.toString());
        }
    }

    @Test
    void aCsvThatCannotBeReplacedLeavesTheOldPair() throws Exception {
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, OLD_CSV);
        Files.writeString(CsvResultSink.sidecarOf(csv), OLD_QUERY);
        // an immutable file cannot be renamed over, not even by root: the CSV's rename fails
        run("chattr", "+i", csv.toString());
        try {
            try (ResultSink sink = open(csv, NEW_QUERY)) {
                IOException e = assertThrows(IOException.class, () -> sink.write(table(3)));
                assertTrue(e.getMessage().contains(csv.toString()), e.getMessage());
            }
            assertOldPair(csv);
        } finally {
            run("chattr", "-i", csv.toString());
        }
        // and once it can, the new pair arrives whole
        try (ResultSink sink = open(csv, NEW_QUERY)) {
            sink.write(table(1));
        }
        assertEquals("b,count(*)\n" + "b".repeat(96) + ",0\n", Files.readString(csv));
        assertEquals(NEW_QUERY, Files.readString(CsvResultSink.sidecarOf(csv)));
        assertEquals(List.of("r.csv", "r.csv.query"), names(dir));
    }

    @Test
    void aWriteWithTheSameQueryReplacesOnlyTheCsv() throws Exception {
        Path csv = dir.resolve("r.csv");
        try (ResultSink sink = open(csv, OLD_QUERY)) {
            sink.write(table(1));
            Path sidecar = CsvResultSink.sidecarOf(csv);
            Object before = Files.readAttributes(sidecar, "unix:ino").get("ino");
            sink.write(table(2));
            assertEquals(before, Files.readAttributes(sidecar, "unix:ino").get("ino"), "the sidecar was not rewritten");
        }
        assertEquals(3, Files.readAllLines(csv).size());
        assertEquals(OLD_QUERY, Files.readString(CsvResultSink.sidecarOf(csv)));
    }

    @Test
    void aPairACrashLeftCommittedIsCompletedAtTheNextOpen() throws Exception {
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, OLD_CSV);
        Files.writeString(CsvResultSink.sidecarOf(csv), NEW_QUERY); // the sidecar was renamed already
        // what a writer that died between its two renames leaves behind
        Files.writeString(dir.resolve(".r.csv.pending"), "b\n2\n");
        Files.writeString(dir.resolve(".r.csv.query.pending"), NEW_QUERY);
        open(csv, NEW_QUERY).close();
        assertEquals("b\n2\n", Files.readString(csv));
        assertEquals(NEW_QUERY, Files.readString(CsvResultSink.sidecarOf(csv)));
        assertEquals(List.of("r.csv", "r.csv.query"), names(dir));
    }

    @Test
    void aPairACrashLeftUncommittedIsDroppedAtTheNextOpen() throws Exception {
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, OLD_CSV);
        Files.writeString(CsvResultSink.sidecarOf(csv), OLD_QUERY);
        // the writer died before its CSV was complete: only the new query was set aside
        Files.writeString(dir.resolve(".r.csv.query.pending"), NEW_QUERY);
        open(csv, NEW_QUERY).close();
        assertOldPair(csv);
    }
}
