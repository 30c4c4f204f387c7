package io.jdtail.clients.render;

/**
 * How data lines are written.
 *
 * @param plain           the line's bytes only, no {@code REMOTE|host|...} prefix
 * @param colour          ANSI colours for host, percentage and severity
 * @param visibleControls control characters of a line are shown visibly ({@link VisibleControls}), so that
 *                        a log line cannot send escape sequences to the terminal
 */
public record LineStyle(boolean plain, boolean colour, boolean visibleControls) {

    /**
     * The style for {@code terminal}: colours and visible control characters only on a terminal and not
     * with {@code --plain}, so that piped and {@code --plain} output are the input's bytes exactly.
     */
    public static LineStyle of(Terminal terminal, boolean plain) {
        return new LineStyle(plain, terminal.colour() && !plain, terminal.outputOnTerminal() && !plain);
    }
}
