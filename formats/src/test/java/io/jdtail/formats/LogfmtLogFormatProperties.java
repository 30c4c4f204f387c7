package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random pairs written the way a logfmt writer does (quoting when it must, or always), read back: the same values. */
class LogfmtLogFormatProperties {

    record Pair(String key, String value, boolean quote, boolean bare) {
    }

    @Provide
    Arbitrary<List<Pair>> lines() {
        // keys and values up to and past 8 and 16 bytes: the words a key's lookup and a quoted value's end search
        // compare and look in
        Arbitrary<String> keys = Arbitraries.strings().withCharRange('!', '~').withChars('ä', '€')
                .ofMinLength(1).ofMaxLength(18).filter(k -> !k.contains("=") && !k.contains("\"") && !k.startsWith("$")
                        && !k.equals("*"));
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\n', '\u0001', 'é', '\\')
                .ofMaxLength(24);
        return Combinators.combine(keys, values, Arbitraries.of(true, false), Arbitraries.integers().between(0, 9))
                .as((k, v, q, b) -> new Pair(k, v, q, b == 0)).list().ofMinSize(1).ofMaxSize(6);
    }

    private static boolean mustQuote(String v) {
        return v.isEmpty() || v.startsWith("\"") || v.chars().anyMatch(c -> c <= ' ');
    }

    private static String quoted(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    @Property(tries = 1000)
    void writtenPairsReadBack(@ForAll("lines") List<Pair> pairs, @ForAll boolean tabs) {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> written = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.bare()) {
                written.add(p.key());
                expected.put(p.key(), "true");
            } else {
                written.add(p.key() + "=" + (p.quote() || mustQuote(p.value()) ? quoted(p.value()) : p.value()));
                expected.put(p.key(), p.value());
            }
        }
        String line = String.join(tabs ? " \t" : " ", written);
        List<String> fields = new ArrayList<>(expected.keySet());
        fields.add("absent-key");
        Parsed parsed = Parsed.parse(new LogfmtLogFormat(), null, line, fields.toArray(String[]::new));
        assertEquals(Outcome.ACCEPTED, parsed.outcome, line);
        assertEquals(expected, parsed.values, line);
    }
}
