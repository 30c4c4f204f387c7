package io.jdtail.engine.testing;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.source.Bytes;

/**
 * A minimal format for the engine's own tests ({@code k=v|k=v}); the real formats live in the
 * formats module, which depends on the engine.
 */
public final class PipeKvFormat implements LogFormat {

    @Override
    public String name() {
        return "testkv";
    }

    @Override
    public String description() {
        return "k=v|k=v (engine tests only)";
    }

    @Override
    public LineParser newParser(ParserSetup setup) {
        return (buf, off, len, row) -> parse(buf, off, len, row);
    }

    private static LineParser.Outcome parse(byte[] buf, int off, int len, Row row) {
        int end = off + len;
        int p = off;
        while (p < end) {
            int bar = Bytes.indexOf(buf, p, end, (byte) '|');
            int fieldEnd = bar < 0 ? end : bar;
            int eq = Bytes.indexOf(buf, p, fieldEnd, (byte) '=');
            if (eq < 0) {
                return LineParser.Outcome.MALFORMED;
            }
            int slot = row.layout().bareSlotOf(buf, p, eq - p);
            row.setBytes(slot, buf, eq + 1, fieldEnd - eq - 1);
            p = fieldEnd + 1;
        }
        return LineParser.Outcome.ACCEPTED;
    }
}
