package io.jdtail.example.nginx;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;

/**
 * An example log format plug-in: the nginx / Apache "combined" access log.
 *
 * <pre>$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"</pre>
 *
 * e.g.
 *
 * <pre>203.0.113.7 - alice [10/Oct/2025:13:55:36 +0200] "GET /index.html HTTP/1.1" 200 2326 "https://example.com/" "curl/8.5.0"</pre>
 *
 * <p>Barewords: {@code remote_addr}, {@code remote_user}, {@code time_local}, {@code request} (the
 * whole request line), {@code method}, {@code path}, {@code protocol} (its three parts, absent when
 * the request line is not {@code METHOD PATH PROTOCOL}, as for nginx's {@code "-"} on a bad
 * request), {@code status}, {@code bytes}, {@code referer}, {@code agent}. Values are the raw bytes
 * of the line: {@code \"} escapes inside quoted fields are skipped over, not decoded. Extra fields
 * after the user agent (nginx's {@code "$http_x_forwarded_for"} in its default {@code main} format)
 * are allowed and ignored. A line that does not fit is {@link LineParser.Outcome#MALFORMED}.
 *
 * <p>How a format plugs in: extend {@link NamedLogFormat} (or implement {@link io.jdtail.engine.format.LogFormat}
 * yourself) in a public class with a public no-argument constructor, and list it in {@code META-INF/services/io.jdtail.engine.format.LogFormat}. The
 * engine finds it by {@link #name()}; a query selects it with {@code logformat nginx}.
 */
public final class NginxLogFormat extends NamedLogFormat {

    public NginxLogFormat() {
        // the parser is made once per reader thread: it may keep state, it is never shared
        super("nginx", "nginx/Apache combined access log: addr - user [time] \"request\" status bytes \"referer\""
                + " \"agent\"", setup -> new Parser(setup.layout()));
    }

    /**
     * The parser. It looks up the slots of its fields once; -1 means the query does not reference
     * that field, and {@link Row#setBytes} ignores slot -1, so unreferenced fields cost nothing but
     * the scan. Per line it allocates nothing: values are ranges of the line's own bytes.
     */
    static final class Parser implements LineParser {

        private final int remoteAddr;
        private final int remoteUser;
        private final int timeLocal;
        private final int request;
        private final int method;
        private final int path;
        private final int protocol;
        private final int status;
        private final int bytes;
        private final int referer;
        private final int agent;
        private final boolean requestParts;

        Parser(RowLayout layout) {
            remoteAddr = layout.slotOf("remote_addr");
            remoteUser = layout.slotOf("remote_user");
            timeLocal = layout.slotOf("time_local");
            request = layout.slotOf("request");
            method = layout.slotOf("method");
            path = layout.slotOf("path");
            protocol = layout.slotOf("protocol");
            status = layout.slotOf("status");
            bytes = layout.slotOf("bytes");
            referer = layout.slotOf("referer");
            agent = layout.slotOf("agent");
            requestParts = method >= 0 || path >= 0 || protocol >= 0;
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            int end = Bytes.endWithoutCr(buf, off, len);
            // $remote_addr
            int p = token(buf, off, end);
            if (p == off || p >= end) {
                return Outcome.MALFORMED;
            }
            row.setBytes(remoteAddr, buf, off, p - off);
            // "-" (the ident column; not used)
            int s = p + 1;
            p = token(buf, s, end);
            if (p == s || p >= end) {
                return Outcome.MALFORMED;
            }
            // $remote_user
            s = p + 1;
            p = token(buf, s, end);
            if (p == s || p >= end) {
                return Outcome.MALFORMED;
            }
            row.setBytes(remoteUser, buf, s, p - s);
            // [$time_local]
            s = p + 1;
            if (s >= end || buf[s] != '[') {
                return Outcome.MALFORMED;
            }
            p = indexOf(buf, s + 1, end, (byte) ']');
            if (p < 0) {
                return Outcome.MALFORMED;
            }
            row.setBytes(timeLocal, buf, s + 1, p - s - 1);
            // "$request"
            s = p + 1;
            if (s >= end || buf[s] != ' ') {
                return Outcome.MALFORMED;
            }
            p = quoted(buf, s + 1, end);
            if (p < 0) {
                return Outcome.MALFORMED;
            }
            row.setBytes(request, buf, s + 2, p - s - 2);
            if (requestParts) {
                splitRequest(buf, s + 2, p, row);
            }
            // $status
            s = p + 2;
            if (p + 1 >= end || buf[p + 1] != ' ') {
                return Outcome.MALFORMED;
            }
            p = token(buf, s, end);
            if (p == s || p >= end || !digits(buf, s, p)) {
                return Outcome.MALFORMED;
            }
            row.setBytes(status, buf, s, p - s);
            // $body_bytes_sent: digits, or "-" when nothing was sent (Apache %b)
            s = p + 1;
            p = token(buf, s, end);
            if (p == s || p >= end || !(digits(buf, s, p) || (p - s == 1 && buf[s] == '-'))) {
                return Outcome.MALFORMED;
            }
            row.setBytes(bytes, buf, s, p - s);
            // "$http_referer"
            s = p + 1;
            p = quoted(buf, s, end);
            if (p < 0) {
                return Outcome.MALFORMED;
            }
            row.setBytes(referer, buf, s + 1, p - s - 1);
            // "$http_user_agent"
            if (p + 1 >= end || buf[p + 1] != ' ') {
                return Outcome.MALFORMED;
            }
            s = p + 2;
            p = quoted(buf, s, end);
            if (p < 0) {
                return Outcome.MALFORMED;
            }
            row.setBytes(agent, buf, s + 1, p - s - 1);
            // the line ends here, or further fields follow after a space
            if (p + 1 < end && buf[p + 1] != ' ') {
                return Outcome.MALFORMED;
            }
            return Outcome.ACCEPTED;
        }

        /** METHOD SP PATH SP PROTOCOL; the path is what lies between the first and the last space. */
        private void splitRequest(byte[] buf, int s, int e, Row row) {
            int first = indexOf(buf, s, e, (byte) ' ');
            if (first <= s) {
                return;
            }
            int last = e - 1;
            while (last > first && buf[last] != ' ') {
                last--;
            }
            if (last == first || last == e - 1 || last == first + 1) {
                return;
            }
            row.setBytes(method, buf, s, first - s);
            row.setBytes(path, buf, first + 1, last - first - 1);
            row.setBytes(protocol, buf, last + 1, e - last - 1);
        }

        /** End of the space-delimited token starting at {@code p} (index of the space, or end). */
        private static int token(byte[] buf, int p, int end) {
            while (p < end && buf[p] != ' ') {
                p++;
            }
            return p;
        }

        /**
         * {@code buf[p]} must open a double-quoted field; returns the index of its closing quote, or
         * -1. A backslash escapes the next byte ({@code \"}, {@code \\}), as nginx and Apache write.
         */
        private static int quoted(byte[] buf, int p, int end) {
            if (p >= end || buf[p] != '"') {
                return -1;
            }
            for (int i = p + 1; i < end; i++) {
                byte c = buf[i];
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOf(byte[] buf, int from, int to, byte b) {
            for (int i = from; i < to; i++) {
                if (buf[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean digits(byte[] buf, int s, int e) {
            for (int i = s; i < e; i++) {
                if (buf[i] < '0' || buf[i] > '9') {
                    return false;
                }
            }
            return e > s;
        }
    }
}
