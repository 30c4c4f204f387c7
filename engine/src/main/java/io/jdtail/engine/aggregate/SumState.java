package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code sum(field)}. */
final class SumState extends NumericState {

    private final ExactSum sum = new ExactSum();

    SumState(Aggregate kind) {
        super(kind);
    }

    @Override
    void add(double value) {
        sum.add(value);
    }

    @Override
    public void merge(AggregateState other) {
        sum.add(((SumState) other).sum);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        sum.write(out);
    }

    static SumState read(Aggregate kind, DataInput in) throws IOException {
        SumState s = new SumState(kind);
        s.sum.add(ExactSum.read(in));
        return s;
    }

    @Override
    public Cell render() {
        return Render.decimal(sum.value());
    }
}
