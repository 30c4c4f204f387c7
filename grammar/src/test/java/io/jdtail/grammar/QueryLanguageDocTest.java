package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The reference's table of mistakes and their messages (docs/query-language.md) is what the parser says. */
class QueryLanguageDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| (`(.*)`|empty text) \\| `(.*)` \\|$");

    private final QueryParser parser = new QueryParser(Set.of("default", "generic", "generickv", "csv")::contains, TestAggregates.DTAIL);

    static Path reference() {
        Path here = Path.of("").toAbsolutePath();
        Path doc = here.resolve("docs/query-language.md");
        return Files.isRegularFile(doc) ? doc : here.getParent().resolve("docs/query-language.md");
    }

    @Test
    void everyMistakeInTheReferenceGetsTheMessageItShows() throws IOException {
        List<String> lines = Files.readAllLines(reference(), StandardCharsets.UTF_8);
        int table = lines.indexOf("| mistake | message |");
        assertTrue(table >= 0, "the reference has a table of mistakes");
        List<String> checked = new ArrayList<>();
        for (String line : lines.subList(table + 2, lines.size())) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                break;
            }
            String query = row.group(2) == null ? "" : row.group(2);
            ParsingException e = assertThrows(ParsingException.class, () -> parser.parse(query), query);
            assertEquals(row.group(3), e.reason(), query);
            checked.add(query);
        }
        assertTrue(checked.size() >= 10, "rows read: " + checked);
    }
}
