package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code avg(field)}, kept as sum and count so that partial averages merge exactly. */
final class AvgState extends NumericState {

    private final ExactSum sum = new ExactSum();
    private long count;

    AvgState(Aggregate kind) {
        super(kind);
    }

    @Override
    void add(double value) {
        sum.add(value);
        count++;
    }

    @Override
    public void merge(AggregateState other) {
        AvgState o = (AvgState) other;
        sum.add(o.sum);
        count += o.count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        sum.write(out);
        out.writeLong(count);
    }

    static AvgState read(Aggregate kind, DataInput in) throws IOException {
        AvgState s = new AvgState(kind);
        s.sum.add(ExactSum.read(in));
        s.count = in.readLong();
        return s;
    }

    @Override
    public Cell render() {
        return count == 0 ? Cell.text("") : Render.decimal(sum.value() / count);
    }
}
