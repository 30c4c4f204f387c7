package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.util.List;

/**
 * One select column's aggregate as a plan uses it: the aggregate and the call's parameters (the
 * arguments after the field; none for DTail's aggregates).
 */
public record AggregateCall(Aggregate aggregate, List<Argument> parameters) {

    public AggregateCall {
        parameters = List.copyOf(parameters);
    }

    /** The cell this column shows for a state of its aggregate. */
    public Cell render(AggregateState state) {
        return aggregate.render(state, parameters);
    }
}
