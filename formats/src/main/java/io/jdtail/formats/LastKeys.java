package io.jdtail.formats;

import io.jdtail.engine.source.Bytes;
import java.util.Arrays;

/**
 * The member keys of one object of a query's path as the last line wrote them, by position: the bytes of each
 * {@code "key":} (quotes and colon included, nothing between them) and the path node the key leads to. A log writes
 * the same keys in the same order line after line, so the {@code json} format compares the next member's bytes with
 * the last line's, one or two loads of eight bytes, and has its key checked, its end and colon found and its path node
 * looked up at once; a key written otherwise (another key, whitespace before the colon, an escape, longer than
 * {@link #MAX_BYTES}) is read as any key is, and remembered for the next line. One per path node and parser: not
 * thread-safe.
 */
final class LastKeys {

    /** The longest {@code "key":} remembered: two words (a key of up to 13 bytes). */
    static final int MAX_BYTES = 16;
    /** Members remembered per object: the first this many of a line's keys. */
    static final int MAX_MEMBERS = 32;

    private long[] first = new long[0];
    private long[] second = new long[0];
    /** The length of each remembered {@code "key":}, 0 where none is. */
    private int[] lengths = new int[0];
    private JsonPaths[] children = new JsonPaths[0];

    /**
     * Where the value of member {@code m} may start (after its colon) when {@code buf[p, end)} starts with the
     * {@code "key":} remembered for it, else -1. Needs sixteen readable bytes from {@code p} (else -1).
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

    /** The path node of the key {@link #match} found for member {@code m} (null: no path leads there). */
    JsonPaths child(int m) {
        return children[m];
    }

    /**
     * Member {@code m} is {@code buf[from, from+n)}, a {@code "key":} without escapes and without whitespace before
     * its colon, whose key leads to {@code child}.
     */
    void remember(int m, byte[] buf, int from, int n, JsonPaths child) {
        if (m >= MAX_MEMBERS || n > MAX_BYTES) {
            return;
        }
        if (m >= lengths.length) {
            int size = Math.min(MAX_MEMBERS, Math.max(m + 1, lengths.length * 2));
            first = Arrays.copyOf(first, size);
            second = Arrays.copyOf(second, size);
            lengths = Arrays.copyOf(lengths, size);
            children = Arrays.copyOf(children, size);
        }
        first[m] = Bytes.bytesAt(buf, from, Math.min(8, n));
        second[m] = n > 8 ? Bytes.bytesAt(buf, from + 8, n - 8) : 0;
        lengths[m] = n;
        children[m] = child;
    }

    private static long mask(int bytes) {
        return -1L >>> (64 - 8 * bytes);
    }
}
