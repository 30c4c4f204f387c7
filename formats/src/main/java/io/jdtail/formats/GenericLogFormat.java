package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;

/**
 * Any text: every line takes part and only the common variables ({@code $line}, {@code $hostname},
 * ...), which the engine sets itself, are available. The table clause does not apply.
 */
public final class GenericLogFormat extends NamedLogFormat {

    private static final LineParser ACCEPT_ALL = (buf, off, len, row) -> LineParser.Outcome.ACCEPTED;

    public GenericLogFormat() {
        // stateless, so one parser serves every thread
        super("generic", "any text; only the common variables ($line, $hostname, ...)", setup -> ACCEPT_ALL);
    }
}
