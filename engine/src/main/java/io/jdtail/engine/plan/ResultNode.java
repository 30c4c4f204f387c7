package io.jdtail.engine.plan;

import io.jdtail.ast.Outfile;
import io.jdtail.engine.aggregate.StateKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Merging and rendering of a map-reduce result on the client.
 *
 * @param queryText  the query as the user wrote it (shown above tables, kept beside outfiles)
 * @param headers    column headers: the select items as written
 * @param kinds      state kinds of the columns, to check that partials belong to this query
 * @param orderColumn column to sort by, and its direction
 * @param limit      rows to show at most
 * @param outfile    CSV file to write instead of the table
 * @param interval   how often interim results are shown
 * @param groupFields the group-by fields as written (the first selected field when there is no group by)
 * @param keyColumns indices of the columns that only show a group-by field (a bare selected group-by field)
 */
public record ResultNode(String queryText, List<String> headers, List<StateKind> kinds,
                         Optional<OrderColumn> orderColumn, OptionalInt limit, Optional<Outfile> outfile,
                         Duration interval, List<String> groupFields, Set<Integer> keyColumns) {

    public ResultNode {
        headers = List.copyOf(headers);
        kinds = List.copyOf(kinds);
        groupFields = List.copyOf(groupFields);
        keyColumns = Set.copyOf(keyColumns);
    }

    public record OrderColumn(int index, boolean descending) {
    }
}
