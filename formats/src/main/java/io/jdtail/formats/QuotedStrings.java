package io.jdtail.formats;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Double-quoted strings with JSON's escapes (a backslash followed by one of {@code " \ / b f n r t}, or by
 * {@code u} and four hex digits), as the {@code json} and {@code logfmt} formats have them: where one ends, and
 * its text. One per parser (it keeps scratch state).
 */
final class QuotedStrings {

    static final int BAD = -1;

    private final StringBuilder decoded = new StringBuilder();
    private boolean escaped;

    /**
     * The index of the quote closing the string that opens at {@code buf[open]}, or {@link #BAD} for an
     * unterminated string, an unescaped control character or a bad escape; {@link #escaped} tells afterwards
     * whether it held a backslash escape.
     */
    int end(byte[] buf, int open, int limit) {
        // most strings (a line's keys, short values, times and paths) end within their first sixteen bytes: found here
        // without a loop or a call, since this method is small enough to be inlined into the parser; the rest take
        // endAfter. The words may reach past the line into the rest of the buffer (the next line): a quote found there
        // is no end, and endAfter, which stops at the limit, decides.
        int i = open + 1;
        if (i + 16 <= buf.length) {
            long found = Bytes.quoteBackslashOrControlAt(buf, i);
            if (found == 0) {
                i += 8;
                found = Bytes.quoteBackslashOrControlAt(buf, i);
            }
            if (found != 0) {
                int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
                if (at < limit && buf[at] == '"') {
                    escaped = false;
                    return at;
                }
            }
        }
        return endAfter(buf, open, limit);
    }

    /** {@link #end} by a search of the whole string, escapes included. */
    private int endAfter(byte[] buf, int open, int limit) {
        escaped = false;
        int i = open + 1;
        while (i < limit) {
            i = Bytes.indexOfQuoteBackslashOrControl(buf, i, limit);
            if (i < 0) {
                return BAD;
            }
            byte b = buf[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                escaped = true;
                if (i + 1 >= limit) {
                    return BAD;
                }
                switch (buf[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 6 > limit || hex(buf, i + 2) < 0) {
                            return BAD;
                        }
                        i += 6;
                    }
                    default -> {
                        return BAD;
                    }
                }
            } else {
                return BAD; // a control character: it must be escaped
            }
        }
        return BAD;
    }

    /** Whether the string {@link #end} last scanned held an escape. */
    boolean escaped() {
        return escaped;
    }

    /**
     * Stores the content of the string just scanned by {@link #end} ({@code buf[open+1, close)}) in the slot:
     * as a range of the line when it has no escape, else decoded.
     */
    void store(Row row, int slot, byte[] buf, int open, int close) {
        if (slot < 0) {
            return;
        }
        if (escaped) {
            row.setText(slot, decode(buf, open + 1, close));
        } else {
            row.setBytes(slot, buf, open + 1, close - open - 1);
        }
    }

    /** The text of a checked string's content {@code buf[from, to)} with its escapes decoded. */
    String decode(byte[] buf, int from, int to) {
        decoded.setLength(0);
        int run = from;
        int i = from;
        while (i < to) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            decoded.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            byte e = buf[i + 1];
            if (e == 'u') {
                decoded.append((char) hex(buf, i + 2)); // a surrogate pair becomes one code point in the String
                i += 6;
            } else {
                decoded.append(switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> (char) e; // '"', '\\', '/'
                });
                i += 2;
            }
            run = i;
        }
        decoded.append(new String(buf, run, to - run, StandardCharsets.UTF_8));
        return decoded.toString();
    }

    /** The four hex digits at {@code p} as a char code, or -1. */
    private static int hex(byte[] buf, int p) {
        int v = 0;
        for (int i = p; i < p + 4; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
