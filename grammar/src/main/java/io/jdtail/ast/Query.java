package io.jdtail.ast;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One parsed map-reduce query. Clauses that were not written are empty; defaults (group by the
 * first selected field, 5 s interval, the log format) are applied by the planner, not here, so
 * that query text -> AST -> text -> AST is stable.
 */
public record Query(
        List<SelectItem> select,
        Optional<String> table,
        List<Condition> where,
        List<Field> groupBy,
        Optional<Ordering> ordering,
        List<Assignment> assignments,
        Optional<Interval> interval,
        OptionalInt limit,
        Optional<Outfile> outfile,
        Optional<String> logFormat) {

    public Query {
        select = List.copyOf(select);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        assignments = List.copyOf(assignments);
    }
}
