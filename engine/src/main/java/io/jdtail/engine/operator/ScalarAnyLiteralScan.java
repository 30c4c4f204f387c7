package io.jdtail.engine.operator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The scan for the first of several literals (the branches of {@code ERROR|WARN|timeout}), or for a caseless one,
 * without the Vector API: eight bytes per step, and a SWAR test of them for each literal's rarest byte (either case
 * of a caseless letter) and of the eight bytes as far away as its second rarest byte is; where both are in place,
 * the literal is compared whole. One pass over the bytes, however many literals: looking for each literal in turn
 * would scan again for every one. Found in the order of their rarest bytes, a start found may have an earlier one
 * after it, up to the largest distance of a rarest byte from its literal's start: the scan goes on that far.
 */
final class ScalarAnyLiteralScan implements LiteralScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    // per literal (the vector kernel reads these too): its needle, where its rarest and second rarest bytes are,
    // those bytes, and the bits set in a text byte before comparing it with them (the case bit for a caseless letter)
    final LiteralNeedle[] needles;
    final int[] rareIndexes;
    final int[] pairIndexes;
    final byte[] rares;
    final byte[] pairs;
    final byte[] rareFolds;
    final byte[] pairFolds;
    private final long[] rarePatterns;
    private final long[] rareFoldPatterns;
    private final long[] pairPatterns;
    private final long[] pairFoldPatterns;
    /** Per literal, how far its second rarest byte is from its rarest (negative: before it). */
    private final int[] pairToRare;
    private final int farthestRare;

    ScalarAnyLiteralScan(List<LiteralNeedle> needles) {
        if (needles.isEmpty()) {
            throw new IllegalArgumentException("a scan looks for at least one literal");
        }
        this.needles = needles.toArray(LiteralNeedle[]::new);
        int n = this.needles.length;
        this.rareIndexes = new int[n];
        this.pairIndexes = new int[n];
        this.rares = new byte[n];
        this.pairs = new byte[n];
        this.rareFolds = new byte[n];
        this.pairFolds = new byte[n];
        this.rarePatterns = new long[n];
        this.rareFoldPatterns = new long[n];
        this.pairPatterns = new long[n];
        this.pairFoldPatterns = new long[n];
        this.pairToRare = new int[n];
        int farthest = 0;
        for (int k = 0; k < n; k++) {
            LiteralNeedle needle = this.needles[k];
            rareIndexes[k] = needle.rareIndex();
            pairIndexes[k] = needle.pairIndex();
            rares[k] = needle.rare();
            pairs[k] = needle.pair();
            rareFolds[k] = needle.rareFold();
            pairFolds[k] = needle.pairFold();
            rarePatterns[k] = (needle.rare() & 0xffL) * ONES;
            rareFoldPatterns[k] = (needle.rareFold() & 0xffL) * ONES;
            pairPatterns[k] = (needle.pair() & 0xffL) * ONES;
            pairFoldPatterns[k] = (needle.pairFold() & 0xffL) * ONES;
            pairToRare[k] = needle.pairIndex() - needle.rareIndex();
            farthest = Math.max(farthest, needle.rareIndex());
        }
        this.farthestRare = farthest;
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        int first = -1;
        // the last position a rarest byte of an occurrence before the first found so far can be at
        int last = to - 1;
        int i = from;
        for (; i + 8 <= to && i <= last; i += 8) {
            long word = (long) LONGS.get(buf, i);
            long flagged = 0;
            for (int k = 0; k < needles.length; k++) {
                // a zero byte where a literal's rarest byte is; a borrow may flag more, never fewer
                long rare = zeroBytes((word | rareFoldPatterns[k]) ^ rarePatterns[k]);
                // and its second rarest byte in place, from the eight bytes that far away (where they are in buf)
                int pairAt = i + pairToRare[k];
                if (rare != 0 && pairAt >= 0 && pairAt + 8 <= buf.length) {
                    rare &= zeroBytes(((long) LONGS.get(buf, pairAt) | pairFoldPatterns[k]) ^ pairPatterns[k]);
                }
                flagged |= rare;
            }
            while (flagged != 0) {
                int at = i + (Long.numberOfTrailingZeros(flagged) >>> 3);
                if (at > last) {
                    return first;
                }
                int start = earliestStartingAt(buf, at, from, to, first);
                if (start >= 0) {
                    first = start;
                    last = Math.min(last, start - 1 + farthestRare);
                }
                flagged &= flagged - 1;
            }
        }
        for (; i < to && i <= last; i++) {
            int start = earliestStartingAt(buf, i, from, to, first);
            if (start >= 0) {
                first = start;
                last = Math.min(last, start - 1 + farthestRare);
            }
        }
        return first;
    }

    /** The high bit of each byte of {@code x} that is zero, and maybe of some above one that is (borrows). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * The earliest start, before {@code before} (any when negative), of a literal in {@code buf[from, to)} whose
     * rarest byte is the one at {@code at}; -1 when there is none.
     */
    private int earliestStartingAt(byte[] buf, int at, int from, int to, int before) {
        int found = -1;
        for (int k = 0; k < needles.length; k++) {
            int start = at - rareIndexes[k];
            boolean earlier = before < 0 || start < before;
            if (earlier && (found < 0 || start < found) && start >= from && start + needles[k].length() <= to
                    && (buf[at] | rareFolds[k]) == rares[k] && (buf[start + pairIndexes[k]] | pairFolds[k]) == pairs[k]
                    && needles[k].at(buf, start)) {
                found = start;
            }
        }
        return found;
    }
}
