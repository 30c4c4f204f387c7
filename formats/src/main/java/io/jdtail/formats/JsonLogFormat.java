package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON object per line (JSON lines). A bareword names a top-level key, a dotted path a nested one
 * ({@code http.status}) or an array element ({@code tags.0}). Strings are values (escapes decoded), numbers
 * are their text as written, {@code true}/{@code false} are text, {@code null} and missing keys are absent, an
 * object or array is its JSON text as written. When a key occurs twice the later value wins.
 *
 * <p>A line is read in one forward pass over its bytes: the parser descends only where a referenced path
 * leads and skips (but still checks) every other value, so no tree is built and unreferenced strings are
 * never decoded. A line that is not exactly one JSON object (RFC 8259; whitespace around it allowed) is
 * {@link LineParser.Outcome#MALFORMED}, also when the query references none of its keys. There are no
 * tables; {@code from} is ignored.
 */
public final class JsonLogFormat extends NamedLogFormat {

    public JsonLogFormat() {
        super("json", "one JSON object per line; dotted paths reach nested keys (http.status) and array elements (tags.0)",
                setup -> new Parser(setup));
    }

    static final class Parser implements LineParser {

        private static final int BAD = QuotedStrings.BAD;

        /** The referenced paths, or null when the query reads no bareword (lines are only checked). */
        private final JsonPaths paths;
        /** Container kinds ('{' or '[') of the values being skipped, by depth; grows for deep lines. */
        private byte[] skipStack = new byte[32];
        private final QuotedStrings strings = new QuotedStrings();

        private byte[] buf;
        private int end;
        private Row row;
        /** Set by {@link #next}: the container ended. */
        private boolean closed;

        Parser(ParserSetup setup) {
            paths = JsonPaths.of(setup.layout());
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            this.buf = buf;
            this.end = off + len;
            this.row = row;
            int p = whitespace(off);
            if (p >= end || buf[p] != '{') {
                return Outcome.MALFORMED;
            }
            p = paths == null ? skip(p) : object(p, paths);
            if (p == BAD || whitespace(p) != end) {
                return Outcome.MALFORMED;
            }
            return Outcome.ACCEPTED;
        }

        // -- values on a referenced path ---------------------------------------------------------------------------

        /**
         * Reads the object at {@code p} whose members may be referenced below {@code node}; returns its end. A member
         * whose {@code "key":} is written as in the last line's object is taken as that one ({@link LastKeys}).
         */
        private int object(int p, JsonPaths node) {
            p = whitespace(p + 1);
            if (p < end && buf[p] == '}') {
                return p + 1;
            }
            LastKeys<JsonPaths> keys = node.lastKeys();
            for (int m = 0; ; m++) {
                JsonPaths child;
                int known = keys.match(buf, p, end, m);
                if (known >= 0) {
                    child = keys.target(m);
                    p = whitespace(known);
                } else {
                    if (p >= end || buf[p] != '"') {
                        return BAD;
                    }
                    int keyEnd = strings.end(buf, p, end);
                    if (keyEnd == BAD) {
                        return BAD;
                    }
                    boolean escaped = strings.escaped();
                    child = escaped ? childByEscapedKey(node, p + 1, keyEnd) : node.childByKey(buf, p + 1, keyEnd - p - 1);
                    int colon = whitespace(keyEnd + 1);
                    if (colon >= end || buf[colon] != ':') {
                        return BAD;
                    }
                    if (!escaped && colon == keyEnd + 1) {
                        keys.remember(m, buf, p, colon + 1 - p, child);
                    }
                    p = whitespace(colon + 1);
                }
                p = next(child == null ? skipMember(p) : value(p, child), (byte) '}');
                if (p == BAD || closed) {
                    return p;
                }
            }
        }

        /**
         * Skips the value of a member nobody asked for: a string or a number (most of a line's values) without the
         * call into {@link #skip}, which is too large to be inlined and walks containers.
         */
        private int skipMember(int p) {
            if (p < end) {
                byte c = buf[p];
                if (c == '"') {
                    int e = strings.end(buf, p, end);
                    return e == BAD ? BAD : e + 1;
                }
                if (c >= '0' && c <= '9') {
                    return numberEnd(p);
                }
            }
            return skip(p);
        }

        /** Reads the array at {@code p} whose elements may be referenced below {@code node}; returns its end. */
        private int array(int p, JsonPaths node) {
            p = whitespace(p + 1);
            if (p < end && buf[p] == ']') {
                return p + 1;
            }
            for (int i = 0; ; i++) {
                JsonPaths child = node.childByIndex(i);
                p = next(child == null ? skip(p) : value(p, child), (byte) ']');
                if (p == BAD || closed) {
                    return p;
                }
            }
        }

        /**
         * After a member or element ending at {@code p} (BAD passes through): past the closing {@code close}
         * (sets {@link #closed}) or past the ',' and the whitespace after it.
         */
        private int next(int p, byte close) {
            if (p == BAD) {
                return BAD;
            }
            p = whitespace(p);
            if (p >= end) {
                return BAD;
            }
            closed = buf[p] == close;
            if (closed) {
                return p + 1;
            }
            return buf[p] == ',' ? whitespace(p + 1) : BAD;
        }

        /** Reads the value at {@code p} for the referenced {@code node}: stores it, descends into it. */
        private int value(int p, JsonPaths node) {
            node.unsetAll(row); // a later equal key replaces what an earlier one stored, null included
            if (p >= end) {
                return BAD;
            }
            int slot = node.slot();
            int e;
            switch (buf[p]) {
                case '"' -> {
                    e = strings.end(buf, p, end);
                    if (e == BAD) {
                        return BAD;
                    }
                    strings.store(row, slot, buf, p, e);
                    return e + 1;
                }
                case '{' -> e = node.hasChildren() ? object(p, node) : skip(p);
                case '[' -> e = node.hasChildren() ? array(p, node) : skip(p);
                case 'n' -> {
                    return literal(p, "null");
                }
                default -> e = scalar(p);
            }
            if (e != BAD && slot >= 0) {
                row.setBytes(slot, buf, p, e - p);
            }
            return e;
        }

        private JsonPaths childByEscapedKey(JsonPaths node, int from, int to) {
            byte[] key = strings.decode(buf, from, to).getBytes(StandardCharsets.UTF_8);
            return node.childByKey(key, 0, key.length);
        }

        // -- values nobody asked for: checked, not kept ------------------------------------------------------------

        /** Skips the value at {@code p}, checking its syntax without recursion; returns its end or BAD. */
        private int skip(int p) {
            int depth = 0;
            while (true) {
                if (p >= end) {
                    return BAD;
                }
                byte c = buf[p];
                if (c == '{' || c == '[') {
                    byte close = c == '{' ? (byte) '}' : (byte) ']';
                    p = whitespace(p + 1);
                    if (p < end && buf[p] == close) {
                        p++; // an empty container is a whole value
                    } else {
                        push(depth++, c);
                        if (c == '{') {
                            p = memberValue(p);
                            if (p == BAD) {
                                return BAD;
                            }
                        }
                        continue; // the first element or member value starts at p
                    }
                } else {
                    p = scalar(p);
                    if (p == BAD) {
                        return BAD;
                    }
                }
                // after a value: close the containers it ends, or move to the next element
                boolean next = false;
                while (!next) {
                    if (depth == 0) {
                        return p;
                    }
                    p = whitespace(p);
                    if (p >= end) {
                        return BAD;
                    }
                    byte kind = skipStack[depth - 1];
                    byte b = buf[p];
                    if (b == ',') {
                        p = whitespace(p + 1);
                        if (kind == '{') {
                            p = memberValue(p);
                            if (p == BAD) {
                                return BAD;
                            }
                        }
                        next = true;
                    } else if (b == (kind == '{' ? '}' : ']')) {
                        depth--;
                        p++;
                    } else {
                        return BAD;
                    }
                }
            }
        }

        private void push(int depth, byte kind) {
            if (depth == skipStack.length) {
                skipStack = Arrays.copyOf(skipStack, depth * 2);
            }
            skipStack[depth] = kind;
        }

        /** From a member's key at {@code p} to the start of its value. */
        private int memberValue(int p) {
            if (p >= end || buf[p] != '"') {
                return BAD;
            }
            int e = strings.end(buf, p, end);
            if (e == BAD) {
                return BAD;
            }
            p = whitespace(e + 1);
            if (p >= end || buf[p] != ':') {
                return BAD;
            }
            return whitespace(p + 1);
        }

        /** A string, number, true, false or null at {@code p}; returns its end or BAD. */
        private int scalar(int p) {
            byte c = buf[p];
            if (c == '"') {
                int e = strings.end(buf, p, end);
                return e == BAD ? BAD : e + 1;
            }
            if (c == 't') {
                return literal(p, "true");
            }
            if (c == 'f') {
                return literal(p, "false");
            }
            if (c == 'n') {
                return literal(p, "null");
            }
            return numberEnd(p);
        }

        // -- tokens -------------------------------------------------------------------------------------------------

        private int whitespace(int p) {
            // most JSON lines have no whitespace between tokens: a byte above ' ' is none (one compare); below, and
            // from 0x80 up (negative as a byte), the loop decides
            if (p < end && buf[p] > ' ') {
                return p;
            }
            while (p < end) {
                byte b = buf[p];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    return p;
                }
                p++;
            }
            return p;
        }

        private int literal(int p, String word) {
            int n = word.length();
            if (end - p < n) {
                return BAD;
            }
            for (int i = 0; i < n; i++) {
                if (buf[p + i] != word.charAt(i)) {
                    return BAD;
                }
            }
            return p + n;
        }

        /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?} at {@code p}; returns its end or BAD. */
        private int numberEnd(int p) {
            if (p < end && buf[p] == '-') {
                p++;
            }
            if (p >= end) {
                return BAD;
            }
            if (buf[p] == '0') {
                p++;
            } else {
                int d = digits(p);
                if (d == p) {
                    return BAD;
                }
                p = d;
            }
            if (p < end && buf[p] == '.') {
                int d = digits(p + 1);
                if (d == p + 1) {
                    return BAD;
                }
                p = d;
            }
            if (p < end && (buf[p] == 'e' || buf[p] == 'E')) {
                p++;
                if (p < end && (buf[p] == '+' || buf[p] == '-')) {
                    p++;
                }
                int d = digits(p);
                if (d == p) {
                    return BAD;
                }
                p = d;
            }
            return p;
        }

        private int digits(int p) {
            while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                p++;
            }
            return p;
        }
    }
}
