package io.jdtail.engine.format;

import java.util.Objects;
import java.util.function.Function;

/**
 * A log format given by its name, its one-line description and how a parser is made: a plug-in's public
 * no-argument constructor passes the three ({@code super("nginx", "nginx access log", Parser::new)}), so a
 * format class holds its parser and nothing else. A format whose files start with a header line also
 * overrides {@link #readsHeaderLine}.
 */
public abstract class NamedLogFormat implements LogFormat {

    private final String name;
    private final String description;
    private final Function<ParserSetup, LineParser> parsers;

    /**
     * @param parsers makes the parser of one reader thread (see {@link LogFormat#newParser}); a stateless parser
     *                may be one instance for all
     */
    protected NamedLogFormat(String name, String description, Function<ParserSetup, LineParser> parsers) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.parsers = Objects.requireNonNull(parsers, "parsers");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final LineParser newParser(ParserSetup setup) {
        return parsers.apply(setup);
    }

    @Override
    public final String description() {
        return description;
    }
}
