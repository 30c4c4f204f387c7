package io.jdtail.formats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small allocation-free helpers over byte ranges, shared by the formats. */
final class Bytes {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long PIPES = 0x7C7C7C7C7C7C7C7CL;

    private Bytes() {
    }

    /**
     * Index of the first {@code '|'} in {@code buf[from, to)}, or -1. Reads eight bytes at a time
     * (SWAR): a zero byte in {@code word ^ PIPES} marks a pipe, and the lowest flagged byte of the
     * classic has-zero-byte test is always exact.
     */
    static int indexOfPipe(byte[] buf, int from, int to) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ PIPES;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '|') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first {@code b} in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code buf[off, end)} starts with {@code prefix}. */
    static boolean startsWith(byte[] buf, int off, int end, byte[] prefix) {
        int n = prefix.length;
        if (end - off < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code buf[off, off+len)} equals {@code expected}, either byte for byte or ignoring
     * the case of ASCII letters (bytes outside A-Z/a-z must match exactly).
     */
    static boolean equalsAsciiIgnoreCase(byte[] buf, int off, int len, byte[] expected) {
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

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
