package io.jdtail.engine.sink;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One complete result: column headers (the select expressions as written), rendered rows and the
 * group each row stands for. {@code time} is when the result was produced (for interval results:
 * the interval's end).
 */
public record ResultTable(List<String> columns, List<List<Cell>> rows, Instant time, Grouping grouping) {

    public ResultTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        if (grouping.keys().size() != rows.size()) {
            throw new IllegalArgumentException("a group key for each of the " + rows.size() + " rows is needed, not "
                    + grouping.keys().size());
        }
    }

    /** A table whose rows belong to no group-by (each row's key is empty). */
    public static ResultTable ungrouped(List<String> columns, List<List<Cell>> rows, Instant time) {
        return new ResultTable(columns, rows, time,
                new Grouping(List.of(), Set.of(), rows.stream().map(r -> List.<Optional<String>>of()).toList()));
    }

    /**
     * What the rows are grouped by, as data: a sink that names series after groups (Graphite)
     * must not guess the key from the selected columns, since a group-by field need not be
     * selected at all.
     *
     * @param fields     the group-by fields as written in the query, e.g. {@code method}
     * @param keyColumns indices of the selected columns that only show a group-by field
     *                   ({@code select method, count(*) group by method}: column 0)
     * @param keys       each row's key, in row order: one value per field, empty when the lines of
     *                   that group had no such field (which is a group of its own, apart from an
     *                   empty value)
     */
    public record Grouping(List<String> fields, Set<Integer> keyColumns, List<List<Optional<String>>> keys) {

        public Grouping {
            fields = List.copyOf(fields);
            keyColumns = Set.copyOf(keyColumns);
            keys = keys.stream().map(List::copyOf).toList();
            for (List<Optional<String>> key : keys) {
                if (key.size() != fields.size()) {
                    throw new IllegalArgumentException("a group key of " + key.size() + " values for the "
                            + fields.size() + " group-by fields " + fields);
                }
            }
        }
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
