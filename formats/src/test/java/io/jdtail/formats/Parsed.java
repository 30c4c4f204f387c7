package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LineParser.Outcome;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test helper: runs a parser over lines embedded in a larger buffer, as the engine does. */
final class Parsed {

    final Outcome outcome;
    final Map<String, String> values;

    private Parsed(Outcome outcome, Map<String, String> values) {
        this.outcome = outcome;
        this.values = values;
    }

    String get(String field) {
        return values.get(field);
    }

    /** A parser plus its row, for several lines in a row (csv with headers). */
    static final class Session {
        final LineParser parser;
        final Row row;
        final RowLayout layout;

        Session(LogFormat format, String table, String... fields) {
            layout = new RowLayout(List.of(fields));
            parser = format.newParser(new ParserSetup(Optional.ofNullable(table), layout));
            row = new Row(layout);
        }

        void header(String line) {
            byte[] b = embed(line);
            parser.header(b, 7, b.length - 14);
        }

        /** The first line of a file, for a format that reads one: what it was to the parser. */
        LineParser.FirstLine firstLine(String line) {
            byte[] b = embed(line);
            return parser.firstLine(b, 7, b.length - 14);
        }

        Parsed parse(String line) {
            byte[] b = embed(line);
            return parse(b, 7, b.length - 14);
        }

        /** The line {@code buf[off, off+len)}, in a buffer of the caller's. */
        Parsed parse(byte[] buf, int off, int len) {
            row.clear();
            Outcome o = parser.parse(buf, off, len, row);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < layout.size(); i++) {
                if (row.has(i)) {
                    values.put(layout.name(i), row.text(i));
                }
            }
            return new Parsed(o, values);
        }
    }

    static Parsed parse(LogFormat format, String table, String line, String... fields) {
        return new Session(format, table, fields).parse(line);
    }

    /**
     * The line in the middle of a buffer with junk around it (pipes, equals signs, a newline), so a
     * parser reading outside its range gets caught.
     */
    private static byte[] embed(String line) {
        byte[] l = line.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[l.length + 14];
        Arrays.fill(b, (byte) '|');
        b[3] = '=';
        b[6] = '\n';
        b[7 + l.length] = '\n';
        b[8 + l.length] = '=';
        System.arraycopy(l, 0, b, 7, l.length);
        return b;
    }
}
