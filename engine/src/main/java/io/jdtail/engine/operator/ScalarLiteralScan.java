package io.jdtail.engine.operator;

import io.jdtail.engine.source.Bytes;

/**
 * The scan without the Vector API, eight possible starts per step in a {@code long} (SWAR): the eight bytes at the
 * rarest byte's position and the eight at the second rarest's are compared with those bytes at once
 * ({@link Bytes#equalBytes}); only the starts where both are in place are compared whole. The last starts, fewer than
 * eight plus the literal's length, are tried one by one.
 */
final class ScalarLiteralScan implements LiteralScan {

    private final LiteralNeedle needle;
    private final byte rare;
    private final byte pair;
    private final long rares;
    private final long pairs;
    private final int rareIndex;
    private final int pairIndex;

    ScalarLiteralScan(LiteralNeedle needle) {
        this.needle = needle;
        this.rare = needle.rare();
        this.pair = needle.pair();
        this.rares = Bytes.broadcast(rare);
        this.pairs = Bytes.broadcast(pair);
        this.rareIndex = needle.rareIndex();
        this.pairIndex = needle.pairIndex();
    }

    @Override
    public int indexIn(byte[] buf, int from, int to) {
        // every start in [start, start + 8) has its whole literal, and both loads their eight bytes, before to
        int lastWordStart = to - needle.length() - 7;
        int start = from;
        for (; start <= lastWordStart; start += 8) {
            long candidates = Bytes.equalBytes(buf, start + rareIndex, rares) & Bytes.equalBytes(buf, start + pairIndex, pairs);
            while (candidates != 0) {
                int candidate = start + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (needle.at(buf, candidate)) {
                    return candidate;
                }
                candidates &= candidates - 1;
            }
        }
        for (int last = to - needle.length(); start <= last; start++) {
            if (buf[start + rareIndex] == rare && buf[start + pairIndex] == pair && needle.at(buf, start)) {
                return start;
            }
        }
        return -1;
    }
}
