package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** {@code count(field)}: rows in which the field is present. */
final class CountState extends KindedState {

    private long count;

    CountState(Aggregate kind) {
        super(kind);
    }

    @Override
    public boolean accumulate(Row row, int slot) {
        if (row.has(slot)) {
            count++;
        }
        return true;
    }

    @Override
    public void merge(AggregateState other) {
        count += ((CountState) other).count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
    }

    static CountState read(Aggregate kind, DataInput in) throws IOException {
        CountState s = new CountState(kind);
        s.count = in.readLong();
        return s;
    }

    @Override
    public Cell render() {
        return new Cell(Long.toString(count), count);
    }
}
