package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jdtail.engine.format.LineParser.Outcome;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random JSON lines, written with random whitespace, escapes and number forms; every path the line has
 * (and some it has not) is read by the {@code json} format and compared with Jackson's tree of the line.
 */
class JsonLogFormatProperties {

    /** A JSON value, written out by {@link #write}; keys never hold '.' or start with '$' (those are not paths). */
    sealed interface Json {
    }

    record Obj(List<Map.Entry<String, Json>> members) implements Json {
    }

    record Arr(List<Json> elements) implements Json {
    }

    record Str(String value) implements Json {
    }

    /** A number as written: every JSON form (sign, fraction, exponent with e/E and +/-). */
    record Num(String text) implements Json {
    }

    record Lit(String text) implements Json {
    }

    private static Arbitrary<String> texts() {
        // lone surrogates too: written raw they become '?' in UTF-8, escaped (\\ud800) they stay one char
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').withChars('"', '\\', '/', '\n', '\t',
                '\b', '\f', '\r', '\u0001', '\u001f', 'ä', '€', '\u2028', '\ud83d', '\ude00', '\ud800', '\udfff')
                .ofMaxLength(8), Arbitraries.of("a\ud83d\ude00b", "\ud83d\ude00", "\u00e9t\u00e9"));
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of("a", "b", "http", "status", "0", "1", "é", "k y", "q\"", "\\", ""),
                // a query cannot name a key holding a lone surrogate: UTF-8 has no bytes for it
                texts().filter(k -> !k.contains(".") && !k.startsWith("$") && !k.equals("*")
                        && k.equals(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
    }

    private static Arbitrary<Json> numbers() {
        Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).filter(s -> s.charAt(0) != '0'));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(s -> "." + s));
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3)).as((e, s, d) -> e + s + d));
        return Combinators.combine(Arbitraries.of("", "-"), intPart, fraction, exponent)
                .as((s, i, f, e) -> (Json) new Num(s + i + f + e));
    }

    /**
     * Keys whose {@code "key":} is 7, 8, 9, 15, 16 or 17 bytes long (the words {@link LastKeys} and the key lookup
     * compare), many sharing their first eight or sixteen bytes, multi-byte ones, and a few of {@link #keys}.
     */
    private static Arbitrary<String> boundaryKeys() {
        return Arbitraries.oneOf(Arbitraries.of("abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefgx", "abcdefghi",
                "abcdefghx", "abcdefghijkl", "abcdefghijklm", "abcdefghijkln", "abcdefghijklmn", "abcdefghijklmo",
                "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqr", "abcdé", "éééé", "ééééééé", "a\"bcdefghi",
                "abcdefghijklm\\"), keys());
    }

    private static Arbitrary<Json> values(int depth, Arbitrary<String> keys) {
        Arbitrary<Json> scalars = Arbitraries.oneOf(texts().map(Str::new), numbers(),
                Arbitraries.of("true", "false", "null").map(Lit::new));
        if (depth == 0) {
            return scalars;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars),
                net.jqwik.api.Tuple.of(1, objects(depth - 1, keys)),
                net.jqwik.api.Tuple.of(1, values(depth - 1, keys).list().ofMaxSize(4).map(Arr::new)));
    }

    private static Arbitrary<Json> objects(int depth, Arbitrary<String> keys) {
        return Combinators.combine(keys, Arbitraries.lazy(() -> values(depth, keys))).as(Map::entry)
                .list().ofMaxSize(5).map(Obj::new);
    }

    @Provide
    Arbitrary<Obj> lines() {
        return objects(3, keys()).map(Obj.class::cast);
    }

    @Provide
    Arbitrary<Obj> boundaryKeyLines() {
        return objects(2, boundaryKeys()).map(Obj.class::cast);
    }

    /** How a value is written: whitespace and the escape style of each character come from the seed. */
    private static void write(Json v, java.util.Random style, StringBuilder out) {
        switch (v) {
            case Obj o -> {
                out.append('{');
                for (int i = 0; i < o.members().size(); i++) {
                    if (i > 0) {
                        space(style, out).append(',');
                    }
                    space(style, out);
                    string(o.members().get(i).getKey(), style, out);
                    space(style, out).append(':');
                    space(style, out);
                    write(o.members().get(i).getValue(), style, out);
                }
                space(style, out).append('}');
            }
            case Arr a -> {
                out.append('[');
                for (int i = 0; i < a.elements().size(); i++) {
                    if (i > 0) {
                        space(style, out).append(',');
                    }
                    space(style, out);
                    write(a.elements().get(i), style, out);
                }
                space(style, out).append(']');
            }
            case Str s -> string(s.value(), style, out);
            case Num n -> out.append(n.text());
            case Lit l -> out.append(l.text());
        }
    }

    private static StringBuilder space(java.util.Random style, StringBuilder out) {
        return out.append(switch (style.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\t ";
            case 2 -> "  \r";
            default -> "";
        });
    }

    private static void string(String s, java.util.Random style, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
            int how = style.nextInt(4);
            if (how == 0 || (mustEscape && how == 1)) {
                out.append(String.format(style.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else if (mustEscape || (how == 1 && (c == '/' || c == '\b'))) {
                out.append(switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '/' -> "\\/";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void paths(Json v, String prefix, Set<String> out) {
        switch (v) {
            case Obj o -> o.members().forEach(e -> {
                String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                out.add(p);
                paths(e.getValue(), p, out);
            });
            case Arr a -> {
                for (int i = 0; i < a.elements().size(); i++) {
                    String p = prefix + "." + i;
                    out.add(p);
                    paths(a.elements().get(i), p, out);
                }
            }
            default -> {
            }
        }
    }

    @Property(tries = 1500)
    void everyPathReadsWhatJacksonsTreeHolds(@ForAll("lines") Obj line, @ForAll long seed) throws Exception {
        StringBuilder b = new StringBuilder();
        write(line, new java.util.Random(seed), b);
        String text = b.toString();
        String shown = shown(text);
        Set<String> fields = new LinkedHashSet<>();
        paths(line, "", fields);
        // paths the line does not have: one level too deep, an index past the end, a key it lacks
        List<String> extra = new ArrayList<>();
        for (String f : fields) {
            extra.add(f + ".0");
            extra.add(f + ".zz");
        }
        fields.addAll(extra);
        fields.add("absent");
        fields.removeIf(f -> f.isEmpty() || f.startsWith("$") || f.equals("*"));
        JsonNode tree = JacksonOracle.strictTree(text);
        Parsed p = Parsed.parse(new JsonLogFormat(), null, text, fields.toArray(String[]::new));
        assertEquals(Outcome.ACCEPTED, p.outcome, shown);
        assertReadAsJacksonReads(tree, p, fields, shown);
    }

    /** Each field's value as Jackson's tree holds it (absent where the tree has no value there, or null). */
    private static void assertReadAsJacksonReads(JsonNode tree, Parsed p, Iterable<String> fields, String shown)
            throws JsonProcessingException {
        for (String f : fields) {
            JsonNode expected = JacksonOracle.at(tree, f);
            String actual = p.get(f);
            String where = shown(f) + " in " + shown;
            if (expected == null) {
                assertEquals(null, shown(actual), where);
            } else {
                assertNotNull(actual, where);
                assertSameValue(expected, actual, where);
            }
        }
    }

    /**
     * Anything but printable ASCII spelled out (one-to-one, so it can be compared too): surefire's report cuts a
     * message at the first control character or lone surrogate.
     */
    private static String shown(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e || c == '%' ? String.format("%%%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    private static void assertSameValue(JsonNode expected, String actual, String where) throws JsonProcessingException {
        if (expected.isTextual()) {
            assertEquals(shown(expected.textValue()), shown(actual), where);
        } else if (expected.isNumber()) {
            assertEquals(0, expected.decimalValue().compareTo(new BigDecimal(actual)), where + ": " + actual);
            double engine = io.jdtail.engine.row.Numbers.parse(actual);
            assertTrue(engine == Double.parseDouble(actual) || (Double.isNaN(engine) && Double.isNaN(Double.parseDouble(actual))),
                    where + ": number " + actual + " read as " + engine);
        } else if (expected.isBoolean()) {
            assertEquals(expected.asText(), actual, where);
        } else {
            assertEquals(expected, JacksonOracle.strictTree(actual), where + ": " + actual);
        }
    }

    /**
     * One parser reads lines one after the other as a fresh parser reads each: it remembers how the last line wrote
     * its keys ({@link LastKeys}), so lines alike but for whitespace, escapes, values, edits (some of them malformed) and
     * the other line's keys come in turn, each followed in the buffer by the next as in a file.
     */
    @Property(tries = 400)
    void aParserThatReadOtherLinesReadsALineAsAFreshOneDoes(@ForAll("lines") Obj one, @ForAll("lines") Obj other,
            @ForAll long seed, @ForAll("edits") String insert) {
        java.util.Random r = new java.util.Random(seed);
        String[] names = fieldsOf(one, other, "absent");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            StringBuilder b = new StringBuilder();
            write(r.nextInt(4) == 0 ? other : one, r, b);
            int at = r.nextInt(b.length() + 1);
            switch (r.nextInt(6)) {
                case 0 -> b.insert(at, insert);
                case 1 -> b.setLength(at);
                default -> { }
            }
            lines.add(b.toString());
        }
        byte[] buf = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        Parsed.Session session = new Parsed.Session(new JsonLogFormat(), null, names);
        int off = 0;
        for (String line : lines) {
            int len = line.getBytes(StandardCharsets.UTF_8).length;
            Parsed fresh = Parsed.parse(new JsonLogFormat(), null, line, names);
            Parsed again = session.parse(buf, off, len);
            assertEquals(fresh.outcome, again.outcome, shown(line));
            if (fresh.outcome == Outcome.ACCEPTED) {
                assertEquals(shownValues(fresh.values), shownValues(again.values), shown(line));
            }
            off += len + 1;
        }
    }

    /**
     * Hostile lines read one after the other from one buffer, as from a file: keys of about eight and sixteen bytes
     * sharing prefixes (the last line's key remembered at a position must not stand for another one, nor for the
     * same key in another object), then a byte put in, overwritten or the line cut at any offset (NUL, a byte that
     * is no UTF-8, a quote, a backslash, a control character), the buffer ending with the last line or with a
     * newline. A line that is UTF-8 is read exactly when Jackson reads one object from it, and as Jackson reads it;
     * any other line as a fresh parser reads it.
     */
    @Property(tries = 300)
    void hostileLinesReadOneAfterTheOtherAgreeWithJackson(@ForAll("boundaryKeyLines") Obj one,
            @ForAll("boundaryKeyLines") Obj other, @ForAll long seed) throws Exception {
        java.util.Random r = new java.util.Random(seed);
        String[] names = fieldsOf(one, other, "abcdefgh.abcdefghijklm");
        byte[] hostile = {0, (byte) 0xff, (byte) 0x80, (byte) 0xc3, '"', '\\', '\r', '\t', 0x1f, ':', ',', '}', '{'};
        List<byte[]> lines = new ArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            StringBuilder b = new StringBuilder();
            write(r.nextInt(4) == 0 ? other : one, r, b);
            byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
            int at = r.nextInt(line.length + 1);
            byte put = hostile[r.nextInt(hostile.length)];
            line = switch (r.nextInt(6)) {
                case 0 -> Arrays.copyOf(line, at);
                case 1 -> {
                    byte[] longer = new byte[line.length + 1];
                    System.arraycopy(line, 0, longer, 0, at);
                    longer[at] = put;
                    System.arraycopy(line, at, longer, at + 1, line.length - at);
                    yield longer;
                }
                case 2 -> {
                    if (at < line.length) {
                        line[at] = put;
                    }
                    yield line;
                }
                default -> line;
            };
            lines.add(line);
            all.write(line);
            if (i < 7 || r.nextBoolean()) {
                all.write('\n');
            }
        }
        byte[] buf = all.toByteArray();
        Parsed.Session session = new Parsed.Session(new JsonLogFormat(), null, names);
        int off = 0;
        for (byte[] line : lines) {
            String text = new String(line, StandardCharsets.UTF_8);
            String shown = shown(new String(line, StandardCharsets.ISO_8859_1));
            Parsed read = session.parse(buf, off, line.length);
            if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), line)) {
                assertEquals(JacksonOracle.isOneObject(text) ? Outcome.ACCEPTED : Outcome.MALFORMED, read.outcome, shown);
                if (read.outcome == Outcome.ACCEPTED) {
                    assertReadAsJacksonReads(JacksonOracle.strictTree(text), read, List.of(names), shown);
                }
            } else {
                Parsed fresh = new Parsed.Session(new JsonLogFormat(), null, names).parse(buf, off, line.length);
                assertEquals(fresh.outcome, read.outcome, shown);
                assertEquals(shownValues(fresh.values), shownValues(read.values), shown);
            }
            off += line.length + 1;
        }
    }

    /** The paths of two lines and one more, as a query may name them (no '$' variables, no '*'). */
    private static String[] fieldsOf(Obj one, Obj other, String more) {
        Set<String> fields = new LinkedHashSet<>();
        paths(one, "", fields);
        paths(other, "", fields);
        fields.add(more);
        fields.removeIf(f -> f.isEmpty() || f.startsWith("$") || f.equals("*"));
        return fields.toArray(String[]::new);
    }

    private static Map<String, String> shownValues(Map<String, String> values) {
        Map<String, String> shown = new java.util.TreeMap<>();
        values.forEach((k, v) -> shown.put(shown(k), shown(v)));
        return shown;
    }

    /** One edit to a valid line: the format calls it malformed exactly when Jackson cannot read one object from it. */
    @Property(tries = 2000)
    void anEditedLineIsMalformedExactlyWhenJacksonRefusesIt(@ForAll("lines") Obj line, @ForAll long seed,
            @ForAll("edits") String insert) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder b = new StringBuilder();
        write(line, r, b);
        int at = r.nextInt(b.length() + 1);
        switch (r.nextInt(3)) {
            case 0 -> b.insert(at, insert);
            case 1 -> b.delete(Math.min(at, b.length() - 1), Math.min(at + 1 + r.nextInt(3), b.length()));
            default -> b.setLength(at);
        }
        String text = b.toString();
        Parsed p = Parsed.parse(new JsonLogFormat(), null, text, "a", "a.b", "0");
        assertEquals(JacksonOracle.isOneObject(text) ? Outcome.ACCEPTED : Outcome.MALFORMED, p.outcome, shown(text));
    }

    @Provide
    Arbitrary<String> edits() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", " ", "0", "-", ".", "e", "E", "+", "a", "t",
                "n", "\\u", "\u0001", "{}", "[]", "\"\"", ",\"a\":1", "1.5", "00", "true", "null", "nul");
    }
}
