package io.jdtail.engine.testing;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import java.nio.charset.StandardCharsets;

/**
 * A format whose files say by their first non-blank line how they are read, as {@code logformat auto}'s do, for the
 * engine's own tests: {@code #names|of|columns} is a header (not a row); any other line means the columns
 * {@code k|v} and is a row of them; blank lines before it settle nothing and are ignored. Rows are read as
 * {@link PipeHeaderFormat}'s; a line before anything was settled that is not blank is malformed.
 */
public final class PipeFirstLineFormat implements LogFormat {

    private static final byte[] KV_COLUMNS = "k|v".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "testfirstline";
    }

    @Override
    public String description() {
        return "#names|of|columns or a k|v row first, after blank lines (engine tests only)";
    }

    @Override
    public boolean readsHeaderLine() {
        return true;
    }

    @Override
    public LineParser newParser(ParserSetup setup) {
        PipeHeaderFormat columns = new PipeHeaderFormat();
        return new LineParser() {
            /** The parser of the columns the file's first non-blank line settled; null before. */
            private LineParser settled;

            @Override
            public FirstLine firstLine(byte[] buf, int off, int len) {
                if (len == 0) {
                    settled = null;
                    return FirstLine.UNDECIDED;
                }
                settled = columns.newParser(setup);
                if (buf[off] == '#') {
                    settled.header(buf, off + 1, len - 1);
                    return FirstLine.HEADER;
                }
                settled.header(KV_COLUMNS, 0, KV_COLUMNS.length);
                return FirstLine.ROW;
            }

            @Override
            public Outcome parse(byte[] buf, int off, int len, Row row) {
                if (settled == null) {
                    return len == 0 ? Outcome.IGNORED : Outcome.MALFORMED;
                }
                return settled.parse(buf, off, len, row);
            }
        };
    }
}
