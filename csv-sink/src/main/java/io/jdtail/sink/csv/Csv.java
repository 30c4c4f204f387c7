package io.jdtail.sink.csv;

import io.jdtail.engine.sink.ResultTable;
import java.util.List;

/**
 * RFC 4180 rendering: fields separated by {@code ,}, records ended by {@code \n}. A field (or
 * header) that contains a comma, a double quote, CR or LF is wrapped in double quotes with every
 * inner double quote doubled; all other fields are written as they are.
 */
final class Csv {

    private Csv() {
    }

    /** True when {@code value} must be quoted. */
    static boolean needsQuoting(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    static void appendField(StringBuilder out, String value) {
        if (!needsQuoting(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** The header record, including its line end. */
    static String header(List<String> columns) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendField(out, columns.get(i));
        }
        return out.append('\n').toString();
    }

    /** Appends one data record, including its line end. */
    static void appendRow(StringBuilder out, List<ResultTable.Cell> row) {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            ResultTable.Cell cell = row.get(i);
            appendField(out, cell == null || cell.text() == null ? "" : cell.text());
        }
        out.append('\n');
    }
}
