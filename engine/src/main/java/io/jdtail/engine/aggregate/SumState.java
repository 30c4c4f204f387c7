package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code sum(field)}. */
final class SumState implements AggregateState {

    private double sum;

    @Override
    public StateKind kind() {
        return StateKind.SUM;
    }

    @Override
    public boolean accumulate(Row row, int slot) {
        if (!row.has(slot)) {
            return true;
        }
        double v = row.number(slot);
        if (Double.isNaN(v)) {
            return false;
        }
        sum += v;
        return true;
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
