package io.jdtail.engine.operator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.re2j.Pattern;
import io.jdtail.engine.plan.FilterNode;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grep filter: which lines it selects, and that its literal prefilter never hides a selected line. */
class LineFilterTest {

    private static boolean selects(LineFilter f, String line) {
        byte[] b = ("xx" + line + "yy").getBytes(UTF_8);
        // the line lies inside a larger buffer, as it does in a reader's
        return f.selects(b, 2, b.length - 4);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // pattern, invert, line, selected
                arguments("ERROR", false, "2026 ERROR disk full", true),
                arguments("ERROR", false, "2026 error disk full", false),
                arguments("ERROR", true, "2026 error disk full", true),
                arguments("ERROR", true, "2026 ERROR disk full", false),
                arguments("ERR.R", false, "ERRXR", true),
                arguments("ERR.R", false, "ERR", false),
                arguments("^GET /", false, "GET /index", true),
                arguments("^GET /", false, " GET /index", false),
                arguments("full$", false, "disk full", true),
                arguments("full$", false, "disk full!", false),
                arguments("(?i)error", false, "An Error", true),
                arguments("warn|error", false, "an error", true),
                arguments("warn|error", false, "all good", false),
                arguments("a[0-9]+b", false, "xa123b", true),
                arguments("a[0-9]+b", false, "xab", false),
                arguments("^.$", false, "é", true), // one character in two bytes: UTF-8
                // re2j 1.8 on bytes takes a position right after a multi-byte character for the start of the text
                // when the anchor is one branch of several: "éb" matched "a|^b"
                arguments("a|^b", false, "éb", false),
                arguments("x|^b", false, "ébé", false),
                arguments("a|\\Ab", false, "ſb", false),
                arguments("a|^b", true, "éb", true),
                arguments("a|^b", false, "bé", true),
                arguments("a|^b", false, "éa", true),
                arguments("", false, "anything", true),
                arguments("", true, "anything", false),
                arguments("x", false, "", false),
                arguments("\\.", false, "a.b", true),
                arguments("\\.", false, "ab", false));
    }

    @ParameterizedTest(name = "/{0}/ invert={1} on \"{2}\" -> {3}")
    @MethodSource("table")
    void selectsExactlyTheMatchingLines(String pattern, boolean invert, String line, boolean expected) {
        assertEquals(expected, selects(LineFilter.compile(new FilterNode(pattern, invert)), line));
    }

    @Test
    void prefiltersOnlyWithALiteralAndWithoutInvert() {
        assertTrue(LineFilter.compile(new FilterNode("ERROR", false)).prefilters());
        assertTrue(LineFilter.compile(new FilterNode("ERR.R", false)).prefilters());
        assertFalse(LineFilter.compile(new FilterNode("ERROR", true)).prefilters());
        assertTrue(LineFilter.compile(new FilterNode("warn|error", false)).prefilters());
        assertTrue(LineFilter.compile(new FilterNode("warn|err.r", false)).prefilters());
        assertFalse(LineFilter.compile(new FilterNode("warn|.*", false)).prefilters());
        assertTrue(LineFilter.compile(new FilterNode("(?i)error", false)).prefilters());
        assertTrue(LineFilter.compile(new FilterNode("(?i)error|warn", false)).prefilters());
        assertFalse(LineFilter.compile(new FilterNode("(?i)sk", false)).prefilters());
        assertFalse(LineFilter.compile(new FilterNode("(?s)error", false)).prefilters());
    }

    @Test
    void nextCandidateFindsTheLiteralInTheRangeOnly() {
        LineFilter f = LineFilter.compile(new FilterNode("ERR.R", false));
        byte[] buf = "ok\nERRXR one\nfine\nERR two\n".getBytes(UTF_8);
        assertEquals(3, f.nextCandidate(buf, 0, buf.length));
        assertEquals(18, f.nextCandidate(buf, 4, buf.length));
        assertEquals(-1, f.nextCandidate(buf, 19, buf.length));
        assertEquals(-1, f.nextCandidate(buf, 0, 4), "the literal ends beyond the range");
    }

    @Test
    void badPatternsAreClearErrors() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LineFilter.compile(new FilterNode("a(b", false)));
        assertEquals("invalid regex 'a(b': missing closing )", bad.getMessage());
        String huge = "a".repeat(LineFilter.MAX_PATTERN_LENGTH + 1);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> LineFilter.compile(new FilterNode(huge, false)));
        assertEquals("the regex is 16385 characters long; at most 16384 are allowed", tooLong.getMessage());
        LineFilter.compile(new FilterNode("a".repeat(LineFilter.MAX_PATTERN_LENGTH), false));
    }

    // ---- laws ---------------------------------------------------------------------------

    private static final List<String> PIECES = List.of("a", "b", "ab", "ba", "c", ".", "a*", "b+", "(a|b)", "[ab]",
            "[^a]", "\\.", "^", "$", "(?i)A", "x?", "a{2}");

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars("abcAB. x").ofMaxLength(12);
    }

    @Property(tries = 500)
    void selectsWhatTheRegexFinds(@ForAll("patterns") String pattern, @ForAll("lines") String line) {
        boolean found = Pattern.compile(pattern).matcher(line).find();
        assertEquals(found, selects(LineFilter.compile(new FilterNode(pattern, false)), line));
    }

    /** Two to four branches of the pieces' patterns: a prefilter for each branch's literal, or none. */
    @Provide
    Arbitrary<String> alternations() {
        return patterns().list().ofMinSize(2).ofMaxSize(4).map(l -> String.join("|", l));
    }

    @Property(tries = 500)
    void anAlternationSelectsWhatTheRegexFinds(@ForAll("alternations") String pattern,
                                               @ForAll @Size(max = 6) List<@From("lines") String> lines) {
        LineFilter f = LineFilter.compile(new FilterNode(pattern, false));
        for (String line : lines) {
            assertEquals(Pattern.compile(pattern).matcher(line).find(), selects(f, line), "/" + pattern + "/ on \"" + line + "\"");
        }
        assertNextCandidateIsInEachSelectedLine(pattern, f, lines);
    }

    /**
     * {@code (?i)} before the pieces' patterns and alternations, on lines with letters in both cases and the
     * characters RE2 folds to ASCII ones (the long s, the Kelvin sign) and some it does not (dotted and dotless i):
     * the filter selects what the regex finds in the line as text. (On the line's bytes re2j 1.8 finds {@code a|^b}
     * in "éb" and {@code .^} in "ſ": the filter matches lines outside ASCII as text for that reason.)
     */
    @Property(tries = 500)
    void aCaselessPatternSelectsWhatTheRegexFinds(@ForAll("caseless") String pattern,
                                                  @ForAll @Size(max = 6) List<@From("mixedCaseLines") String> lines) {
        LineFilter f = LineFilter.compile(new FilterNode(pattern, false));
        for (String line : lines) {
            assertEquals(Pattern.compile(pattern).matcher(line).find(), selects(f, line),
                    "/" + pattern + "/ on \"" + line + "\"");
        }
        assertNextCandidateIsInEachSelectedLine(pattern, f, lines);
    }

    @Provide
    Arbitrary<String> caseless() {
        List<String> words = List.of("a", "ab", "Ba", "sk", "ask", "bias", "i", "x.b", "b+");
        Arbitrary<String> alternation = Arbitraries.of(words).list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("|", l));
        return Arbitraries.oneOf(alternation, patterns(), alternations()).map(p -> "(?i)" + p);
    }

    @Provide
    Arbitrary<String> mixedCaseLines() {
        return Arbitraries.strings().withChars("abAB. xskSK\u017f\u212a\u0130\u0131iI").ofMaxLength(12);
    }

    @Test
    void nextCandidateOfAnAlternationIsTheFirstLineWithAnyBranch() {
        LineFilter f = LineFilter.compile(new FilterNode("ERROR|WARN|upstream timeout", false));
        byte[] buf = "ok\nan upstream timeout\nWARN x\nERR\nERROR y\n".getBytes(UTF_8);
        assertEquals(6, f.nextCandidate(buf, 0, buf.length));
        assertEquals(23, f.nextCandidate(buf, 7, buf.length));
        assertEquals(34, f.nextCandidate(buf, 24, buf.length));
        assertEquals(-1, f.nextCandidate(buf, 35, buf.length));
        assertTrue(selects(f, "WARN x"));
        assertFalse(selects(f, "ERR"));
    }

    @Property(tries = 500)
    void invertIsTheComplement(@ForAll("patterns") String pattern, @ForAll("lines") String line) {
        assertEquals(!selects(LineFilter.compile(new FilterNode(pattern, false)), line),
                selects(LineFilter.compile(new FilterNode(pattern, true)), line));
    }

    @Property(tries = 500)
    void thePrefilterNeverSkipsASelectedLine(@ForAll("patterns") String pattern,
                                              @ForAll @Size(max = 6) List<@From("lines") String> lines) {
        assertNextCandidateIsInEachSelectedLine(pattern, LineFilter.compile(new FilterNode(pattern, false)), lines);
    }

    /** Where a prefilter skips to from a line's start is in that line when the filter selects it. */
    private static void assertNextCandidateIsInEachSelectedLine(String pattern, LineFilter f, List<String> lines) {
        if (!f.prefilters()) {
            return;
        }
        byte[] buf = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        int start = 0;
        for (String line : lines) {
            int end = start + line.getBytes(UTF_8).length;
            if (f.selects(buf, start, end - start)) {
                int candidate = f.nextCandidate(buf, start, buf.length);
                assertTrue(candidate >= start && candidate < Math.max(end, start + 1),
                        "/" + pattern + "/ selects \"" + line + "\" at " + start + " but the next candidate is "
                                + candidate);
            }
            start = end + 1;
        }
    }

    /** pattern, invert, piece, whether the piece starts its line, whether it ends it, selected */
    static Stream<Arguments> pieces() {
        return Stream.of(
                arguments("^a", false, "abc", true, false, true),
                arguments("^a", false, "abc", false, true, false),
                arguments("^a", true, "abc", false, true, true),
                arguments("(?m)^a", false, "abc", false, false, false),
                arguments("\\Aa", false, "abc", false, true, false),
                arguments("c$", false, "abc", false, true, true),
                arguments("c$", false, "abc", true, false, false),
                arguments("c\\z", false, "abc", true, false, false),
                arguments("^abc$", false, "abc", true, true, true),
                arguments("^abc$", false, "abc", false, false, false),
                arguments("b", false, "abc", false, false, true),
                // not anchors: escaped, in a class, quoted
                arguments("\\^b", false, "a^b", false, false, true),
                arguments("[$^]b", false, "a^b", false, false, true),
                arguments("[]^]b", false, "a^b", false, false, true),
                arguments("[[:alpha:]^]b", false, "a^b", false, false, true),
                arguments("\\Q^b$\\E", false, "x^b$", false, false, true),
                arguments("a\\$", false, "a$", false, false, true),
                // a quantified anchor that cannot match still matches zero times
                arguments("^*b", false, "abc", false, false, true),
                arguments("x$?", false, "axb", true, false, true),
                // an anchor after a quote or class still is one
                arguments("\\Qa\\E$", false, "a", true, false, false),
                arguments("[a]$", false, "a", true, false, false));
    }

    @ParameterizedTest
    @MethodSource("pieces")
    void aPieceOfASplitLineMatchesCaretOnlyAtTheLineStartAndDollarOnlyAtItsEnd(String pattern, boolean invert,
            String piece, boolean startsLine, boolean endsLine, boolean selected) {
        LineFilter f = LineFilter.compile(new FilterNode(pattern, invert));
        byte[] b = ("xx" + piece + "yy").getBytes(UTF_8);
        assertEquals(selected, f.selects(b, 2, b.length - 4, startsLine, endsLine), pattern + " on " + piece);
    }
}
