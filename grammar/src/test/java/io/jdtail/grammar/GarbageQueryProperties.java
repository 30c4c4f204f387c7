package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.ast.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the input, the parser either returns a query or throws a {@link ParsingException} with a
 * sane position; never any other exception. Accepted garbage is a real query: it formats and parses
 * back to itself.
 */
class GarbageQueryProperties {

    private static final List<String> TOKENS = List.of(
            "select", "SELECT", "from", "where", "group", "by", "order", "rorder", "set", "interval", "limit",
            "outfile", "append", "logformat", "asc", "desc", "and", "eq", "ne", "contains", "ncontains", "lacks",
            "hasprefix", "nhasprefix", "hassuffix", "nhassuffix", "==", "!=", "<", "<=", "=<", ">", ">=", "=>", "=",
            ",", "(", ")", "*", ";", "count", "median", "md5sum", "maskdigits", "x", "$x", "$line", "a.b-c", "`q`",
            "`", "``", "\"s\"", "\"", "\"\\q\"", "\"a\\\"b\"", "0", "-1", "1.5", "5s", "500ms", "5x", "0ms",
            "99999999999999999999", "csv", "STATS", "%", "\n", "\t", "\r\n", "\u00e9", "\uD83D\uDE00", "\uD83D", "#",
            "/tmp/x.csv", "./r-1_2.csv", "a;b", "out.csv;", "~/o\\ut", "/");

    private final QueryParser parser = new QueryParser(name -> name.equals("csv"), TestAggregates.DTAIL);
    private final QueryParser anyFormat = new QueryParser(name -> true, TestAggregates.DTAIL);

    @Provide
    Arbitrary<String> randomStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("selctfromwhe $`\"\\(),=<>!*;0-9.\n").ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        // each token followed by its own separator, drawn as one pair (no flatMap: jqwik would build the
        // separators' arbitrary again for every try)
        return Combinators.combine(Arbitraries.of(TOKENS), Arbitraries.of(" ", "", "  ", "\n")).as(String::concat)
                .list().ofMaxSize(25).map(pieces -> String.join("", pieces));
    }

    /** Valid queries with 1-3 random edits: delete, insert or swap characters or tokens. */
    @Provide
    Arbitrary<String> mutatedQueries() {
        return Combinators.combine(QueryArbitraries.queries().map(QueryFormatter::format),
                        Arbitraries.longs(), Arbitraries.integers().between(1, 3))
                .as((text, seed, edits) -> {
                    Random rnd = new Random(seed);
                    String s = text;
                    for (int i = 0; i < edits; i++) {
                        s = mutate(s, rnd);
                    }
                    return s;
                });
    }

    private static String mutate(String s, Random rnd) {
        int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
        switch (rnd.nextInt(6)) {
            case 0 -> { // delete a few characters
                int end = Math.min(s.length(), at + 1 + rnd.nextInt(3));
                return s.substring(0, Math.min(at, s.length())) + s.substring(end);
            }
            case 1 -> { // insert a token
                return s.substring(0, at) + " " + TOKENS.get(rnd.nextInt(TOKENS.size())) + " " + s.substring(at);
            }
            case 2 -> { // insert a character
                return s.substring(0, at) + (char) rnd.nextInt(128) + s.substring(at);
            }
            case 3 -> { // swap two characters
                if (s.length() < 2) {
                    return s;
                }
                char[] c = s.toCharArray();
                int i = rnd.nextInt(c.length);
                int j = rnd.nextInt(c.length);
                char t = c[i];
                c[i] = c[j];
                c[j] = t;
                return new String(c);
            }
            default -> { // swap, drop or duplicate whitespace-separated tokens
                List<String> words = new ArrayList<>(List.of(s.split(" ", -1)));
                int i = rnd.nextInt(words.size());
                int j = rnd.nextInt(words.size());
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        String t = words.get(i);
                        words.set(i, words.get(j));
                        words.set(j, t);
                    }
                    case 1 -> words.remove(i);
                    default -> words.add(j, words.get(i));
                }
                return String.join(" ", words);
            }
        }
    }

    @Property
    void randomStringsFailCleanly(@ForAll("randomStrings") String text) {
        check(parser, text);
    }

    @Property
    void tokenSoupFailsCleanly(@ForAll("tokenSoup") String text) {
        check(parser, text);
    }

    @Property
    void mutatedQueriesFailCleanly(@ForAll("mutatedQueries") String text) {
        check(anyFormat, text);
        // Not vacuous: some edits keep the query valid (e.g. dropping a clause), most do not.
        Statistics.label("outcome").coverage(checker -> {
            checker.check("query").percentage(p -> p > 1);
            checker.check("error").percentage(p -> p > 50);
        });
    }

    private static void check(QueryParser p, String text) {
        Query query;
        try {
            query = p.parse(text);
        } catch (ParsingException e) {
            Statistics.label("outcome").collect("error");
            assertSanePosition(text, e);
            return;
        }
        Statistics.label("outcome").collect("query");
        // Whatever was accepted is a real query: canonical text reads back to the same AST.
        String canonical = QueryFormatter.format(query);
        assertEquals(query, p.parse(canonical), canonical);
    }

    static void assertSanePosition(String text, ParsingException e) {
        assertTrue(e.line() >= 1, e::getMessage);
        assertTrue(e.column() >= 1, e::getMessage);
        assertFalse(e.reason().isBlank(), e::getMessage);
        assertEquals(text, e.query());
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        assertTrue(e.line() <= lines, () -> "line beyond the text: " + e.getMessage());
        String line = ParsingException.lineText(text, e.line());
        int width = line.codePointCount(0, line.length());
        assertTrue(e.column() <= width + 1, () -> "column beyond the line: " + e.getMessage() + " in " + line);
        String describe = e.describe();
        assertTrue(describe.startsWith("query error at line " + e.line() + ":" + e.column() + ": "), describe);
        assertTrue(describe.endsWith("^"), describe);
        assertEquals(3, describe.split("\n", -1).length - countNewlines(e.reason()), describe);
    }

    private static int countNewlines(String s) {
        return (int) s.chars().filter(c -> c == '\n').count();
    }
}
