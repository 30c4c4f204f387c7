package io.jdtail.engine.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdtail.engine.row.RowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A format given by name, description and parser factory answers with exactly those. */
class NamedLogFormatTest {

    /** Counts its parsers: one per call, each seeing the setup it was made for. */
    static final class Counted extends NamedLogFormat {
        Counted(List<ParserSetup> seen) {
            super("counted", "one parser per reader", setup -> {
                seen.add(setup);
                return (buf, off, len, row) -> LineParser.Outcome.IGNORED;
            });
        }
    }

    @Test
    void nameDescriptionAndANewParserPerCall() {
        List<ParserSetup> seen = new ArrayList<>();
        LogFormat format = new Counted(seen);
        assertEquals("counted", format.name());
        assertEquals("one parser per reader", format.description());
        assertFalse(format.readsHeaderLine());
        ParserSetup a = new ParserSetup(Optional.of("t"), new RowLayout(List.of()));
        ParserSetup b = new ParserSetup(Optional.empty(), new RowLayout(List.of()));
        LineParser first = format.newParser(a);
        format.newParser(b);
        assertEquals(List.of(a, b), seen);
        assertSame(LineParser.Outcome.IGNORED, first.parse(new byte[0], 0, 0, null));
    }

    @Test
    void everyPartIsRequired() {
        assertThrows(NullPointerException.class, () -> new NamedLogFormat(null, "d", s -> null) { });
        assertThrows(NullPointerException.class, () -> new NamedLogFormat("n", null, s -> null) { });
        assertThrows(NullPointerException.class, () -> new NamedLogFormat("n", "d", null) { });
    }
}
