package io.jdtail.engine.operator;

import io.jdtail.engine.source.Bytes;

/**
 * The scan without the Vector API: a SWAR search ({@link Bytes#indexOf}) for the literal's rarest byte, then its
 * second rarest byte, then the whole literal around each hit.
 */
final class ScalarLiteralScan implements LiteralScan {

    private final LiteralNeedle needle;
    private final byte rare;
    private final byte pair;
    private final int rareIndex;
    private final int pairIndex;

    ScalarLiteralScan(LiteralNeedle needle) {
        this.needle = needle;
        this.rare = needle.rare();
        this.pair = needle.pair();
        this.rareIndex = needle.rareIndex();
        this.pairIndex = needle.pairIndex();
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        int at = from + rareIndex;
        int last = to - (needle.length() - rareIndex);
        while (at <= last) {
            int hit = Bytes.indexOf(buf, at, last + 1, rare);
            if (hit < 0) {
                return -1;
            }
            int start = hit - rareIndex;
            if (buf[start + pairIndex] == pair && needle.at(buf, start)) {
                return start;
            }
            at = hit + 1;
        }
        return -1;
    }
}
