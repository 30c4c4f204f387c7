package io.jdtail.sink.graphite;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Result tables as the engine renders them for {@code select k1, k2, values... group by k1, k2}. */
final class GroupedTables {

    private GroupedTables() {
    }

    /** The first {@code keyCount} columns are the selected group-by fields; each row's key is their text. */
    static ResultTable selectedKeys(List<String> columns, int keyCount, List<List<Cell>> rows, Instant time) {
        List<List<Optional<String>>> keys = new ArrayList<>();
        for (List<Cell> row : rows) {
            keys.add(row.subList(0, keyCount).stream().map(c -> Optional.of(c.text())).toList());
        }
        HashSet<Integer> keyColumns = new HashSet<>();
        for (int i = 0; i < keyCount; i++) {
            keyColumns.add(i);
        }
        return new ResultTable(columns, rows, time,
                new ResultTable.Grouping(columns.subList(0, keyCount), keyColumns, keys));
    }
}
