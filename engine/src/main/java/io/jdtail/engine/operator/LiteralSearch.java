package io.jdtail.engine.operator;

import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Finds a literal in line bytes: a SWAR scan for the literal's rarest byte (by the frequency of
 * bytes in log text), then a comparison of the whole literal around each hit.
 */
final class LiteralSearch {

    /** Rough frequency rank of ASCII bytes in logs; higher is more common. Non-ASCII counts as rare. */
    private static final String COMMON = " etaoinsrlcdhu0123456789mpfgy=.:|/-_bwvkTESRAIONLxCDjqzPMUGF,HB()[]\"'WKVYJQXZ";

    private final byte[] needle;
    private final byte rare;
    private final int rareIndex;

    LiteralSearch(String literal) {
        this.needle = literal.getBytes(StandardCharsets.UTF_8);
        int best = 0;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < needle.length; i++) {
            int rank = rank(needle[i]);
            if (rank < bestRank) {
                bestRank = rank;
                best = i;
            }
        }
        this.rareIndex = best;
        this.rare = needle[best];
    }

    private static int rank(byte b) {
        int at = b >= 0 ? COMMON.indexOf((char) b) : -1;
        return at < 0 ? -1 : COMMON.length() - at;
    }

    /** True when {@code buf[off, off+len)} contains the literal. */
    boolean containedIn(byte[] buf, int off, int len) {
        return indexIn(buf, off, off + len) >= 0;
    }

    /** Start of the first occurrence of the literal in {@code buf[from, to)}, or -1. */
    int indexIn(byte[] buf, int from, int to) {
        int n = needle.length;
        int at = from + rareIndex;
        int last = to - (n - rareIndex);
        while (at <= last) {
            int hit = Bytes.indexOf(buf, at, last + 1, rare);
            if (hit < 0) {
                return -1;
            }
            int start = hit - rareIndex;
            if (java.util.Arrays.equals(buf, start, start + n, needle, 0, n)) {
                return start;
            }
            at = hit + 1;
        }
        return -1;
    }
}
