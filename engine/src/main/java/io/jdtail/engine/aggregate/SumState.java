package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code sum(field)}. */
final class SumState extends NumericState {

    private double sum;

    @Override
    public StateKind kind() {
        return StateKind.SUM;
    }

    @Override
    void add(double value) {
        sum += value;
    }

    @Override
    public void merge(AggregateState other) {
        sum += ((SumState) other).sum;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(sum);
    }

    static SumState read(DataInput in) throws IOException {
        SumState s = new SumState();
        s.sum = in.readDouble();
        return s;
    }

    @Override
    public Cell render() {
        return Render.decimal(sum);
    }
}
