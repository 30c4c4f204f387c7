package io.jdtail.sink.graphite;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a result table into Graphite plaintext lines, {@code path value timestamp\n}.
 *
 * <h2>Which columns are what</h2>
 * The table says what its rows are grouped by ({@link ResultTable.Grouping}): each row's group key
 * goes into the metric path, whether or not the group-by fields are selected, so two groups never
 * share a series. Selected columns that only show a group-by field ({@code method} in
 * {@code select method, count(*) group by method}) are not sent as values. Every other column is a
 * <em>value column</em>: its numeric cells are sent; non-numeric cells (e.g. {@code last($time)} =
 * {@code 1002-071949}) and NaN/infinite numbers are skipped, as Graphite stores numbers only.
 *
 * <h2>Metric path</h2>
 * {@code prefix.job.key1.key2.column}: segments that are absent (no prefix, no job option, no
 * group-by) are left out.
 * <ul>
 *   <li>prefix: split at dots, each part sanitised as a segment, empty parts dropped
 *       ({@code dtail.web01} stays {@code dtail.web01});</li>
 *   <li>job: one segment — every character other than {@code [A-Za-z0-9_-]} (dots and spaces
 *       included) becomes {@code _};</li>
 *   <li>group key values: one segment each, encoded so that different values never give the same
 *       segment ({@link #keySegment}): {@code [A-Za-z0-9-]} stay as they are, every other byte of
 *       the value's UTF-8 (the underscore included) becomes {@code _} and two upper-case hex digits
 *       ({@code 10.0.0.1} → {@code 10_2E0_2E0_2E1}, {@code a_b} → {@code a_5Fb},
 *       {@code PUT /x} → {@code PUT_20_2Fx}); an empty value is {@code _}, a missing field
 *       {@code __};</li>
 *   <li>column names: every run of characters other than {@code [A-Za-z0-9-]} (underscores
 *       included) becomes one {@code _}, leading and trailing {@code _} are dropped, an empty
 *       result becomes {@code _}
 *       ({@code avg(latency)} → {@code avg_latency}, {@code count($line)} → {@code count_line},
 *       {@code count(*)} → {@code count}). Should two columns come out the same
 *       ({@code count($line)} and {@code count(line)}), the later ones get {@code _2}, {@code _3}, ...
 *       (the column's position in the select list), so they too keep separate series.</li>
 * </ul>
 * The timestamp is the table's time (the interval's end) in whole epoch seconds.
 */
public final class MetricLines {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final List<String> prefix;

    /**
     * @param prefix  metric prefix (may be null or blank), e.g. {@code dtail.web01}
     * @param job     job name (may be null or blank), one path segment
     */
    public MetricLines(String prefix, String job) {
        List<String> p = new ArrayList<>();
        if (prefix != null) {
            for (String part : prefix.split("\\.")) {
                if (!part.isBlank()) {
                    p.add(segment(part.strip()));
                }
            }
        }
        if (job != null && !job.isBlank()) {
            p.add(segment(job.strip()));
        }
        this.prefix = List.copyOf(p);
    }

    /**
     * A group key value as one path segment, one to one: characters {@code [A-Za-z0-9-]} as they
     * are, every other UTF-8 byte as {@code _XX} (hex), {@code _} for the empty value and
     * {@code __} for a missing field. An encoded non-empty value never is {@code _} and never
     * holds {@code __}, so neither can be mistaken for a value.
     */
    public static String keySegment(Optional<String> value) {
        if (value.isEmpty()) {
            return "__";
        }
        if (value.get().isEmpty()) {
            return "_";
        }
        byte[] utf8 = value.get().getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c != '_' && allowed(c)) {
                out.append((char) c);
            } else {
                out.append('_').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** A prefix part or job name as one path segment: characters outside {@code [A-Za-z0-9_-]} become {@code _}. */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            out.append(allowed(cp) ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** A column name as a path segment: runs of other characters become one {@code _}, trimmed. */
    public static String columnSegment(String column) {
        StringBuilder out = new StringBuilder(column == null ? 0 : column.length());
        boolean pendingUnderscore = false;
        if (column != null) {
            for (int i = 0; i < column.length(); ) {
                int cp = column.codePointAt(i);
                i += Character.charCount(cp);
                if (allowed(cp) && cp != '_') {
                    if (pendingUnderscore && !out.isEmpty()) {
                        out.append('_');
                    }
                    pendingUnderscore = false;
                    out.append((char) cp);
                } else {
                    pendingUnderscore = true;
                }
            }
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    private static boolean allowed(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_' || cp == '-';
    }

    /** How Graphite gets a number: integers without a fraction, others in Java's shortest form. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    /** The plaintext lines for one table, each ending with {@code \n}. */
    public List<String> lines(ResultTable table) {
        List<String> columns = table.columns();
        Set<Integer> keyColumns = table.grouping().keyColumns();
        List<String> columnSegments = distinctColumnSegments(columns);
        String timestamp = Long.toString(table.time().getEpochSecond());
        List<String> lines = new ArrayList<>();
        StringBuilder base = new StringBuilder();
        List<List<Cell>> rows = table.rows();
        for (int r = 0; r < rows.size(); r++) {
            List<Cell> row = rows.get(r);
            base.setLength(0);
            for (String p : prefix) {
                base.append(p).append('.');
            }
            for (Optional<String> value : table.grouping().keys().get(r)) {
                base.append(keySegment(value)).append('.');
            }
            for (int c = 0; c < columns.size() && c < row.size(); c++) {
                Cell cell = row.get(c);
                if (keyColumns.contains(c) || cell == null || !Double.isFinite(cell.number())) {
                    continue;
                }
                lines.add(base + columnSegments.get(c) + " " + number(cell.number()) + " " + timestamp + "\n");
            }
        }
        return lines;
    }

    /** Column segments, the later of two equal ones suffixed with their 1-based position until unique. */
    static List<String> distinctColumnSegments(List<String> columns) {
        Set<String> taken = new HashSet<>();
        List<String> segments = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            String s = columnSegment(columns.get(c));
            while (!taken.add(s)) {
                s = s + "_" + (c + 1);
            }
            segments.add(s);
        }
        return segments;
    }
}
