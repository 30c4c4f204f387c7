package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.NamedLogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Pipe-separated key=value pairs: {@code k1=v1|k2=v2|...}. Every field with an {@code =} becomes
 * the bareword named by the text before its first {@code =}; when a key occurs twice the later
 * value wins. Other fields are skipped, except a field {@code MAPREDUCE:TABLE}, which names the
 * line's table: with {@code from TABLE} only lines naming that table (compared byte for byte or
 * ignoring ASCII case) take part, the others are {@link LineParser.Outcome#IGNORED}. Without a
 * from clause every line takes part. Lines are never malformed.
 */
public final class GenericKvLogFormat extends NamedLogFormat {

    public GenericKvLogFormat() {
        super("generickv", "pipe-separated key=value pairs: k1=v1|k2=v2|... (MAPREDUCE:TABLE names the table)",
                Parser::new);
    }

    static final class Parser implements LineParser {

        private static final byte[] MAPREDUCE = "MAPREDUCE:".getBytes(StandardCharsets.UTF_8);

        private final RowLayout layout;
        private final byte[] table;
        private final boolean barewords;

        Parser(ParserSetup setup) {
            layout = setup.layout();
            table = setup.table().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
            barewords = layout.hasBarewords();
        }

        @Override
        public Outcome parse(byte[] buf, int off, int len, Row row) {
            if (!barewords && table == null) {
                return Outcome.ACCEPTED;
            }
            int end = Bytes.endWithoutCr(buf, off, len);
            boolean tableSeen = table == null;
            int p = off;
            while (p < end) {
                int q = Bytes.indexOf(buf, p, end, (byte) '|');
                if (q < 0) {
                    q = end;
                }
                boolean keyValue = barewords
                        ? KeyValueField.store(buf, p, q, layout, row)
                        : Bytes.indexOf(buf, p, q, (byte) '=') >= 0;
                if (!keyValue && !tableSeen && Bytes.startsWith(buf, p, q, MAPREDUCE)) {
                    int t = p + MAPREDUCE.length;
                    if (!Bytes.equalsAsciiIgnoreCase(buf, t, q - t, table)) {
                        return Outcome.IGNORED;
                    }
                    tableSeen = true;
                    if (!barewords) {
                        return Outcome.ACCEPTED;
                    }
                }
                p = q + 1;
            }
            return tableSeen ? Outcome.ACCEPTED : Outcome.IGNORED;
        }
    }
}
