package io.jdtail.formats;

import io.jdtail.engine.source.Bytes;
import java.util.Arrays;

/**
 * The keys of a line as the last line wrote them, by position, each with what it leads to ({@code T}): for the
 * {@code json} format the bytes of each member's {@code "key":} (quotes and colon included, nothing between them) and
 * the path node; for the {@code default} format each field's {@code key=} and its bareword slot. A log writes the same
 * keys in the same order line after line, so a format compares the next key's bytes with the last line's, one or two
 * loads of eight bytes, and has its key checked, its end found and what it leads to looked up at once; a key written
 * otherwise (another key, an escape, longer than {@link #MAX_BYTES}) is read as any key is, and remembered for the
 * next line. One per parser (and json path node): not thread-safe.
 */
final class LastKeys<T> {

    /** The longest {@code "key":} remembered: two words (a key of up to 13 bytes). */
    static final int MAX_BYTES = 16;
    /** Members remembered per object: the first this many of a line's keys. */
    static final int MAX_MEMBERS = 32;

    private long[] first = new long[0];
    private long[] second = new long[0];
    /** The length of each remembered {@code "key":}, 0 where none is. */
    private int[] lengths = new int[0];
    private Object[] targets = new Object[0];

    /**
     * Where the value of key {@code m} may start (after its colon or '=') when {@code buf[p, end)} starts with the
     * key remembered for it, else -1. Needs sixteen readable bytes from {@code p} (else -1).
     */
    int match(byte[] buf, int p, int end, int m) {
        if (m >= lengths.length || p + MAX_BYTES > buf.length) {
            return -1;
        }
        int n = lengths[m];
        if (n == 0 || p + n > end) {
            return -1;
        }
        long a = Bytes.longAt(buf, p);
        if (n <= 8) {
            return (a & mask(n)) == first[m] ? p + n : -1;
        }
        return a == first[m] && (Bytes.longAt(buf, p + 8) & mask(n - 8)) == second[m] ? p + n : -1;
    }

    /** What the key {@link #match} found for key {@code m} leads to. */
    @SuppressWarnings("unchecked")
    T target(int m) {
        return (T) targets[m];
    }

    /**
     * Key {@code m} is {@code buf[from, from+n)} (for json a {@code "key":} without escapes and without whitespace
     * before its colon; for default a {@code key=} whose '=' is its field's first), and leads to {@code target}.
     */
    void remember(int m, byte[] buf, int from, int n, T target) {
        if (m >= MAX_MEMBERS || n > MAX_BYTES) {
            return;
        }
        if (m >= lengths.length) {
            int size = Math.min(MAX_MEMBERS, Math.max(m + 1, lengths.length * 2));
            first = Arrays.copyOf(first, size);
            second = Arrays.copyOf(second, size);
            lengths = Arrays.copyOf(lengths, size);
            targets = Arrays.copyOf(targets, size);
        }
        first[m] = Bytes.bytesAt(buf, from, Math.min(8, n));
        second[m] = n > 8 ? Bytes.bytesAt(buf, from + 8, n - 8) : 0;
        lengths[m] = n;
        targets[m] = target;
    }

    private static long mask(int bytes) {
        return -1L >>> (64 - 8 * bytes);
    }
}
