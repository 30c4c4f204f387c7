package io.jdtail.grammar;

import java.util.Objects;

/**
 * A query that cannot be parsed, with the position of the offending token.
 *
 * <p>{@link #getMessage()} is {@code "line L:C: reason"}; {@link #describe()} adds the query line
 * and a caret under the offending column, for people:
 *
 * <pre>
 * query error at line 1:1: unexpected 'form', expected a clause (select, from, ...)
 * form STATS select count(*)
 * ^
 * </pre>
 *
 * Lines and columns are 1-based; a column counts code points, as ANTLR does. The query text is
 * split into lines at {@code \n} only (a trailing {@code \r} is not shown).
 */
public final class ParsingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String query;
    private final int line;
    private final int column;
    private final String reason;

    public ParsingException(String query, int line, int column, String reason) {
        super("line " + line + ":" + column + ": " + reason, null, false, true);
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("position must be 1-based: " + line + ":" + column);
        }
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
        this.query = Objects.requireNonNull(query, "query");
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The whole query text. */
    public String query() {
        return query;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column (in code points) of the offending token. */
    public int column() {
        return column;
    }

    /** What is wrong, without position, e.g. {@code unknown log format 'x'}. */
    public String reason() {
        return reason;
    }

    /**
     * The error for people: {@code "query error at line L:C: reason"}, then query line L, then a
     * caret under column C.
     */
    public String describe() {
        String text = lineText(query, line);
        StringBuilder caret = new StringBuilder(column);
        int cp = 0;
        for (int i = 0; i < text.length() && cp < column - 1; cp++) {
            int c = text.codePointAt(i);
            // Keep tabs so that the caret lines up however the terminal expands them.
            caret.append(c == '\t' ? '\t' : ' ');
            i += Character.charCount(c);
        }
        caret.repeat(' ', Math.max(0, column - 1 - cp));
        caret.append('^');
        return "query error at " + getMessage() + "\n" + text + "\n" + caret;
    }

    /** A new exception with the same content, thrown for a cached failure (fresh stack trace). */
    ParsingException copy() {
        return new ParsingException(query, line, column, reason);
    }

    static String lineText(String query, int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = query.indexOf('\n', start);
            if (nl < 0) {
                return "";
            }
            start = nl + 1;
        }
        int end = query.indexOf('\n', start);
        if (end < 0) {
            end = query.length();
        }
        if (end > start && query.charAt(end - 1) == '\r') {
            end--;
        }
        return query.substring(start, end);
    }
}
