package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Comma-separated values (RFC 4180). The first line of every file is the header and names the
 * columns; each column of a later line becomes the field its header names, whatever the name: a
 * column {@code $time} or {@code count($line)} (as DTail's dmap writes them) is that field, and a
 * column named like a common variable ({@code $hostname}) wins over it, as in DTail. Fields may be quoted
 * with {@code "}; a quoted field may hold commas and doubled quotes ({@code ""} stands for one
 * {@code "}) and its value is the unescaped text between the quotes.
 *
 * <p>A line with a different number of columns than its file's header, an unterminated quote, or
 * text between a closing quote and the next comma is {@link LineParser.Outcome#MALFORMED}; empty
 * lines are {@link LineParser.Outcome#IGNORED}. A trailing carriage return (CRLF files) and a UTF-8
 * byte order mark before the header are dropped. Quoted fields cannot span lines. The table clause
 * does not apply.
 */
public final class CsvLogFormat extends NamedLogFormat {

    public CsvLogFormat() {
        super("csv", "comma-separated values; the first line of each file names the columns",
                setup -> new Parser(setup.layout()));
    }

    @Override
    public boolean readsHeaderLine() {
        return true;
    }

    static final class Parser implements LineParser {

        private static final byte COMMA = ',';
        private static final byte QUOTE = '"';
        private static final int[] NO_COLUMNS = new int[0];

        private final RowLayout layout;
        /** Slot of each column of the current file's header (-1: not referenced). */
        private int[] columnSlots = NO_COLUMNS;
        private boolean haveHeader;

        Parser(RowLayout layout) {
            this.layout = layout;
        }

        @Override
        public void header(byte[] buf, int off, int len) {
            if (len >= 3 && buf[off] == (byte) 0xEF && buf[off + 1] == (byte) 0xBB && buf[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
            int end = Bytes.endWithoutCr(buf, off, len);
            haveHeader = true;
            if (end == off) {
                columnSlots = NO_COLUMNS;
                return;
            }
            List<byte[]> names = new ArrayList<>();
            if (split(buf, off, end, names) < 0) {
                // An unreadable header: no line of this file can be mapped.
                haveHeader = false;
                columnSlots = NO_COLUMNS;
                return;
            }
            int[] slots = new int[names.size()];
            for (int i = 0; i < slots.length; i++) {
                // Any name, not only barewords: DTail's dmap writes headers such as
                // "$time,count($line)", and a chained query must reach those columns by name.
                slots[i] = layout.slotOf(new String(names.get(i), StandardCharsets.UTF_8));
            }
            columnSlots = slots;
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            int end = Bytes.endWithoutCr(buf, off, len);
            if (end == off) {
                return Outcome.IGNORED;
            }
            if (!haveHeader) {
                return Outcome.MALFORMED;
            }
            final int[] slots = columnSlots;
            final int columns = slots.length;
            int col = 0;
            int p = off;
            while (true) {
                if (col == columns) {
                    return Outcome.MALFORMED; // more fields than the header has columns
                }
                int fieldEnd;
                if (p < end && buf[p] == QUOTE) {
                    int close = closingQuote(buf, p + 1, end);
                    if (close < 0) {
                        return Outcome.MALFORMED;
                    }
                    fieldEnd = close + 1;
                    if (fieldEnd < end && buf[fieldEnd] != COMMA) {
                        return Outcome.MALFORMED; // text after the closing quote
                    }
                    int slot = slots[col];
                    if (slot >= 0) {
                        setQuoted(row, slot, buf, p + 1, close);
                    }
                } else {
                    fieldEnd = p;
                    while (fieldEnd < end && buf[fieldEnd] != COMMA) {
                        fieldEnd++;
                    }
                    int slot = slots[col];
                    if (slot >= 0) {
                        row.setBytes(slot, buf, p, fieldEnd - p);
                    }
                }
                col++;
                if (fieldEnd >= end) {
                    break;
                }
                p = fieldEnd + 1;
            }
            return col == columns ? Outcome.ACCEPTED : Outcome.MALFORMED;
        }

        /** Index of the quote closing a field whose content starts at {@code p}, or -1. */
        private static int closingQuote(byte[] buf, int p, int end) {
            while (p < end) {
                if (buf[p] == QUOTE) {
                    if (p + 1 < end && buf[p + 1] == QUOTE) {
                        p += 2; // doubled quote inside the field
                        continue;
                    }
                    return p;
                }
                p++;
            }
            return -1;
        }

        private static void setQuoted(Row row, int slot, byte[] buf, int s, int e) {
            if (Bytes.indexOf(buf, s, e, QUOTE) < 0) {
                row.setBytes(slot, buf, s, e - s);
            } else {
                row.setText(slot, unescape(buf, s, e));
            }
        }

        private static String unescape(byte[] buf, int s, int e) {
            return new String(buf, s, e - s, StandardCharsets.UTF_8).replace("\"\"", "\"");
        }

        /** Splits a header into unescaped names; returns the count or -1 when it is not valid CSV. */
        static int split(byte[] buf, int off, int end, List<byte[]> out) {
            int p = off;
            while (true) {
                int fieldEnd;
                if (p < end && buf[p] == QUOTE) {
                    int close = closingQuote(buf, p + 1, end);
                    if (close < 0) {
                        return -1;
                    }
                    fieldEnd = close + 1;
                    if (fieldEnd < end && buf[fieldEnd] != COMMA) {
                        return -1;
                    }
                    out.add(unescape(buf, p + 1, close).getBytes(StandardCharsets.UTF_8));
                } else {
                    fieldEnd = p;
                    while (fieldEnd < end && buf[fieldEnd] != COMMA) {
                        fieldEnd++;
                    }
                    out.add(Arrays.copyOfRange(buf, p, fieldEnd));
                }
                if (fieldEnd >= end) {
                    return out.size();
                }
                p = fieldEnd + 1;
            }
        }
    }
}
