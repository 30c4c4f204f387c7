package io.jdtail.engine.testing;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.source.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * A format that reads a header line, as csv does, for the engine's own tests: the first line of every
 * file names the columns ({@code k|v}), every later line holds their values ({@code a|1}); a line with
 * another number of values than the header has names, or any line before a header, is malformed.
 */
public final class PipeHeaderFormat implements LogFormat {

    @Override
    public String name() {
        return "testheader";
    }

    @Override
    public String description() {
        return "names|of|columns, then values|of|columns (engine tests only)";
    }

    @Override
    public boolean readsHeaderLine() {
        return true;
    }

    @Override
    public LineParser newParser(ParserSetup setup) {
        return new LineParser() {
            private int[] slots;

            @Override
            public void header(byte[] buf, int off, int len) {
                List<Integer> found = new ArrayList<>();
                int end = off + len;
                int p = off;
                while (p <= end) {
                    int bar = Bytes.indexOf(buf, p, end, (byte) '|');
                    int fieldEnd = bar < 0 ? end : bar;
                    found.add(setup.layout().bareSlotOf(buf, p, fieldEnd - p));
                    p = fieldEnd + 1;
                }
                slots = found.stream().mapToInt(Integer::intValue).toArray();
            }

            @Override
            public Outcome parse(byte[] buf, int off, int len, Row row) {
                if (slots == null) {
                    return Outcome.MALFORMED;
                }
                int end = off + len;
                int p = off;
                for (int i = 0; i < slots.length; i++) {
                    if (p > end) {
                        return Outcome.MALFORMED;
                    }
                    int bar = Bytes.indexOf(buf, p, end, (byte) '|');
                    int fieldEnd = bar < 0 ? end : bar;
                    if (slots[i] >= 0) {
                        row.setBytes(slots[i], buf, p, fieldEnd - p);
                    }
                    p = fieldEnd + 1;
                }
                return p == end + 1 ? Outcome.ACCEPTED : Outcome.MALFORMED;
            }
        };
    }
}
