package io.jdtail.engine.sink;

import java.time.Instant;
import java.util.List;

/**
 * One complete result: column headers (the select expressions as written) and rendered rows.
 * {@code time} is when the result was produced (for interval results: the interval's end).
 */
public record ResultTable(List<String> columns, List<List<Cell>> rows, Instant time) {

    public ResultTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * One value: {@code text} is how tables and CSV show it (counts as integers, sums and averages
     * with six decimals, last values exactly as logged); {@code number} is its numeric value, NaN
     * when it has none.
     */
    public record Cell(String text, double number) {

        public static Cell text(String text) {
            return new Cell(text, Double.NaN);
        }

        public boolean isNumeric() {
            return !Double.isNaN(number);
        }
    }
}
