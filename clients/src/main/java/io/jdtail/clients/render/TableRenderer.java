package io.jdtail.clients.render;

import io.jdtail.engine.sink.ResultTable;
import java.util.List;

/**
 * Renders a result as DTail does: right-aligned columns separated by {@code " | "}, a dashed rule
 * under the header.
 * <pre>
 *  count($line) | last($time) | avg($goroutines)
 * --------------|-------------|-----------------
 *           597 | 1002-071949 |        11.628141
 * </pre>
 */
public final class TableRenderer {

    private TableRenderer() {
    }

    /** The table as it is, for a pipe or a file. */
    public static String render(ResultTable table) {
        return render(table, false);
    }

    /**
     * The table; with {@code visibleControls} (output on a terminal) the control characters of its cells, which
     * come from log lines, are shown as {@link VisibleControls} shows them, so that a value cannot drive the
     * terminal.
     */
    public static String render(ResultTable table, boolean visibleControls) {
        List<String> headers = table.columns().stream().map(h -> shown(h, visibleControls)).toList();
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
        }
        List<List<String>> rows = table.rows().stream()
                .map(row -> row.stream().map(cell -> shown(cell.text(), visibleControls)).toList())
                .toList();
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "|").append("-".repeat(widths[c] + (c == widths.length - 1 ? 1 : 2)));
        }
        out.append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static String shown(String text, boolean visibleControls) {
        return visibleControls ? VisibleControls.visible(text, false) : text;
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < widths.length; c++) {
            String v = cells.get(c);
            out.append(c == 0 ? " " : " | ").append(" ".repeat(widths[c] - v.length())).append(v);
        }
        out.append('\n');
    }
}
