package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;

/**
 * Any text: every line takes part and only the common variables ({@code $line}, {@code $hostname},
 * ...), which the engine sets itself, are available. The table clause does not apply.
 */
public final class GenericLogFormat implements LogFormat {

    private static final LineParser ACCEPT_ALL = new LineParser() {
        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            return Outcome.ACCEPTED;
        }
    };

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public String description() {
        return "any text; only the common variables ($line, $hostname, ...)";
    }

    @Override
    public LineParser newParser(ParserSetup setup) {
        return ACCEPT_ALL; // stateless, so one instance serves every thread
    }
}
