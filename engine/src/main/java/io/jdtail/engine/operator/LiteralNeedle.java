package io.jdtail.engine.operator;

import java.util.Arrays;

/**
 * A literal's bytes and the two of them a scan looks for before it compares the whole literal: the rarest byte
 * in log text and the next rarest at another position. Checking two bytes at a fixed distance rules out most
 * places where the rarest one alone would have made a comparison of the whole literal.
 *
 * <p>A caseless literal ({@code (?i)}) matches ASCII letters in either case: its letters are kept in lower case,
 * and a byte from the text is compared after setting its {@code 0x20} bit where the literal has a letter, which
 * makes an upper-case ASCII letter lower case and no other byte equal to a lower-case letter.
 *
 * @param bytes     the literal (UTF-8), at least one byte; lower case where caseless
 * @param rareIndex where the rarest byte is in the literal
 * @param pairIndex where the next rarest is (another position; the same one for a one-byte literal)
 * @param caseless  whether ASCII letters match in either case
 */
record LiteralNeedle(byte[] bytes, int rareIndex, int pairIndex, boolean caseless) {

    /** Rough frequency rank of ASCII bytes in logs; higher is more common. Non-ASCII counts as rare. */
    private static final String COMMON = " etaoinsrlcdhu0123456789mpfgy=.:|/-_bwvkTESRAIONLxCDjqzPMUGF,HB()[]\"'WKVYJQXZ";
    /** The bit that tells an ASCII letter's cases apart. */
    private static final int CASE_BIT = 0x20;

    static LiteralNeedle of(byte[] bytes) {
        return of(bytes, false);
    }

    static LiteralNeedle of(byte[] bytes, boolean caseless) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a literal to search for has at least one byte");
        }
        byte[] kept = bytes.clone();
        if (caseless) {
            for (int i = 0; i < kept.length; i++) {
                kept[i] = (byte) lower(kept[i]);
            }
        }
        int rare = rarest(kept, -1);
        int pair = kept.length == 1 ? rare : rarest(kept, rare);
        return new LiteralNeedle(kept, rare, pair, caseless);
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

    /** The bits to set in a text byte before comparing it with the rarest byte: the case bit where that is a letter. */
    byte rareFold() {
        return fold(bytes[rareIndex]);
    }

    /** As {@link #rareFold()}, for the second rarest byte. */
    byte pairFold() {
        return fold(bytes[pairIndex]);
    }

    /** True when the literal is at {@code buf[start, start + length())}, which lies inside {@code buf}. */
    boolean at(byte[] buf, int start) {
        if (!caseless) {
            return Arrays.equals(buf, start, start + bytes.length, bytes, 0, bytes.length);
        }
        for (int i = 0; i < bytes.length; i++) {
            byte expected = bytes[i];
            if ((buf[start + i] | fold(expected)) != expected) {
                return false;
            }
        }
        return true;
    }

    private byte fold(byte literalByte) {
        return caseless && literalByte >= 'a' && literalByte <= 'z' ? (byte) CASE_BIT : 0;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b | CASE_BIT : b;
    }
}
