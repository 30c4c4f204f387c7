package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code avg(field)}, kept as sum and count so that partial averages merge exactly. */
final class AvgState extends NumericState {

    private double sum;
    private long count;

    @Override
    public StateKind kind() {
        return StateKind.AVG;
    }

    @Override
    void add(double value) {
        sum += value;
        count++;
    }

    @Override
    public void merge(AggregateState other) {
        AvgState o = (AvgState) other;
        sum += o.sum;
        count += o.count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeDouble(sum);
        out.writeLong(count);
    }

    static AvgState read(DataInput in) throws IOException {
        AvgState s = new AvgState();
        s.sum = in.readDouble();
        s.count = in.readLong();
        return s;
    }

    @Override
    public Cell render() {
        return count == 0 ? Cell.text("") : Render.decimal(sum / count);
    }
}
