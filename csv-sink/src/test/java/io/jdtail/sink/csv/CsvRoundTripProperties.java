package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever the cells hold, the CSV written reads back (RFC 4180) to exactly the same table. */
class CsvRoundTripProperties {

    private static Path dir;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("csv-roundtrip");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<String> cellText() {
        Arbitrary<String> special = Arbitraries.of(",", "\"", "\n", "\r", "\r\n", "\"\"", " ", ",\"", "\n\n", "");
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(4);
        Arbitrary<String> unicode = Arbitraries.integers().between(0x80, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .map(Character::toString);
        return Arbitraries.oneOf(special, ascii, unicode).list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        return Arbitraries.integers().between(1, 5).flatMap(width ->
                cellText().list().ofSize(width).list().ofMinSize(1).ofMaxSize(12));
    }

    @Property(tries = 200)
    void writtenCsvReadsBackToTheSameCells(@ForAll("tables") List<List<String>> table) throws IOException {
        List<String> header = table.getFirst();
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> row : table.subList(1, table.size())) {
            rows.add(row.stream().map(Cell::text).toList());
        }
        Path out = dir.resolve("t.csv");
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(out.toString(), false, "q", Map.of()))) {
            sink.write(ResultTable.ungrouped(header, rows, Instant.EPOCH));
        }
        assertEquals(table, Rfc4180Reader.parse(Files.readString(out, UTF_8)));
    }

    @Property(tries = 60)
    void appendedCsvReadsBackToHeaderAndAllRows(@ForAll("tables") List<List<String>> table) throws IOException {
        List<String> header = table.getFirst();
        Path out = Files.createTempFile(dir, "a", ".csv");
        Files.delete(out);
        List<List<String>> body = table.subList(1, table.size());
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(out.toString(), true, "q", Map.of()))) {
            for (List<String> row : body) {
                sink.write(ResultTable.ungrouped(header, List.of(row.stream().map(Cell::text).toList()), Instant.EPOCH));
            }
        }
        List<List<String>> expected = body.isEmpty() ? List.of() : table;
        List<List<String>> actual = Files.exists(out) ? Rfc4180Reader.parse(Files.readString(out, UTF_8)) : List.of();
        assertEquals(expected, actual);
    }
}
