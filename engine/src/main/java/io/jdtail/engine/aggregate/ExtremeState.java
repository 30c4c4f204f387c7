package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code min(field)} or {@code max(field)} of the numeric values. */
final class ExtremeState extends NumericState {

    private final boolean max;
    private boolean seen;
    private double value;

    ExtremeState(Aggregate kind, boolean max) {
        super(kind);
        this.max = max;
    }

    @Override
    void add(double value) {
        offer(value);
    }

    private void offer(double v) {
        if (!seen || (max ? v > value : v < value)) {
            value = v;
            seen = true;
        }
    }

    @Override
    public void merge(AggregateState other) {
        ExtremeState o = (ExtremeState) other;
        if (o.seen) {
            offer(o.value);
        }
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(seen);
        out.writeDouble(value);
    }

    static ExtremeState read(Aggregate kind, boolean max, DataInput in) throws IOException {
        ExtremeState s = new ExtremeState(kind, max);
        s.seen = in.readBoolean();
        s.value = in.readDouble();
        return s;
    }

    @Override
    public Cell render() {
        return seen ? Render.decimal(value) : Cell.text("");
    }
}
