package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.apache.datasketches.hll.TgtHllType;

/**
 * The distinct values of a field in one group: exact (the values' bytes, as logged) while there
 * are at most {@link #EXACT_LIMIT}, then an HLL sketch of lgK {@link #LG_K} (DataSketches). Values
 * are compared as text: {@code 1} and {@code 1.0} are two values; an empty value is a value.
 *
 * <p>Every value reaches the sketch as the same 64-bit hash of its bytes, whether it came from a
 * row or from an exact set that outgrew the limit, so a value seen by several servers counts once.
 * Merging HLL sketches takes the larger register per slot, which does not depend on merge order.
 */
final class DistinctValues extends KindedState {

    /** A group with at most this many distinct values counts them exactly. */
    static final int EXACT_LIMIT = 10_000;
    /** 2^14 registers: a relative standard error of 1.04/128 = 0.8%. */
    static final int LG_K = 14;

    // exact form: open addressing over the values' bytes with their hashes
    private byte[][] values = new byte[16][];
    private long[] hashes = new long[16];
    private int size;
    /** Null while exact. */
    private HllSketch sketch;
    /** The row's value, copied so that it can be hashed and compared without allocating. */
    private byte[] scratch = new byte[32];

    DistinctValues(Aggregate kind) {
        super(kind);
    }

    @Override
    public boolean accumulate(Row row, int slot) {
        if (!row.has(slot)) {
            return true;
        }
        int n = row.byteLength(slot);
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        row.copyBytes(slot, scratch, 0);
        long hash = hash(scratch, n);
        if (sketch != null) {
            sketch.update(hash);
        } else if (!contains(scratch, n, hash)) {
            insert(Arrays.copyOf(scratch, n), hash);
        }
        return true;
    }

    private boolean contains(byte[] value, int n, long hash) {
        int mask = values.length - 1;
        for (int i = (int) hash & mask; values[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && values[i].length == n && Arrays.equals(values[i], 0, n, value, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a value known to be absent. */
    private void insert(byte[] value, long hash) {
        if (++size > EXACT_LIMIT) {
            toSketch();
            sketch.update(hash);
            return;
        }
        place(value, hash);
        if (size * 2 > values.length) {
            byte[][] oldValues = values;
            long[] oldHashes = hashes;
            values = new byte[oldValues.length * 2][];
            hashes = new long[oldValues.length * 2];
            for (int i = 0; i < oldValues.length; i++) {
                if (oldValues[i] != null) {
                    place(oldValues[i], oldHashes[i]);
                }
            }
        }
    }

    private void place(byte[] value, long hash) {
        int mask = values.length - 1;
        int i = (int) hash & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        values[i] = value;
        hashes[i] = hash;
    }

    private void toSketch() {
        sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
        feedExactInto(sketch);
        values = null;
        hashes = null;
        size = 0;
    }

    private void feedExactInto(HllSketch target) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                target.update(hashes[i]);
            }
        }
    }

    @Override
    public void merge(AggregateState other) {
        DistinctValues o = (DistinctValues) other;
        if (sketch == null && o.sketch == null) {
            for (int i = 0; i < o.values.length && sketch == null; i++) {
                byte[] v = o.values[i];
                if (v != null && !contains(v, v.length, o.hashes[i])) {
                    insert(v, o.hashes[i]);
                }
            }
            if (sketch == null) {
                return;
            }
            // the set outgrew the limit part way: the rest of o goes into the sketch (values already in count once)
        }
        if (sketch == null) {
            toSketch();
        }
        if (o.sketch == null) {
            o.feedExactInto(sketch);
            return;
        }
        HllUnion union = new HllUnion(LG_K);
        union.update(sketch);
        union.update(o.sketch);
        sketch = union.getResult(TgtHllType.HLL_8);
    }

    /** The number of distinct values: exact, or the sketch's estimate. */
    long estimate() {
        return sketch == null ? size : Math.round(sketch.getEstimate());
    }

    @Override
    public void write(DataOutput out) throws IOException {
        if (sketch == null) {
            SketchForm.writeExact(out);
            out.writeInt(size);
            for (byte[] v : values) {
                if (v != null) {
                    out.writeInt(v.length);
                    out.write(v);
                }
            }
            return;
        }
        byte[] bytes = sketch.toCompactByteArray();
        SketchForm.writeSketch(out, bytes, bytes.length);
    }

    static DistinctValues read(Aggregate kind, DataInput in) throws IOException {
        DistinctValues s = new DistinctValues(kind);
        if (SketchForm.readIsExact(in, "distinct")) {
            int n = in.readInt();
            if (n < 0 || n > EXACT_LIMIT) {
                throw new IOException("implausible number of distinct values " + n);
            }
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > (64 << 20)) {
                    throw new IOException("implausible distinct value length " + len);
                }
                byte[] v = new byte[len];
                in.readFully(v);
                long hash = hash(v, len);
                if (s.contains(v, len, hash)) {
                    throw new IOException("a distinct value sent twice");
                }
                s.insert(v, hash);
            }
            return s;
        }
        byte[] bytes = SketchForm.readSketch(in, 1 << 20, "distinct");
        HllSketch sketch;
        try {
            sketch = HllSketch.heapify(bytes);
        } catch (RuntimeException e) {
            throw new IOException("unreadable distinct sketch: " + e.getMessage(), e);
        }
        if (sketch.getLgConfigK() != LG_K) {
            throw new IOException("distinct sketch of lgK " + sketch.getLgConfigK() + ", expected " + LG_K);
        }
        s.values = null;
        s.hashes = null;
        s.sketch = sketch.getTgtHllType() == TgtHllType.HLL_8 ? sketch : sketch.copyAs(TgtHllType.HLL_8);
        return s;
    }

    @Override
    public Cell render() {
        long n = estimate();
        return new Cell(Long.toString(n), n);
    }

    /**
     * A 64-bit hash of the value's bytes (FNV-1a, then MurmurHash3's finalizer to spread the bits):
     * the exact set's table index and the sketch's input, so both forms agree on every value.
     */
    static long hash(byte[] bytes, int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            h ^= bytes[i] & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
