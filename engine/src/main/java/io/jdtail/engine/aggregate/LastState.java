package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Numbers;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code last(field)}, a bare field, or {@code len(field)} (the length of the last value). "Last"
 * means the value of the row with the highest ordinal (its position in the input), so merging is
 * a max over (ordinal, value bytes) and does not depend on the order partials arrive in. The value
 * is kept as bytes in a reused buffer: no String per row.
 */
final class LastState extends KindedState {

    private final boolean lengthOnly;
    private boolean seen;
    private long ordinal;
    private byte[] value = new byte[16];
    private int size;

    LastState(Aggregate kind, boolean lengthOnly) {
        super(kind);
        this.lengthOnly = lengthOnly;
    }

    @Override
    public boolean accumulate(Row row, int slot) {
        if (!row.has(slot)) {
            return true;
        }
        long o = row.ordinal();
        if (seen && o < ordinal) {
            return true;
        }
        if (seen && o == ordinal && row.compareBytes(slot, value, 0, size) <= 0) {
            return true;
        }
        int n = row.byteLength(slot);
        if (value.length < n) {
            value = new byte[Math.max(n, value.length * 2)];
        }
        row.copyBytes(slot, value, 0);
        size = n;
        ordinal = o;
        seen = true;
        return true;
    }

    @Override
    public void merge(AggregateState other) {
        LastState o = (LastState) other;
        if (!o.seen) {
            return;
        }
        boolean newer = !seen || o.ordinal > ordinal
                || (o.ordinal == ordinal && Arrays.compareUnsigned(o.value, 0, o.size, value, 0, size) > 0);
        if (newer) {
            value = Arrays.copyOf(o.value, Math.max(o.size, 1));
            size = o.size;
            ordinal = o.ordinal;
            seen = true;
        }
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(seen);
        out.writeLong(ordinal);
        out.writeInt(size);
        out.write(value, 0, size);
    }

    static LastState read(Aggregate kind, boolean lengthOnly, DataInput in) throws IOException {
        LastState s = new LastState(kind, lengthOnly);
        s.seen = in.readBoolean();
        s.ordinal = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("implausible value length " + n);
        }
        s.value = new byte[Math.max(n, 1)];
        in.readFully(s.value, 0, n);
        s.size = n;
        return s;
    }

    @Override
    public Cell render() {
        if (!seen) {
            return Cell.text("");
        }
        String text = new String(value, 0, size, StandardCharsets.UTF_8);
        if (lengthOnly) {
            return Render.decimal(text.length());
        }
        return new Cell(text, Numbers.parse(value, 0, size));
    }
}
