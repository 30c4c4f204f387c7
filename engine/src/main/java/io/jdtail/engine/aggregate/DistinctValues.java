package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.source.Bytes;
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
 * are at most {@link #EXACT_LIMIT} and their bytes fit in {@link #ARENA_LIMIT}, then an HLL sketch of lgK
 * {@link #LG_K} (DataSketches). Values are compared as text: {@code 1} and {@code 1.0} are two values; an
 * empty value is a value.
 *
 * <p>The exact values' bytes lie one after the other in one arena, not one array each: a row whose
 * value is already known costs a hash, a probe of a table of ints and one comparison, and allocates nothing.
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
    /**
     * The most bytes the exact values may hold together (10,000 values of up to 100 KiB): a group whose values
     * need more is sketched earlier, rather than the arena outgrowing what one Java array can hold.
     */
    static final int ARENA_LIMIT = 1 << 30;
    /** A value's number + 1 in a table position: up to 16,383, above {@link #EXACT_LIMIT}. */
    private static final int NUMBER_BITS = 14;
    private static final int NUMBER_MASK = (1 << NUMBER_BITS) - 1;
    private static final int FINGERPRINT_BITS = 32 - NUMBER_BITS;
    /** How many hashes a sketched state remembers as lately given to its sketch (8 KiB beside its 16). */
    static final int RECENT = 1024;
    private static final long HIGHS = 0x8080808080808080L;

    // exact form: the values' bytes one after the other in the arena; per value (numbered in the order they came)
    // where its bytes end (value e is arena[ends[e - 1], ends[e])) and its hash; and an open-addressing table of
    // ints, at most 3/4 full, each 18 bits of a value's hash above its number + 1 (0 when free). A row's value
    // costs a probe of the table, two ends and one comparison: 5,000 values of 8 bytes take 32 + 20 + 40 KiB,
    // where 5,000 arrays and a table of references took more; a short value known already costs one probe of
    // shortValues (64 KiB for 5,000).
    private int[] table = new int[16];
    private int[] ends = new int[8];
    private long[] hashes = new long[8];
    private byte[] arena = new byte[64];
    private int arenaUsed;
    /**
     * The exact values of 1 to 8 bytes that hold no zero byte, each packed into a long ({@link #packed}; 0 marks a
     * free position), in an open-addressing table as long as {@link #table}. Why: a row whose short value (a user
     * name, an address, a status) is already known then costs one probe of this one array, where {@link #table}
     * costs a probe, two ends and the arena: three cache lines that miss once a few groups' sets together outgrow
     * a core's cache (the cost of distinct over count in the bench's JSON query).
     */
    private long[] shortValues = new long[16];
    private int size;
    /** Null while exact. */
    private HllSketch sketch;
    /**
     * While sketched: the hashes lately given to the sketch, by their low bits. DataSketches' update allocates
     * (it hashes through MurmurHash3 into new arrays, 88 bytes), and giving a sketch a value again changes
     * nothing, so a value seen lately (an active user, a busy address) skips it and allocates nothing.
     */
    private long[] recent;

    private final int arenaLimit;

    DistinctValues(Aggregate kind) {
        this(kind, ARENA_LIMIT);
    }

    /** With a smaller arena than {@link #ARENA_LIMIT}, so that a test can reach it. */
    DistinctValues(Aggregate kind, int arenaLimit) {
        super(kind);
        this.arenaLimit = arenaLimit;
    }

    @Override
    public boolean accumulate(Row row, int slot) {
        byte[] bytes = row.buffer(slot);
        if (bytes != null) {
            add(bytes, row.offset(slot), row.byteLength(slot));
        }
        return true;
    }

    /** Adds the value {@code bytes[off, off+n)}; false when the exact set already holds it. */
    private boolean add(byte[] bytes, int off, int n) {
        if (sketch != null) {
            sketchUpdate(hash(bytes, off, n));
            return true;
        }
        long packed = packed(bytes, off, n);
        int shortAt = -1;
        if (packed != 0) {
            // probed by the packed value's own mix: a known value needs no hash of its bytes (8 chained multiplies)
            int mask = shortValues.length - 1;
            shortAt = (int) Murmur3.fmix64(packed) & mask;
            for (long v; (v = shortValues[shortAt]) != 0; shortAt = (shortAt + 1) & mask) {
                if (v == packed) {
                    return false;
                }
            }
        }
        long hash = hash(bytes, off, n);
        int fingerprint = (int) (hash >>> (64 - FINGERPRINT_BITS));
        int mask = table.length - 1;
        int i = (int) hash & mask;
        for (int t; (t = table[i]) != 0; i = (i + 1) & mask) {
            if (t >>> NUMBER_BITS == fingerprint) {
                int e = (t & NUMBER_MASK) - 1;
                int start = e == 0 ? 0 : ends[e - 1];
                if (ends[e] - start == n && Arrays.equals(arena, start, start + n, bytes, off, off + n)) {
                    return false;
                }
            }
        }
        if (size == EXACT_LIMIT || arenaUsed > arenaLimit - n) {
            toSketch();
            sketchUpdate(hash);
            return true;
        }
        if (arena.length - arenaUsed < n) {
            arena = Arrays.copyOf(arena, (int) Math.min(arenaLimit, Math.max(arenaUsed + (long) n, 2L * arena.length)));
        }
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        System.arraycopy(bytes, off, arena, arenaUsed, n);
        arenaUsed += n;
        ends[size] = arenaUsed;
        hashes[size] = hash;
        table[i] = fingerprint << NUMBER_BITS | ++size;
        if (shortAt >= 0) {
            shortValues[shortAt] = packed;
        }
        if (size * 4 > table.length * 3) {
            rehash(table.length * 2);
        }
        return true;
    }

    /**
     * Makes room for {@code values} more values of {@code bytes} bytes together (as many as the exact form
     * may still take), so that a merge or a decoded partial grows the arrays once, not by doubling as it goes.
     */
    private void reserve(int values, long bytes) {
        int want = Math.min(EXACT_LIMIT, size + values);
        if (want > ends.length) {
            ends = Arrays.copyOf(ends, want);
            hashes = Arrays.copyOf(hashes, want);
        }
        int capacity = table.length;
        while (want * 4 > capacity * 3) {
            capacity *= 2;
        }
        if (capacity > table.length) {
            rehash(capacity);
        }
        long arenaWant = Math.min(arenaLimit, arenaUsed + bytes);
        if (arenaWant > arena.length) {
            arena = Arrays.copyOf(arena, (int) arenaWant);
        }
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        shortValues = new long[capacity];
        int mask = capacity - 1;
        for (int e = 0; e < size; e++) {
            int i = (int) hashes[e] & mask;
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            table[i] = (int) (hashes[e] >>> (64 - FINGERPRINT_BITS)) << NUMBER_BITS | (e + 1);
            int start = e == 0 ? 0 : ends[e - 1];
            long packed = packed(arena, start, ends[e] - start);
            if (packed != 0) {
                int j = (int) Murmur3.fmix64(packed) & mask;
                while (shortValues[j] != 0) {
                    j = (j + 1) & mask;
                }
                shortValues[j] = packed;
            }
        }
    }

    /**
     * The value {@code bytes[off, off+n)} as a long, its first byte lowest, when it has 1 to 8 bytes and none of
     * them is zero (so two such values are equal exactly when their longs are, and no value is 0); else 0.
     */
    static long packed(byte[] bytes, int off, int n) {
        if (n < 1 || n > 8) {
            return 0;
        }
        long v = Bytes.bytesAt(bytes, off, n);
        // the exact zero-byte test (no false positives from borrows) over the value's n bytes
        long zeros = ~(((v & ~HIGHS) + ~HIGHS) | v | ~HIGHS) & (-1L >>> (64 - 8 * n));
        return zeros == 0 ? v : 0;
    }

    private void sketchUpdate(long hash) {
        int i = (int) hash & (RECENT - 1);
        if (recent[i] != hash || hash == 0) { // 0 is also a free position
            recent[i] = hash;
            sketch.update(hash);
        }
    }

    private void toSketch() {
        sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
        recent = new long[RECENT];
        for (int e = 0; e < size; e++) {
            sketch.update(hashes[e]);
        }
        table = null;
        shortValues = null;
        ends = null;
        hashes = null;
        arena = null;
        size = 0;
    }

    /** Calls {@code value} with the arena range of every exact value. */
    private <E extends Exception> void forEachExact(ValueRange<E> value) throws E {
        for (int e = 0; e < size; e++) {
            int start = e == 0 ? 0 : ends[e - 1];
            value.accept(start, ends[e] - start);
        }
    }

    @FunctionalInterface
    private interface ValueRange<E extends Exception> {
        void accept(int start, int length) throws E;
    }

    @Override
    public void merge(AggregateState other) {
        DistinctValues o = (DistinctValues) other;
        if (o.sketch == null) {
            if (sketch == null) {
                reserve(o.size, o.arenaUsed);
            }
            // value by value: should this set outgrow the limit part way, the rest goes into its new sketch
            o.forEachExact((start, length) -> add(o.arena, start, length));
            return;
        }
        if (sketch == null) {
            toSketch();
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
            forEachExact((start, length) -> {
                out.writeInt(length);
                out.write(arena, start, length);
            });
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
            s.reserve(n, 0); // the bytes' total is not sent: the arena grows as they come
            byte[] value = new byte[0];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > (64 << 20)) {
                    throw new IOException("implausible distinct value length " + len);
                }
                if (value.length < len) {
                    value = new byte[len];
                }
                in.readFully(value, 0, len);
                if (!s.add(value, 0, len)) {
                    throw new IOException("a distinct value sent twice");
                }
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
        s.table = null;
        s.shortValues = null;
        s.ends = null;
        s.hashes = null;
        s.arena = null;
        s.sketch = sketch.getTgtHllType() == TgtHllType.HLL_8 ? sketch : sketch.copyAs(TgtHllType.HLL_8);
        s.recent = new long[RECENT];
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
    static long hash(byte[] bytes, int off, int n) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + n; i++) {
            h ^= bytes[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return Murmur3.fmix64(h);
    }
}
