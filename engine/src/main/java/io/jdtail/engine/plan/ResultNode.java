package io.jdtail.engine.plan;

import io.jdtail.ast.Outfile;
import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.aggregate.AggregateCall;
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
 * @param calls      the aggregate call of each column: how its states merge and render
 * @param orderColumn column to sort by, and its direction
 * @param limit      rows to show at most
 * @param outfile    CSV file to write instead of the table
 * @param interval   how often interim results are shown
 * @param groupFields the group-by fields as written (the first selected field when there is no group by)
 * @param keyColumns indices of the columns that only show a group-by field (a bare selected group-by field),
 *                   decided by the planner so that sinks never guess them
 */
public record ResultNode(String queryText, List<String> headers, List<AggregateCall> calls,
                         Optional<OrderColumn> orderColumn, OptionalInt limit, Optional<Outfile> outfile,
                         Duration interval, List<String> groupFields, Set<Integer> keyColumns) {

    public ResultNode {
        headers = List.copyOf(headers);
        calls = List.copyOf(calls);
        if (calls.size() != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + calls.size() + " aggregate calls");
        }
        for (int k : keyColumns) {
            if (k < 0 || k >= headers.size()) {
                throw new IllegalArgumentException("key column " + k + " is not one of the " + headers.size() + " columns");
            }
        }
        groupFields = List.copyOf(groupFields);
        keyColumns = Set.copyOf(keyColumns);
    }

    /** The aggregate of each column (what partials of this query hold). */
    public List<Aggregate> kinds() {
        return calls.stream().map(AggregateCall::aggregate).toList();
    }

    public record OrderColumn(int index, boolean descending) {
    }
}
