package io.jdtail.clients.render;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
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

    public static String render(ResultTable table) {
        List<String> headers = table.columns();
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
        }
        for (List<Cell> row : table.rows()) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).text().length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "|").append("-".repeat(widths[c] + (c == widths.length - 1 ? 1 : 2)));
        }
        out.append('\n');
        for (List<Cell> row : table.rows()) {
            line(out, row.stream().map(Cell::text).toList(), widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < widths.length; c++) {
            String v = cells.get(c);
            out.append(c == 0 ? " " : " | ").append(" ".repeat(widths[c] - v.length())).append(v);
        }
        out.append('\n');
    }
}
