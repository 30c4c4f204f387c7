package io.jdtail.example.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LineParser.Outcome;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NginxLogFormatTest {

    private static final List<String> ALL = List.of("remote_addr", "remote_user", "time_local", "method", "path",
            "protocol", "status", "bytes", "referer", "agent");

    private static final String LINE = "203.0.113.7 - alice [10/Oct/2025:13:55:36 +0200] \"GET /index.html?q=a%20b HTTP/1.1\""
            + " 200 2326 \"https://example.com/start\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\"";

    private record Result(Outcome outcome, Map<String, String> values) {
    }

    private static Result parse(String line, List<String> fields) {
        LogFormat format = LogFormats.load().byName("nginx").orElseThrow();
        RowLayout layout = new RowLayout(fields);
        LineParser parser = format.newParser(new ParserSetup(Optional.empty(), layout));
        Row row = new Row(layout);
        // the line inside a larger buffer, as the engine hands it over
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[l.length + 4];
        buf[0] = '"';
        buf[1] = '\n';
        buf[l.length + 2] = '\n';
        buf[l.length + 3] = '"';
        System.arraycopy(l, 0, buf, 2, l.length);
        Outcome o = parser.parse(buf, 2, l.length, row);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            if (row.has(i)) {
                values.put(layout.name(i), row.text(i));
            }
        }
        return new Result(o, values);
    }

    @Test
    void foundByNameWithoutTouchingTheEngine() {
        LogFormats formats = LogFormats.load();
        assertInstanceOf(NginxLogFormat.class, formats.byName("nginx").orElseThrow());
        // This module depends on the engine only: the built-in formats are not on its class path,
        // so the plug-in is found on its own.
        assertFalse(formats.contains("default"), "jdtail-formats must not be on this module's class path");
        assertFalse(formats.byName("nginx").orElseThrow().readsHeaderLine());
    }

    @Test
    void combinedLine() {
        Result r = parse(LINE, ALL);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("remote_addr", "203.0.113.7");
        expected.put("remote_user", "alice");
        expected.put("time_local", "10/Oct/2025:13:55:36 +0200");
        expected.put("method", "GET");
        expected.put("path", "/index.html?q=a%20b");
        expected.put("protocol", "HTTP/1.1");
        expected.put("status", "200");
        expected.put("bytes", "2326");
        expected.put("referer", "https://example.com/start");
        expected.put("agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        assertEquals(expected, r.values());
    }

    @Test
    void onlyReferencedFields() {
        Result r = parse(LINE, List.of("status", "$line", "request"));
        assertEquals(Map.of("status", "200", "request", "GET /index.html?q=a%20b HTTP/1.1"), r.values());
        assertEquals(Outcome.ACCEPTED, parse(LINE, List.of()).outcome());
    }

    @Test
    void moreRealLines() {
        Result r = parse("2001:db8::1 - - [01/Jan/2026:00:00:00 +0000] \"POST /api/v1/login HTTP/2.0\" 401 0 \"-\""
                + " \"python-requests/2.32.3\"", ALL);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals("2001:db8::1", r.values().get("remote_addr"));
        assertEquals("-", r.values().get("remote_user"));
        assertEquals("POST", r.values().get("method"));
        assertEquals("401", r.values().get("status"));
        assertEquals("0", r.values().get("bytes"));
        assertEquals("-", r.values().get("referer"));

        // nginx's "main" format adds "$http_x_forwarded_for"; Apache writes "-" for no body
        r = parse("10.0.0.1 - - [01/Jan/2026:00:00:01 +0000] \"HEAD / HTTP/1.0\" 304 - \"-\" \"curl/8.5.0\" \"198.51.100.2\"\r",
                List.of("bytes", "agent", "method"));
        assertEquals(Map.of("bytes", "-", "agent", "curl/8.5.0", "method", "HEAD"), r.values());

        // escaped quote in the user agent; a garbage request line keeps only the whole request
        r = parse("10.0.0.2 - - [01/Jan/2026:00:00:02 +0000] \"\\x16\\x03\\x01\" 400 157 \"-\" \"say \\\"hi\\\"\"",
                List.of("request", "method", "path", "status", "agent"));
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals(Map.of("request", "\\x16\\x03\\x01", "status", "400", "agent", "say \\\"hi\\\""), r.values());
    }

    @Test
    void linesThatDoNotFitAreMalformed() {
        String[] bad = {
            "",
            "hello world",
            "INFO|1125-000000|4242|stats.go:56|2|37|7|0.52|12h0m0s|MAPREDUCE:STATS|a=1",
            LINE.replace("[", ""),
            LINE.replace("]", ""),
            LINE.replace(" 200 ", " OK "),
            LINE.replace(" 2326 ", " many "),
            LINE.substring(0, LINE.length() - 1), // unterminated user agent
            LINE.substring(0, LINE.indexOf(" \"https")), // referer and agent missing
            LINE + "x",
            "203.0.113.7 - alice [10/Oct/2025:13:55:36 +0200] GET / HTTP/1.1 200 2326 \"-\" \"-\"",
        };
        for (String line : bad) {
            assertEquals(Outcome.MALFORMED, parse(line, ALL).outcome(), line);
            assertEquals(Outcome.MALFORMED, parse(line, List.of()).outcome(), line);
        }
        assertTrue(parse(LINE + " \"extra\"", ALL).outcome() == Outcome.ACCEPTED);
    }
}
