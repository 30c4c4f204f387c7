package io.jdtail.engine.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The numbers of one group for a percentile: exact while the group holds at most
 * {@link #EXACT_LIMIT} values, then a DDSketch with {@link #RELATIVE_ACCURACY} relative accuracy.
 *
 * <p>Exact values are kept as distinct value → count (latency logs repeat values, and a repeated
 * value costs no memory and no allocation). The sketch's bins are counts per index of a fixed
 * logarithmic mapping, so a value lands in the same bin whichever partial saw it: merging adds
 * counts, and any split of the input merged in any order gives the same bins as one pass. Reading
 * a rank returns the representative value of the bin holding it, within 1% of the exact value.
 */
final class RankedValues extends NumericState {

    /** A group holding at most this many values answers exactly. */
    static final int EXACT_LIMIT = 10_000;
    /** The sketch's relative error bound on any value it returns. */
    static final double RELATIVE_ACCURACY = 0.01;
    /** One mapping for every sketch (immutable); partials must agree on it to merge. */
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    /** The mapping's bound, computed once: the mapping works it out with Math.pow on every call. */
    private static final double MAX_INDEXABLE = MAPPING.maxIndexableValue();

    // exact form: open addressing over the raw bits of the distinct values (never NaN, -0.0 kept as 0.0)
    private long[] bits = new long[16];
    private long[] counts = new long[16];
    private boolean[] used = new boolean[16];
    private int distinct;
    private long values;
    /** Null while exact. */
    private DDSketch sketch;

    RankedValues(Aggregate kind) {
        super(kind);
    }

    @Override
    void add(double value) {
        values++;
        if (sketch != null) {
            sketch.accept(indexable(value));
            return;
        }
        addExact(Double.doubleToRawLongBits(value + 0.0), 1);
        if (values > EXACT_LIMIT) {
            toSketch();
        }
    }

    private void addExact(long key, long count) {
        int mask = bits.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (!used[i]) {
                used[i] = true;
                bits[i] = key;
                counts[i] = count;
                if (++distinct * 2 > bits.length) {
                    rehash(bits.length * 2);
                }
                return;
            }
            if (bits[i] == key) {
                counts[i] += count;
                return;
            }
        }
    }

    private void rehash(int capacity) {
        long[] oldBits = bits;
        long[] oldCounts = counts;
        boolean[] oldUsed = used;
        bits = new long[capacity];
        counts = new long[capacity];
        used = new boolean[capacity];
        distinct = 0;
        for (int i = 0; i < oldBits.length; i++) {
            if (oldUsed[i]) {
                addExact(oldBits[i], oldCounts[i]);
            }
        }
    }

    /**
     * The table position a value's bits start from: MurmurHash3's finalizer, which spreads every bit over the
     * low ones. (A multiplication alone kept the 40 and more zero low bits of a whole number's double in the
     * low bits, so whole numbers probed one cluster.)
     */
    static int mix(long key) {
        return (int) Murmur3.fmix64(key);
    }

    /**
     * The value, or the largest the mapping can index when it is beyond (the top 1% below
     * Double.MAX_VALUE, which the sketch would refuse with an exception): such a value is then off
     * by at most 1% more than the bound.
     */
    private static double indexable(double value) {
        return Math.max(-MAX_INDEXABLE, Math.min(MAX_INDEXABLE, value));
    }

    private void toSketch() {
        sketch = new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
        feedExactInto(sketch);
        bits = null;
        counts = null;
        used = null;
        distinct = 0;
    }

    private void feedExactInto(DDSketch target) {
        for (int i = 0; i < bits.length; i++) {
            if (used[i]) {
                target.accept(indexable(Double.longBitsToDouble(bits[i])), counts[i]);
            }
        }
    }

    @Override
    public void merge(AggregateState other) {
        RankedValues o = (RankedValues) other;
        if (sketch == null && o.sketch == null && values + o.values <= EXACT_LIMIT) {
            for (int i = 0; i < o.bits.length; i++) {
                if (o.used[i]) {
                    addExact(o.bits[i], o.counts[i]);
                }
            }
            values += o.values;
            return;
        }
        if (sketch == null) {
            toSketch();
        }
        if (o.sketch != null) {
            sketch.mergeWith(o.sketch);
        } else {
            o.feedExactInto(sketch);
        }
        values += o.values;
    }

    /** How many values the group holds. */
    long values() {
        return values;
    }

    /**
     * The value at the 1-based rank {@code rank} of the values in ascending order: exact, or within
     * {@link #RELATIVE_ACCURACY} of it once sketched.
     */
    double valueAtRank(long rank) {
        if (rank < 1 || rank > values) {
            throw new IllegalArgumentException("rank " + rank + " outside 1.." + values);
        }
        return sketch == null ? exactAtRank(rank) : sketchedAtRank(rank);
    }

    private double exactAtRank(long rank) {
        double[] sorted = new double[distinct];
        int n = 0;
        for (int i = 0; i < bits.length; i++) {
            if (used[i]) {
                sorted[n++] = Double.longBitsToDouble(bits[i]);
            }
        }
        Arrays.sort(sorted);
        long seen = 0;
        for (double v : sorted) {
            seen += counts[find(Double.doubleToRawLongBits(v))];
            if (seen >= rank) {
                return v;
            }
        }
        throw new IllegalStateException("counts sum to " + seen + ", less than " + values);
    }

    private int find(long key) {
        int mask = bits.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (used[i] && bits[i] == key) {
                return i;
            }
        }
    }

    /**
     * Walks the bins in ascending value order (negative values by descending index, then zeros,
     * then positive values) to the one holding the rank. Counts are whole numbers, so the walk is
     * exact; the sketch's own getValueAtQuantile interpolates a fraction and lands one rank low.
     */
    private double sketchedAtRank(long rank) {
        double seen = 0;
        Iterator<Bin> negative = sketch.getNegativeValueStore().getDescendingIterator();
        while (negative.hasNext()) {
            Bin bin = negative.next();
            seen += bin.getCount();
            if (seen >= rank) {
                return -MAPPING.value(bin.getIndex());
            }
        }
        double zeros = sketch.getCount() - sketch.getNegativeValueStore().getTotalCount()
                - sketch.getPositiveValueStore().getTotalCount();
        seen += zeros;
        if (seen >= rank) {
            return 0.0;
        }
        Iterator<Bin> positive = sketch.getPositiveValueStore().getAscendingIterator();
        while (positive.hasNext()) {
            Bin bin = positive.next();
            seen += bin.getCount();
            if (seen >= rank) {
                return MAPPING.value(bin.getIndex());
            }
        }
        throw new IllegalStateException("sketch counts sum to " + seen + ", less than " + values);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(values);
        if (sketch == null) {
            SketchForm.writeExact(out);
            out.writeInt(distinct);
            for (int i = 0; i < bits.length; i++) {
                if (used[i]) {
                    out.writeLong(bits[i]);
                    out.writeLong(counts[i]);
                }
            }
            return;
        }
        GrowingByteArrayOutput encoded = GrowingByteArrayOutput.withDefaultInitialCapacity();
        sketch.encode(encoded, false);
        SketchForm.writeSketch(out, encoded.backingArray(), encoded.numWrittenBytes());
    }

    static RankedValues read(Aggregate kind, DataInput in) throws IOException {
        RankedValues s = new RankedValues(kind);
        long values = in.readLong();
        if (SketchForm.readIsExact(in, "percentile")) {
            int distinct = in.readInt();
            if (distinct < 0 || distinct > EXACT_LIMIT || values > EXACT_LIMIT) {
                throw new IOException("implausible exact percentile state: " + distinct + " distinct of " + values + " values");
            }
            long total = 0;
            for (int i = 0; i < distinct; i++) {
                long key = in.readLong();
                long count = in.readLong();
                if (count < 1 || Double.isNaN(Double.longBitsToDouble(key))) {
                    throw new IOException("implausible exact percentile value " + Double.longBitsToDouble(key) + " × " + count);
                }
                s.addExact(key, count);
                total += count;
            }
            if (total != values) {
                throw new IOException("exact percentile state counts " + total + " values, header says " + values);
            }
            s.values = values;
            return s;
        }
        byte[] encoded = SketchForm.readSketch(in, 64 << 20, "percentile");
        DDSketch sketch;
        try {
            sketch = DDSketch.decode(ByteArrayInput.wrap(encoded), UnboundedSizeDenseStore::new);
        } catch (RuntimeException e) {
            throw new IOException("unreadable percentile sketch: " + e.getMessage(), e);
        }
        if (!MAPPING.equals(sketch.getIndexMapping())) {
            throw new IOException("percentile sketch with another index mapping (" + sketch.getIndexMapping().relativeAccuracy()
                    + " relative accuracy), expected " + RELATIVE_ACCURACY);
        }
        if (sketch.getCount() != values) {
            throw new IOException("percentile sketch counts " + sketch.getCount() + " values, header says " + values);
        }
        s.bits = null;
        s.counts = null;
        s.used = null;
        s.sketch = sketch;
        s.values = values;
        return s;
    }

    @Override
    public Cell render() {
        throw new UnsupportedOperationException("a percentile renders through its aggregate, which knows the rank");
    }
}
