package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The running value of one aggregation in one group. States are mergeable: merging is associative
 * and commutative, so partials from any split of the input, merged in any order, equal one pass
 * over all of it. Each is made and decoded by its {@link Aggregate}, and updated in the hot loop:
 * {@link #accumulate} must not allocate (primitives and reused buffers only).
 */
public interface AggregateState {

    /** The aggregate that made this state. */
    Aggregate kind();

    /**
     * Adds the value in {@code slot} of the row. Returns false when the value is unusable (not a
     * number for a numeric aggregation) so the caller can count it; the state is then unchanged.
     */
    boolean accumulate(Row row, int slot);

    /** Folds {@code other} (same kind) into this state. */
    void merge(AggregateState other);

    /** Writes the state's payload (without the kind tag) for the wire. */
    void write(DataOutput out) throws IOException;

    /** The value as tables and CSV show it. */
    Cell render();
}
