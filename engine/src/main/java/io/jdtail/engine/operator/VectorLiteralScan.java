package io.jdtail.engine.operator;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scan with the JDK's Vector API ({@code jdk.incubator.vector}): for a vector's width of possible starts at
 * once (32 with AVX2), one load at the rarest byte's position and one at the second rarest's, two compares and an
 * AND give the starts where both bytes are in place; only those are compared whole (W. Muła's "generic SIMD"
 * substring search, as in ripgrep's memchr crate). The last starts, fewer than a vector's width plus the
 * literal's length, go to the scalar kernel. Loaded only when the module is there ({@link LiteralScan#of}).
 */
final class VectorLiteralScan implements LiteralScan {

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    private final LiteralNeedle needle;
    private final ScalarLiteralScan tail;
    private final byte rare;
    private final byte pair;
    private final int rareIndex;
    private final int pairIndex;

    private VectorLiteralScan(LiteralNeedle needle) {
        this.needle = needle;
        this.tail = new ScalarLiteralScan(needle);
        this.rare = needle.rare();
        this.pair = needle.pair();
        this.rareIndex = needle.rareIndex();
        this.pairIndex = needle.pairIndex();
    }

    /** A static factory, so that a caller names only {@link LiteralScan}, and this class loads only when used. */
    static LiteralScan of(LiteralNeedle needle) {
        return new VectorLiteralScan(needle);
    }

    /** Lanes per step: the width of the widest vector this CPU has, in bytes. */
    static int lanes() {
        return SPECIES.length();
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        int lanes = SPECIES.length();
        // every start in [start, start + lanes) has its whole literal, and both loads their whole vector, before to
        int lastVectorStart = to - needle.length() - lanes + 1;
        int start = from;
        for (; start <= lastVectorStart; start += lanes) {
            ByteVector atRare = ByteVector.fromArray(SPECIES, buf, start + rareIndex);
            ByteVector atPair = ByteVector.fromArray(SPECIES, buf, start + pairIndex);
            long candidates = atRare.eq(rare).and(atPair.eq(pair)).toLong();
            while (candidates != 0) {
                int candidate = start + Long.numberOfTrailingZeros(candidates);
                if (needle.at(buf, candidate)) {
                    return candidate;
                }
                candidates &= candidates - 1;
            }
        }
        return tail.indexIn(buf, start, to);
    }
}
