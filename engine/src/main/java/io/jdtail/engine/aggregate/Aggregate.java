package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.grammar.AggregateSignature;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * An aggregation of the query language as a plug-in, found through {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/io.jdtail.engine.aggregate.Aggregate}); see
 * {@link Aggregates}. It says how it is called ({@link AggregateSignature}: names, argument kinds,
 * argument checks), makes and decodes its mergeable {@link AggregateState} under a wire tag, and
 * renders a state. The engine names no aggregate: adding one is one class (plus its test and its
 * services line), and the merge-law properties cover it automatically.
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every query.
 */
public interface Aggregate extends AggregateSignature {

    /**
     * The state's tag in partial aggregates on the wire, 1 to 255, unique among the aggregates.
     * Part of the protocol: never renumber one, only add (1 to 7 are DTail's: count, sum, min,
     * max, avg, last, len).
     */
    int wireTag();

    /** A fresh state for one group. Called once per new group, never per row. */
    AggregateState newState();

    /** Decodes a state {@link AggregateState#write written} by this aggregate (the tag is already read). */
    AggregateState read(DataInput in) throws IOException;

    /**
     * The cell a state shows for a call with these parameters (the arguments after the field,
     * e.g. the 99 of {@code percentile(latency, 99)}); states do not keep call parameters, so
     * partials of calls that differ only in them merge. By default the state renders itself.
     */
    default Cell render(AggregateState state, List<Argument> parameters) {
        return state.render();
    }

    /**
     * Whether a bare selected field ({@code select method}) means this aggregate; exactly one
     * registered aggregate (last) says so.
     */
    default boolean meansBareField() {
        return false;
    }
}
