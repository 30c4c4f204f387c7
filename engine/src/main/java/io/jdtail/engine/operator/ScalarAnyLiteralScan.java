package io.jdtail.engine.operator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The scan for the first of several literals (the branches of {@code ERROR|WARN|timeout}) without the Vector API:
 * eight possible starts per step; for each literal one load of the eight bytes at its rarest byte's position and a
 * SWAR test for that byte (either case of a caseless letter); the starts any literal flags, in order, are compared with every literal whole. One pass
 * over the bytes, however many literals: looking for each literal in turn would scan again for every one.
 */
final class ScalarAnyLiteralScan implements LiteralScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final LiteralNeedle[] needles;
    private final int[] rareIndexes;
    private final long[] rarePatterns;
    /** Per literal, the bits set in the eight text bytes before the test: the case bit for a caseless letter. */
    private final long[] rareFolds;
    private final int longest;
    private final int shortest;

    ScalarAnyLiteralScan(List<LiteralNeedle> needles) {
        if (needles.isEmpty()) {
            throw new IllegalArgumentException("a scan looks for at least one literal");
        }
        this.needles = needles.toArray(LiteralNeedle[]::new);
        this.rareIndexes = needles.stream().mapToInt(LiteralNeedle::rareIndex).toArray();
        this.rarePatterns = needles.stream().mapToLong(n -> (n.rare() & 0xffL) * ONES).toArray();
        this.rareFolds = needles.stream().mapToLong(n -> (n.rareFold() & 0xffL) * ONES).toArray();
        this.longest = needles.stream().mapToInt(LiteralNeedle::length).max().orElseThrow();
        this.shortest = needles.stream().mapToInt(LiteralNeedle::length).min().orElseThrow();
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        int start = from;
        // every start in [start, start + 8) has room for the longest literal before to
        for (; start + 7 + longest <= to; start += 8) {
            long flagged = 0;
            for (int k = 0; k < needles.length; k++) {
                long x = ((long) LONGS.get(buf, start + rareIndexes[k]) | rareFolds[k]) ^ rarePatterns[k];
                // a zero byte where the literal's rarest byte is in place; a borrow may flag more, never fewer
                flagged |= (x - ONES) & ~x & HIGHS;
            }
            while (flagged != 0) {
                int candidate = start + (Long.numberOfTrailingZeros(flagged) >>> 3);
                if (anyAt(buf, candidate, to)) {
                    return candidate;
                }
                flagged &= flagged - 1;
            }
        }
        for (; start + shortest <= to; start++) {
            if (anyAt(buf, start, to)) {
                return start;
            }
        }
        return -1;
    }

    /** True when one of the literals starts at {@code start} and ends by {@code to}. */
    private boolean anyAt(byte[] buf, int start, int to) {
        for (LiteralNeedle needle : needles) {
            if (start + needle.length() <= to && needle.at(buf, start)) {
                return true;
            }
        }
        return false;
    }
}
