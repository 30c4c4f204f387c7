package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * DTail's default log format:
 * <pre>LEVEL|MMDD-HHMMSS|pid|caller|cpus|goroutines|cgocalls|loadavg|uptime|MAPREDUCE:TABLE|k=v|k=v...</pre>
 *
 * <p>Only {@code INFO} lines whose tenth field starts with {@code MAPREDUCE:} take part; with a
 * {@code from TABLE} clause the tenth field must be {@code MAPREDUCE:TABLE} (the table compared
 * byte for byte, or ignoring ASCII case). Everything else is {@link LineParser.Outcome#IGNORED}.
 *
 * <p>Variables: {@code $severity} and {@code $loglevel} (field 1), {@code $time} (field 2),
 * {@code $date}, {@code $hour}, {@code $minute}, {@code $second} (bytes 0-3, 5-6, 7-8, 9-10 of
 * the time; those a shorter time lacks stay absent), {@code $pid}, {@code $caller}, {@code $cpus}, {@code $goroutines},
 * {@code $cgocalls}, {@code $loadavg}, {@code $uptime} (fields 3 to 9). Every {@code k=v} field
 * after the tenth becomes bareword {@code k} with value {@code v}, split at the first {@code =};
 * when a key occurs twice the later value wins. Empty fields are skipped.
 *
 * <p>{@link LineParser.Outcome#MALFORMED}: an INFO line with a {@code MAPREDUCE:} field but fewer
 * than ten fields, or a non-empty {@code k=v} field without {@code =}. The {@code k=v} part is only
 * read when the query references a bareword, so without barewords such a line is accepted.
 */
public final class DefaultLogFormat extends NamedLogFormat {

    public DefaultLogFormat() {
        super("default", "DTail's default format: INFO|MMDD-HHMMSS|pid|caller|cpus|goroutines|cgocalls|loadavg|uptime"
                + "|MAPREDUCE:TABLE|k=v|...", Parser::new);
    }

    /** The per-thread parser. Holds only slot numbers and a small scratch array. */
    static final class Parser implements LineParser {

        private static final byte PIPE = '|';
        private static final byte[] MAPREDUCE = "MAPREDUCE:".getBytes(StandardCharsets.UTF_8);
        private static final int MR_LEN = MAPREDUCE.length;
        private static final int TIME_LEN = 11; // MMDD-HHMMSS

        private final RowLayout layout;
        private final byte[] table; // null: no from clause
        private final int severitySlot;
        private final int loglevelSlot;
        private final int timeSlot;
        private final int dateSlot;
        private final int hourSlot;
        private final int minuteSlot;
        private final int secondSlot;
        /** Slots of fields 3..9 ($pid ... $uptime), index = field index (0-based) - 2. */
        private final int[] headerSlots;
        /** True when any of $time, $date, $hour, ... is referenced. */
        private final boolean anyTime;
        /** True when any of fields 3..9 is referenced. */
        private final boolean anyHeader;
        private final boolean barewords;
        /** Start offsets of fields 0..9 of the current line. */
        private final int[] starts = new int[10];
        /** How the last line wrote its key=value fields' keys. */
        private final LastKeys<Integer> lastKeys = new LastKeys<>();

        Parser(ParserSetup setup) {
            layout = setup.layout();
            table = setup.table().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
            severitySlot = layout.slotOf("$severity");
            loglevelSlot = layout.slotOf("$loglevel");
            timeSlot = layout.slotOf("$time");
            dateSlot = layout.slotOf("$date");
            hourSlot = layout.slotOf("$hour");
            minuteSlot = layout.slotOf("$minute");
            secondSlot = layout.slotOf("$second");
            String[] header = {"$pid", "$caller", "$cpus", "$goroutines", "$cgocalls", "$loadavg", "$uptime"};
            headerSlots = new int[header.length];
            boolean any = false;
            for (int i = 0; i < header.length; i++) {
                headerSlots[i] = layout.slotOf(header[i]);
                any |= headerSlots[i] >= 0;
            }
            anyHeader = any;
            anyTime = timeSlot >= 0 || dateSlot >= 0 || hourSlot >= 0 || minuteSlot >= 0 || secondSlot >= 0;
            barewords = layout.hasBarewords();
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            // "INFO|" first: most lines are rejected here.
            if (len < 5 || buf[off + 4] != PIPE || buf[off] != 'I' || buf[off + 1] != 'N'
                    || buf[off + 2] != 'F' || buf[off + 3] != 'O') {
                return Outcome.IGNORED;
            }
            int end = Bytes.endWithoutCr(buf, off, len);
            final int[] starts = this.starts;
            starts[0] = off;
            starts[1] = off + 5;
            int p = off + 5;
            for (int field = 2; field < 10; field++) {
                p = Bytes.indexOf(buf, p, end, (byte) '|');
                if (p < 0) {
                    return tooFewFields(buf, field, end);
                }
                starts[field] = ++p;
            }
            // p = start of field 10 (index 9)
            int mr = p;
            if (end - mr < MR_LEN || buf[mr] != 'M' || !Bytes.startsWith(buf, mr, end, MAPREDUCE)) {
                return Outcome.IGNORED;
            }
            int tableStart = mr + MR_LEN;
            int q = Bytes.indexOf(buf, tableStart, end, (byte) '|');
            if (q < 0) {
                q = end;
            }
            // q = end of field 10
            if (table != null && !Bytes.equalsAsciiIgnoreCase(buf, tableStart, q - tableStart, table)) {
                return Outcome.IGNORED;
            }
            if (barewords && !keyValues(buf, q + 1, end, row)) {
                return Outcome.MALFORMED;
            }
            // Header variables last: a malformed line never needs them.
            if (severitySlot >= 0) {
                row.setBytes(severitySlot, buf, off, 4);
            }
            if (loglevelSlot >= 0) {
                row.setBytes(loglevelSlot, buf, off, 4);
            }
            if (anyTime) {
                time(buf, starts[1], starts[2] - 1, row);
            }
            if (anyHeader) {
                int[] slots = headerSlots;
                for (int i = 0; i < slots.length; i++) {
                    int slot = slots[i];
                    if (slot >= 0) {
                        int s = starts[i + 2];
                        row.setBytes(slot, buf, s, starts[i + 3] - 1 - s);
                    }
                }
            }
            return Outcome.ACCEPTED;
        }

        private void time(byte[] buf, int s, int e, Row row) {
            int n = e - s;
            if (timeSlot >= 0) {
                row.setBytes(timeSlot, buf, s, n);
            }
            if (n >= 4 && dateSlot >= 0) {
                row.setBytes(dateSlot, buf, s, 4);
            }
            if (n >= 7 && hourSlot >= 0) {
                row.setBytes(hourSlot, buf, s + 5, 2);
            }
            if (n >= 9 && minuteSlot >= 0) {
                row.setBytes(minuteSlot, buf, s + 7, 2);
            }
            if (n >= TIME_LEN && secondSlot >= 0) {
                row.setBytes(secondSlot, buf, s + 9, 2);
            }
        }

        /**
         * Reads the {@code k=v} fields of {@code buf[p, end)}; false when one lacks its '='. A field that starts with
         * the {@code key=} of the last line's field at its place is taken as that key ({@link LastKeys}): its '=' and
         * slot are known without a search.
         */
        private boolean keyValues(byte[] buf, int p, int end, Row row) {
            for (int m = 0; p < end; m++) {
                int valueStart = lastKeys.match(buf, p, end, m);
                int q = Bytes.indexOf(buf, valueStart >= 0 ? valueStart : p, end, (byte) '|');
                if (q < 0) {
                    q = end;
                }
                if (valueStart >= 0) {
                    int slot = lastKeys.target(m);
                    if (slot >= 0) {
                        row.setBytes(slot, buf, valueStart, q - valueStart);
                    }
                } else if (!KeyValueField.store(buf, p, q, layout, row, lastKeys, m) && q > p) {
                    return false;
                }
                p = q + 1;
            }
            return true;
        }

        /**
         * The line ended before its tenth field. It is malformed when it is meant for map-reduce (one
         * of its fields starts with {@code MAPREDUCE:}), else just an ordinary log line.
         */
        private Outcome tooFewFields(byte[] buf, int fields, int end) {
            for (int i = 1; i < fields; i++) {
                if (Bytes.startsWith(buf, starts[i], end, MAPREDUCE)) {
                    return Outcome.MALFORMED;
                }
            }
            return Outcome.IGNORED;
        }
    }
}
