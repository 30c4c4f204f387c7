package io.jdtail.engine.plan;

import io.jdtail.ast.Assignment;
import io.jdtail.ast.Condition;
import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.aggregate.AggregateCall;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.row.RowLayout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Parse, where, set, group by and partial aggregation, as each server runs them.
 *
 * @param format      the log format that reads the lines
 * @param table       {@code from TABLE}, if given
 * @param layout      every field the query references, with its slot
 * @param conditions  where conditions (all must hold)
 * @param assignments set assignments, applied in order
 * @param groupSlots  slots of the group-by fields
 * @param columns     one aggregate state per select item
 * @param interval    how often partials are emitted
 */
public record AggregationNode(LogFormat format, Optional<String> table, RowLayout layout,
                              List<Condition> conditions, List<Assignment> assignments, int[] groupSlots,
                              List<Column> columns, Duration interval) {

    public AggregationNode {
        conditions = List.copyOf(conditions);
        assignments = List.copyOf(assignments);
        groupSlots = groupSlots.clone();
        columns = List.copyOf(columns);
    }

    @Override
    public int[] groupSlots() {
        return groupSlots.clone();
    }

    /** The aggregate of each column, in select order (what partials of this query hold). */
    public List<Aggregate> kinds() {
        return columns.stream().map(c -> c.call().aggregate()).toList();
    }

    /** One select item: the aggregate call it feeds and the slot of the field it reads. */
    public record Column(String header, AggregateCall call, int slot) {
    }
}
