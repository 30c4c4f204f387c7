package io.jdtail.engine.operator;

import java.util.Arrays;

/**
 * A literal's bytes and the two of them a scan looks for before it compares the whole literal: the rarest byte
 * in log text and the next rarest at another position. Checking two bytes at a fixed distance rules out most
 * places where the rarest one alone would have made a comparison of the whole literal.
 *
 * @param bytes     the literal (UTF-8), at least one byte
 * @param rareIndex where the rarest byte is in the literal
 * @param pairIndex where the next rarest is (another position; the same one for a one-byte literal)
 */
record LiteralNeedle(byte[] bytes, int rareIndex, int pairIndex) {

    /** Rough frequency rank of ASCII bytes in logs; higher is more common. Non-ASCII counts as rare. */
    private static final String COMMON = " etaoinsrlcdhu0123456789mpfgy=.:|/-_bwvkTESRAIONLxCDjqzPMUGF,HB()[]\"'WKVYJQXZ";

    static LiteralNeedle of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a literal to search for has at least one byte");
        }
        int rare = rarest(bytes, -1);
        int pair = bytes.length == 1 ? rare : rarest(bytes, rare);
        return new LiteralNeedle(bytes.clone(), rare, pair);
    }

    /**
     * The position of the rarest byte, leaving out position {@code other}; of equally rare ones the first, or, for
     * the second byte, the farthest from {@code other}: two bytes far apart are less often both in place in other
     * words ({@code upstream timeout}: the {@code m} of {@code timeout}, not that of {@code upstream}, which a log
     * has in {@code upstream call} too).
     */
    private static int rarest(byte[] bytes, int other) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < bytes.length; i++) {
            int rank = rank(bytes[i]);
            boolean fartherTie = other >= 0 && rank == bestRank && Math.abs(i - other) > Math.abs(best - other);
            if (i != other && (rank < bestRank || fartherTie)) {
                bestRank = rank;
                best = i;
            }
        }
        return best;
    }

    private static int rank(byte b) {
        int at = b >= 0 ? COMMON.indexOf((char) b) : -1;
        return at < 0 ? -1 : COMMON.length() - at;
    }

    int length() {
        return bytes.length;
    }

    byte rare() {
        return bytes[rareIndex];
    }

    byte pair() {
        return bytes[pairIndex];
    }

    /** True when the literal is at {@code buf[start, start + length())}, which lies inside {@code buf}. */
    boolean at(byte[] buf, int start) {
        return Arrays.equals(buf, start, start + bytes.length, bytes, 0, bytes.length);
    }
}
