package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.source.Bytes;
import java.util.ArrayList;

/**
 * Picks {@code default}, {@code json}, {@code logfmt} or {@code csv} for each file by its first non-blank line, so
 * that one query reads a directory of mixed logs. The line is looked at after a UTF-8 byte order mark and leading
 * spaces, in this order (see {@link Choice#of}):
 * <ol>
 *   <li>it starts with {@code {}: json;</li>
 *   <li>it starts with upper-case letters and {@code |} ({@code INFO|...}): DTail's default format;</li>
 *   <li>its first word is {@code key=...} (a key without quotes or commas): logfmt;</li>
 *   <li>it is a csv record of two or more non-empty columns: csv, and the line is the file's header;</li>
 *   <li>anything else: the default format (whose lines that are not {@code INFO|...|MAPREDUCE:} lines are
 *       ignored, as always).</li>
 * </ol>
 * The deciding line is a row of the query too, except csv's header; blank lines before it are rows that every format
 * ignores. The engine hands each file's first lines to {@link LineParser#firstLine} ({@link #readsHeaderLine}), also
 * those of a file followed from its end, so nothing is lost or re-ordered: every line is parsed once, in order, by the
 * format its file's first non-blank line chose. A followed file that is still empty decides on its first line.
 */
public final class AutoLogFormat extends NamedLogFormat {

    public AutoLogFormat() {
        super("auto", "picks default, json, logfmt or csv for each file by its first non-blank line", Parser::new);
    }

    @Override
    public boolean readsHeaderLine() {
        return true;
    }

    /** The formats auto picks from. */
    enum Choice {
        DEFAULT, JSON, LOGFMT, CSV;

        private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        /** The format a file whose first non-blank line is {@code buf[off, off+len)} is read with; null for a blank line. */
        static Choice of(byte[] buf, int off, int len) {
            int end = Bytes.endWithoutCr(buf, off, len);
            int p = afterByteOrderMark(buf, off, end);
            while (p < end && isSpace(buf[p])) {
                p++;
            }
            if (p == end) {
                return null;
            }
            if (buf[p] == '{') {
                return JSON;
            }
            if (startsWithLevel(buf, p, end)) {
                return DEFAULT;
            }
            if (startsWithKey(buf, p, end)) {
                return LOGFMT;
            }
            return isCsvHeader(buf, p, end) ? CSV : DEFAULT;
        }

        static int afterByteOrderMark(byte[] buf, int off, int end) {
            return Bytes.startsWith(buf, off, end, BYTE_ORDER_MARK) ? off + BYTE_ORDER_MARK.length : off;
        }

        /** {@code INFO|}, {@code WARN|}, ...: how every line of DTail's default format starts. */
        private static boolean startsWithLevel(byte[] buf, int p, int end) {
            int q = p;
            while (q < end && buf[q] >= 'A' && buf[q] <= 'Z') {
                q++;
            }
            return q > p && q < end && buf[q] == '|';
        }

        /** {@code key=}: a logfmt pair first; a csv header has commas in its first word, or no {@code =}. */
        private static boolean startsWithKey(byte[] buf, int p, int end) {
            int q = p;
            while (q < end && !isSpace(buf[q]) && buf[q] != '=' && buf[q] != '"' && buf[q] != ',') {
                q++;
            }
            return q > p && q < end && buf[q] == '=';
        }

        private static boolean isCsvHeader(byte[] buf, int p, int end) {
            ArrayList<byte[]> names = new ArrayList<>();
            return CsvLogFormat.Parser.split(buf, p, end, names) >= 2 && names.stream().allMatch(n -> n.length > 0);
        }

        private static boolean isSpace(byte b) {
            return b >= 0 && b <= ' ';
        }
    }

    /**
     * Holds a parser of each format and hands the lines of a file to the one its first non-blank line chose. Before
     * that (blank lines only so far) a blank line is ignored, and any other line, which the engine hands to
     * {@link #firstLine} first, is malformed.
     */
    static final class Parser implements LineParser {

        private final LineParser[] parsers = new LineParser[Choice.values().length];
        private LineParser chosen;

        Parser(ParserSetup setup) {
            parsers[Choice.DEFAULT.ordinal()] = new DefaultLogFormat().newParser(setup);
            parsers[Choice.JSON.ordinal()] = new JsonLogFormat().newParser(setup);
            parsers[Choice.LOGFMT.ordinal()] = new LogfmtLogFormat().newParser(setup);
            parsers[Choice.CSV.ordinal()] = new CsvLogFormat().newParser(setup);
        }

        @Override
        public FirstLine firstLine(byte[] buf, int off, int len) {
            Choice choice = Choice.of(buf, off, len);
            if (choice == null) {
                chosen = null;
                return FirstLine.UNDECIDED;
            }
            chosen = parsers[choice.ordinal()];
            if (choice == Choice.CSV) {
                chosen.header(buf, off, len);
                return FirstLine.HEADER;
            }
            return FirstLine.ROW;
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            // the deciding line may start the file with a byte order mark, which only csv's header reader skips
            int start = Choice.afterByteOrderMark(buf, off, off + len);
            len -= start - off;
            off = start;
            if (chosen != null) {
                return chosen.parse(buf, off, len, row);
            }
            return Choice.of(buf, off, len) == null ? Outcome.IGNORED : Outcome.MALFORMED;
        }
    }
}
