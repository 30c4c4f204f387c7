package io.jdtail.clients.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What reaches the terminal besides data lines: a dmap table's cells (values taken from log lines) and the
 * client's messages (servers' ERROR frames, file names found by a glob) are shown, never obeyed.
 */
class VisibleTextTest {

    private static final String TITLE = "a\u001b]0;pwned\u0007b";

    @Test
    void aTableCellOnATerminalShowsItsControlCharacters() {
        ResultTable table = ResultTable.ungrouped(List.of("method", "count($line)"),
                List.of(List.of(Cell.text(TITLE), Cell.text("1")), List.of(Cell.text("GET\r\n\u009b2J"), Cell.text("2"))),
                Instant.EPOCH);

        String shown = TableRenderer.render(table, true);

        assertThat(shown).doesNotContain("\u001b", "\u0007", "\r", "\u009b")
                .contains("a^[]0;pwned^Gb", "GET^M^J<U+009B>2J");
        // the columns are as wide as what is shown
        assertThat(shown.lines().toList()).allSatisfy(l -> assertThat(l).hasSize(shown.lines().findFirst().orElseThrow().length()));
    }

    @Test
    void aTableOffATerminalKeepsItsCellsAsTheyAre() {
        ResultTable table = ResultTable.ungrouped(List.of("method"), List.of(List.of(Cell.text(TITLE))), Instant.EPOCH);

        assertThat(TableRenderer.render(table, false)).contains(TITLE).isEqualTo(TableRenderer.render(table));
    }

    @Test
    void clientMessagesShowControlCharactersAndKeepTheirLineBreaks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClientMessages messages = new ClientMessages(new PrintStream(bytes, true, StandardCharsets.UTF_8), "here", false,
                ClientMessages.Level.DEBUG);

        messages.error("/tmp/" + TITLE + ".log: not allowed\n  the caret line\tstays");

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("CLIENT|here|ERROR|/tmp/a^[]0;pwned^Gb.log: not allowed\n  the caret line\tstays\n");
    }
}
