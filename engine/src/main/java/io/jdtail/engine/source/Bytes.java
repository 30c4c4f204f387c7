package io.jdtail.engine.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The byte-range helpers of the engine and its plug-ins (formats), in one place. Searches go eight bytes at a
 * time (SWAR): the scan for newlines is the innermost loop of every read, the scan for {@code |} that of the
 * default log format.
 */
public final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /** Index of the first {@code target} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte target) {
        long pattern = (target & 0xffL) * ONES;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;

    /**
     * Index of the first byte in {@code b[from, to)} that a quoted JSON string cannot simply hold: {@code "},
     * a backslash or a control character below {@code 0x20}; -1 when there is none. (The {@code json} and
     * {@code logfmt} formats scan their strings with it.)
     */
    public static int indexOfQuoteBackslashOrControl(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long found = quoteBackslashOrControlAt(b, i);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            int c = b[i];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                return i;
            }
        }
        return -1;
    }

    /** The eight bytes {@code b[i, i+8)} as a long, {@code b[i]} its lowest byte. */
    public static long longAt(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /**
     * The {@code n} bytes {@code b[i, i+n)} (0 to 8 of them) as a long, {@code b[i]} its lowest byte, the bytes above
     * zero; reads eight bytes when the array has them (one load, no loop), so two ranges of the same length are equal
     * exactly when their longs are.
     */
    public static long bytesAt(byte[] b, int i, int n) {
        if (i + 8 <= b.length) {
            return n == 0 ? 0 : (long) LONGS.get(b, i) & (-1L >>> (64 - 8 * n));
        }
        long v = 0;
        for (int j = i + n - 1; j >= i; j--) {
            v = v << 8 | (b[j] & 0xff);
        }
        return v;
    }

    /**
     * Of the eight bytes {@code b[i, i+8)}: the high bit of the first that is {@code "}, a backslash or below
     * {@code 0x20}, and maybe of later bytes (a borrow can flag a byte after a true one, never before); 0 when
     * none is. Small enough for the JIT to inline where a whole search is not: a short string's end is then found
     * without a call ({@code QuotedStrings} in the formats).
     */
    public static long quoteBackslashOrControlAt(byte[] b, int i) {
        long w = (long) LONGS.get(b, i);
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        // a zero byte in q or s, or a byte below 0x20 in w (bytes from 0x80 up have their high bit set: not flagged)
        return ((q - ONES) & ~q | (s - ONES) & ~s | (w - SPACES) & ~w) & HIGHS;
    }

    /** Index of the last {@code target} in {@code b[from, to)}, or -1. */
    public static int lastIndexOf(byte[] b, int from, int to, byte target) {
        long pattern = (target & 0xffL) * ONES;
        int i = to;
        for (; i - 8 >= from; i -= 8) {
            long x = (long) LONGS.get(b, i - 8) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                // the highest flagged byte may be a false positive from a borrow; check bytewise
                for (int j = i - 1; j >= i - 8; j--) {
                    if (b[j] == target) {
                        return j;
                    }
                }
            }
        }
        for (int j = i - 1; j >= from; j--) {
            if (b[j] == target) {
                return j;
            }
        }
        return -1;
    }

    /** How many times {@code target} occurs in {@code b[from, to)}. */
    public static int count(byte[] b, int from, int to, byte target) {
        long pattern = (target & 0xffL) * ONES;
        int n = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            // exact zero-byte test (no borrow false positives): high bit set where the byte is zero
            long zero = ~(((x & ~HIGHS) + ~HIGHS) | x | ~HIGHS);
            n += Long.bitCount(zero);
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                n++;
            }
        }
        return n;
    }

    /**
     * The end of {@code buf[off, off+len)} without one trailing {@code '\r'}: a line of a file written with
     * CRLF line ends has the same fields as the same line written with LF.
     */
    public static int endWithoutCr(byte[] buf, int off, int len) {
        int end = off + len;
        return len > 0 && buf[end - 1] == '\r' ? end - 1 : end;
    }

    /** True when {@code buf[off, end)} starts with {@code prefix}. */
    public static boolean startsWith(byte[] buf, int off, int end, byte[] prefix) {
        int n = prefix.length;
        return end - off >= n && Arrays.equals(buf, off, off + n, prefix, 0, n);
    }

    /**
     * True when {@code buf[off, off+len)} equals {@code expected}, either byte for byte or ignoring
     * the case of ASCII letters (bytes outside A-Z/a-z must match exactly).
     */
    public static boolean equalsAsciiIgnoreCase(byte[] buf, int off, int len, byte[] expected) {
        if (len != expected.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int a = buf[off + i];
            int b = expected[i];
            if (a != b && (lowerAscii(a) != lowerAscii(b) || !isAsciiLetter(a))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int lowerAscii(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Writes {@code v} big-endian (as {@link java.io.DataOutput#writeInt}) at {@code b[at, at+4)}. */
    public static void putInt(byte[] b, int at, int v) {
        INTS.set(b, at, v);
    }

    /** Reads a big-endian int (as {@link java.io.DataInput#readInt}) from {@code b[at, at+4)}. */
    public static int getInt(byte[] b, int at) {
        return (int) INTS.get(b, at);
    }
}
