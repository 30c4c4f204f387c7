package io.jdtail.engine.operator;

import java.util.List;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scan for the first of several literals with the JDK's Vector API: for a vector's width of possible starts at
 * once, per literal a load at its rarest byte's position and one at its second rarest's, compared (either case of a
 * caseless letter: {@link LiteralNeedle}); the starts where
 * some literal has both bytes in place (the masks OR-ed) are compared with every literal whole, in order. The
 * packed-pair test of {@link VectorLiteralScan} per literal in one pass, rather than Teddy's nibble tables: with
 * 2 loads and compares per literal and step it stays a pass of a few GB/s for the handful of branches a grep has
 * ({@link RequiredLiteral#MAX_ALTERNATIVES} at most). The last starts go to {@link ScalarAnyLiteralScan}.
 */
final class VectorAnyLiteralScan implements LiteralScan {

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private final ScalarAnyLiteralScan tail;
    private final int longest;

    private VectorAnyLiteralScan(List<LiteralNeedle> needles) {
        this.tail = new ScalarAnyLiteralScan(needles);
        this.longest = needles.stream().mapToInt(LiteralNeedle::length).max().orElseThrow();
    }

    /** A static factory, so that a caller names only {@link LiteralScan}, and this class loads only when used. */
    static LiteralScan of(List<LiteralNeedle> needles) {
        return new VectorAnyLiteralScan(needles);
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        int lanes = SPECIES.length();
        LiteralNeedle[] needles = tail.needles;
        int[] rareIndexes = tail.rareIndexes;
        int[] pairIndexes = tail.pairIndexes;
        byte[] rares = tail.rares;
        byte[] pairs = tail.pairs;
        byte[] rareFolds = tail.rareFolds;
        byte[] pairFolds = tail.pairFolds;
        // every start in [start, start + lanes) has room for the longest literal, and every load its whole vector
        int lastVectorStart = to - longest - lanes + 1;
        int start = from;
        for (; start <= lastVectorStart; start += lanes) {
            long candidates = 0;
            for (int k = 0; k < needles.length; k++) {
                ByteVector atRare = ByteVector.fromArray(SPECIES, buf, start + rareIndexes[k]);
                ByteVector atPair = ByteVector.fromArray(SPECIES, buf, start + pairIndexes[k]);
                // to bits at once: a mask carried from one literal to the next made the scan 2.4 times slower (JMH)
                candidates |= atRare.or(rareFolds[k]).eq(rares[k]).and(atPair.or(pairFolds[k]).eq(pairs[k])).toLong();
            }
            while (candidates != 0) {
                int candidate = start + Long.numberOfTrailingZeros(candidates);
                for (LiteralNeedle needle : needles) {
                    if (needle.at(buf, candidate)) {
                        return candidate;
                    }
                }
                candidates &= candidates - 1;
            }
        }
        return tail.indexIn(buf, start, to);
    }
}
