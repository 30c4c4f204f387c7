package io.jdtail.sink.csv;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.sink.SinkRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run as a separate JVM by {@link CsvResultSinkTest}: writes one very large table through the
 * csv sink in replace mode, to be killed while it writes. Arguments: path, rows, cell size.
 */
public final class CsvCrashChild {

    private CsvCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        int rows = Integer.parseInt(args[1]);
        int cellSize = Integer.parseInt(args[2]);
        // one shared big string: a huge file from little memory
        Cell big = Cell.text("x".repeat(cellSize - 2) + ",\"");
        List<List<Cell>> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            data.add(List.of(new Cell(Integer.toString(i), i), big, big));
        }
        ResultTable table = ResultTable.ungrouped(List.of("count($line)", "a", "b"), data, Instant.now());
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(path, false, "select crash", Map.of()))) {
            System.out.println("writing");
            System.out.flush();
            sink.write(table);
        }
        System.out.println("finished");
        System.out.flush();
    }
}
