package io.jdtail.server;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A custom log format with bugs, as a plug-in can have: its parser throws on a line that is
 * exactly {@code boom}; with {@code from SETUP} it cannot even make a parser, and with
 * {@code from LINKAGE} it misses a class it depends on (an {@link Error}). Every other line is
 * accepted. For the tests of what a failing reader thread does to a command or a job.
 */
public final class BrokenPluginFormat implements LogFormat {

    @Override
    public String name() {
        return "brokenplugin";
    }

    @Override
    public String description() {
        return "accepts every line, throws on 'boom' (tests only)";
    }

    @Override
    public LineParser newParser(ParserSetup setup) {
        if (setup.table().equals(Optional.of("LINKAGE"))) {
            throw new NoClassDefFoundError("org/example/brokenplugin/MissingDependency");
        }
        if (setup.table().equals(Optional.of("SETUP"))) {
            throw new IllegalStateException("brokenplugin cannot make a parser for table SETUP");
        }
        return (buf, off, len, row) -> {
            if (new String(buf, off, len, StandardCharsets.UTF_8).equals("boom")) {
                throw new IllegalArgumentException("brokenplugin cannot read the line 'boom'");
            }
            return LineParser.Outcome.ACCEPTED;
        };
    }
}
