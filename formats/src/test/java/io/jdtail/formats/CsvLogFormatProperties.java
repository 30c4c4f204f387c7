package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Write random rows the way an RFC 4180 writer does, read them back, get the same values. */
class CsvLogFormatProperties {

    private static Arbitrary<String> cells() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars(',', '"', 'ä', '€').ofMaxLength(12);
    }

    @Provide
    Arbitrary<List<String>> names() {
        return cells().filter(s -> !s.isEmpty() && !s.startsWith("$") && !s.equals("*"))
                .set().ofMinSize(1).ofMaxSize(8).map(s -> new ArrayList<>(new LinkedHashSet<>(s)));
    }

    @Provide
    Arbitrary<List<String>> values() {
        return cells().list().ofSize(8);
    }

    /** Quotes when needed (or always, if asked); doubles the quotes inside. */
    private static String cell(String s, boolean alwaysQuote) {
        if (alwaysQuote || s.contains(",") || s.contains("\"")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Property(tries = 1000)
    void rowsRoundTrip(@ForAll("names") List<String> names, @ForAll("values") List<String> values,
            @ForAll boolean alwaysQuote, @ForAll boolean crlf) {
        int n = names.size();
        List<String> header = new ArrayList<>();
        List<String> line = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            header.add(cell(names.get(i), alwaysQuote));
            line.add(cell(values.get(i), alwaysQuote));
            expected.put(names.get(i), values.get(i));
        }
        List<String> referenced = new ArrayList<>(names);
        referenced.add("notAColumn");
        Parsed.Session s = new Parsed.Session(new CsvLogFormat(), null, referenced.toArray(String[]::new));
        s.header(String.join(",", header) + (crlf ? "\r" : ""));
        String text = String.join(",", line) + (crlf ? "\r" : "");
        Parsed p = s.parse(text);
        if (text.isEmpty() || text.equals("\r")) {
            assertEquals(Outcome.IGNORED, p.outcome); // one empty column: indistinguishable from an empty line
            return;
        }
        assertEquals(Outcome.ACCEPTED, p.outcome, text);
        assertEquals(expected, p.values, text);
        // one column more or fewer is malformed
        assertEquals(Outcome.MALFORMED, s.parse(text.replace("\r", "") + ",x").outcome, text);
        String shorter = String.join(",", line.subList(1, n));
        if (!shorter.isEmpty()) {
            assertEquals(Outcome.MALFORMED, s.parse(shorter).outcome, text);
        }
    }
}
