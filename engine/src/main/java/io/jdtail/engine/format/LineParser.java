package io.jdtail.engine.format;

import io.jdtail.engine.row.Row;

/**
 * Fills the referenced fields of one line into a {@link Row}. Works on the line's bytes
 * ({@code buf[off, off+len)}, no line terminator) and must not allocate per line on its common
 * path. The engine sets the common variables ($line, $hostname, ...) itself.
 */
public interface LineParser {

    /** What became of a line. */
    enum Outcome {
        /** The line takes part in the query; its fields are in the row. */
        ACCEPTED,
        /** The line is fine but not for this query (another table, not an INFO line, ...). */
        IGNORED,
        /** The line should take part but cannot be read (wrong field count, ...): counted and skipped. */
        MALFORMED
    }

    Outcome parse(byte[] buf, int off, int len, Row row);

    /**
     * Receives the first line of a file when {@link LogFormat#readsHeaderLine()} is true. Called
     * again for every new file; a parser must then forget the previous file's header.
     */
    default void header(byte[] buf, int off, int len) {
    }

    /** What the first line of a file was to a format that reads one (see {@link #firstLine}). */
    enum FirstLine {
        /** The file's header (csv's column names): not a line of the query. */
        HEADER,
        /** It settled how the file is read and is a line of the query as well (parsed next). */
        ROW,
        /** It settled nothing (a blank line): a line of the query, and the file's next line is a first line too. */
        UNDECIDED
    }

    /**
     * Receives the first line of a file when {@link LogFormat#readsHeaderLine()} is true, and says what it was.
     * Called again for every new file, and again with the same line when the parser goes back to a file after
     * lines of another (a follow of several files); a parser must then forget the previous file. The default takes
     * the line as the file's {@link #header} ({@code csv}); {@code logformat auto} decides the file's format by it.
     */
    default FirstLine firstLine(byte[] buf, int off, int len) {
        header(buf, off, len);
        return FirstLine.HEADER;
    }
}
