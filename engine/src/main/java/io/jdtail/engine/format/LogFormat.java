package io.jdtail.engine.format;

/**
 * A log format: how the fields of a line are found. Implementations are found at run time
 * through {@link java.util.ServiceLoader} and chosen by {@link #name()} ({@code logformat NAME} in
 * a query, {@code Server.MapreduceLogFormat} in the server configuration), so a jar with a new
 * format can be dropped on the class path without touching the engine.
 */
public interface LogFormat {

    /** The name a query uses, e.g. {@code default}, {@code csv}. Lower case, no spaces. */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * True when the first line of every file says how the file is read: it names the columns (csv), or it
     * decides the file's format ({@code auto}). The engine then hands that line to {@link LineParser#firstLine},
     * and parses it only when that says it is a row too; it reads each such file from its start on one thread.
     */
    default boolean readsHeaderLine() {
        return false;
    }

    /** A parser for one reader thread. Parsers keep per-file state and are not thread-safe. */
    LineParser newParser(ParserSetup setup);
}
