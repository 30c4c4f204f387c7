package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.nio.charset.StandardCharsets;

/**
 * logfmt: {@code key=value key2="quoted \"value\"" flag}. Pairs are separated by spaces (any byte up to
 * {@code ' '}, so tabs and a trailing carriage return too). A key is a non-empty run without {@code =},
 * {@code "} or spaces; a key alone is {@code true}. A value starting with {@code "} is quoted, with JSON's
 * escapes, and ends at its closing quote; any other value runs to the next space and is taken as written
 * ({@code =} and {@code "} inside it included). When a key occurs twice the later value wins.
 *
 * <p>An empty line is {@link LineParser.Outcome#IGNORED}; an unterminated quote, a bad escape, text right after
 * a closing quote, or a key that is empty or holds a quote is {@link LineParser.Outcome#MALFORMED}. There are no
 * tables; {@code from} is ignored.
 */
public final class LogfmtLogFormat extends NamedLogFormat {

    public LogfmtLogFormat() {
        super("logfmt", "logfmt key=value pairs: key=value key2=\"quoted \\\"value\\\"\" flag (a bare key is true)",
                setup -> new Parser(setup.layout()));
    }

    static final class Parser implements LineParser {

        private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

        private final RowLayout layout;
        private final QuotedStrings strings = new QuotedStrings();

        Parser(RowLayout layout) {
            this.layout = layout;
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            int end = off + len;
            int p = spaces(buf, off, end);
            if (p == end) {
                return Outcome.IGNORED;
            }
            while (p < end) {
                int keyStart = p;
                while (p < end && !isSpace(buf[p]) && buf[p] != '=' && buf[p] != '"') {
                    p++;
                }
                if (p == keyStart || (p < end && buf[p] == '"')) {
                    return Outcome.MALFORMED;
                }
                int slot = layout.bareSlotOf(buf, keyStart, p - keyStart);
                if (p == end || isSpace(buf[p])) {
                    row.setBytes(slot, TRUE, 0, TRUE.length);
                } else if (++p < end && buf[p] == '"') {
                    int close = strings.end(buf, p, end);
                    if (close == QuotedStrings.BAD || (close + 1 < end && !isSpace(buf[close + 1]))) {
                        return Outcome.MALFORMED;
                    }
                    strings.store(row, slot, buf, p, close);
                    p = close + 1;
                } else {
                    int valueStart = p;
                    while (p < end && !isSpace(buf[p])) {
                        p++;
                    }
                    row.setBytes(slot, buf, valueStart, p - valueStart);
                }
                p = spaces(buf, p, end);
            }
            return Outcome.ACCEPTED;
        }

        private static int spaces(byte[] buf, int p, int end) {
            while (p < end && isSpace(buf[p])) {
                p++;
            }
            return p;
        }

        /** Space, tab, carriage return and the other control bytes separate pairs, as in go-logfmt. */
        private static boolean isSpace(byte b) {
            return b >= 0 && b <= ' ';
        }
    }
}
