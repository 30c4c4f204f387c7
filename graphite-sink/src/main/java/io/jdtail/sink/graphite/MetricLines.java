package io.jdtail.sink.graphite;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a result table into Graphite plaintext lines, {@code path value timestamp\n}.
 *
 * <h2>Which columns are what</h2>
 * A column is a <em>key column</em> (its value becomes part of the metric path) when
 * <ul>
 *   <li>the sink was given the option {@code groupBy} (comma-separated column names as written
 *       in the select list) and the column is listed there, or</li>
 *   <li>without that option: the column is a bare field or variable ({@code status},
 *       {@code $hostname}, {@code `odd name`}) rather than an aggregate call such as
 *       {@code count($line)}. The engine shows group-by values as bare fields, and a group value
 *       that happens to be numeric ({@code status} = 200) is still a key, not a measurement.</li>
 * </ul>
 * Every other column is a <em>value column</em>: its numeric cells are sent; non-numeric cells
 * (e.g. {@code last($time)} = {@code 1002-071949}) and NaN/infinite numbers are skipped, as
 * Graphite stores numbers only.
 *
 * <h2>Metric path</h2>
 * {@code prefix.job.key1.key2.column}: segments that are absent (no prefix, no job option, no key
 * columns) are left out.
 * <ul>
 *   <li>prefix: split at dots, each part sanitised as a segment, empty parts dropped
 *       ({@code dtail.web01} stays {@code dtail.web01});</li>
 *   <li>job and key values: one segment each — every character other than
 *       {@code [A-Za-z0-9_-]} (dots and spaces included) becomes {@code _}, and an empty value
 *       becomes {@code _} ({@code 10.0.0.1} → {@code 10_0_0_1});</li>
 *   <li>column names: every run of characters other than {@code [A-Za-z0-9-]} (underscores
 *       included) becomes one {@code _}, leading and trailing {@code _} are dropped, an empty
 *       result becomes {@code _}
 *       ({@code avg(latency)} → {@code avg_latency}, {@code count($line)} → {@code count_line},
 *       {@code count(*)} → {@code count}).</li>
 * </ul>
 * The timestamp is the table's time (the interval's end) in whole epoch seconds.
 */
public final class MetricLines {

    /** {@code name(...)}: an aggregate (or any function) call in the select list. */
    private static final Pattern CALL = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\(.*\\)\\s*", Pattern.DOTALL);

    private final List<String> prefix;
    private final Set<String> groupBy;

    /**
     * @param prefix  metric prefix (may be null or blank), e.g. {@code dtail.web01}
     * @param job     job name (may be null or blank), one path segment
     * @param groupBy names of the key columns, or null to decide by the column names
     */
    public MetricLines(String prefix, String job, Collection<String> groupBy) {
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
        this.groupBy = groupBy == null ? null : Set.copyOf(groupBy.stream().map(String::strip).toList());
    }

    /** A value as one path segment: characters outside {@code [A-Za-z0-9_-]} become {@code _}. */
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

    /** Whether a column is a key column when no {@code groupBy} option was given. */
    public static boolean isBareField(String column) {
        return !CALL.matcher(column).matches();
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
        int n = columns.size();
        boolean[] key = new boolean[n];
        String[] columnSegments = new String[n];
        for (int c = 0; c < n; c++) {
            String name = columns.get(c);
            key[c] = groupBy != null ? groupBy.contains(name.strip()) : isBareField(name);
            columnSegments[c] = columnSegment(name);
        }
        String timestamp = Long.toString(table.time().getEpochSecond());
        List<String> lines = new ArrayList<>();
        StringBuilder base = new StringBuilder();
        for (List<Cell> row : table.rows()) {
            base.setLength(0);
            for (String p : prefix) {
                base.append(p).append('.');
            }
            for (int c = 0; c < n && c < row.size(); c++) {
                if (key[c]) {
                    Cell cell = row.get(c);
                    base.append(segment(cell == null ? "" : cell.text())).append('.');
                }
            }
            for (int c = 0; c < n && c < row.size(); c++) {
                Cell cell = row.get(c);
                if (key[c] || cell == null || !Double.isFinite(cell.number())) {
                    continue;
                }
                lines.add(base + columnSegments[c] + " " + number(cell.number()) + " " + timestamp + "\n");
            }
        }
        return lines;
    }
}
