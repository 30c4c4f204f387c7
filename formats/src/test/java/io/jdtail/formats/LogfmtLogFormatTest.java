package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogfmtLogFormatTest {

    private static Parsed parse(String line, String... fields) {
        return Parsed.parse(new LogfmtLogFormat(), null, line, fields);
    }

    @Test
    void pairsQuotedValuesAndBareKeys() {
        Parsed p = parse("level=info msg=\"quoted \\\"value\\\"\" flag latency=12.5 empty= path=/a?b=c",
                "level", "msg", "flag", "latency", "empty", "path", "missing");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("level", "info");
        expected.put("msg", "quoted \"value\"");
        expected.put("flag", "true");
        expected.put("latency", "12.5");
        expected.put("empty", "");
        expected.put("path", "/a?b=c");
        assertEquals(expected, p.values);
    }

    /**
     * The line, then the value of key {@code k} ({@code <absent>}: it has none); {@code <CR>} and {@code <TAB>}
     * stand for the characters, backslashes are the line's own.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        k=v                         | v
        k="v w"                     | v w
        k=""                        | ''
        k=                          | ''
        k                           | true
        '  k=v  '                   | v
        k=v<CR>                     | v
        '<TAB>k=v<TAB>j=w'          | v
        k="a\\\\b"                  | a\\b
        k="tab\\there"              | 'tab<TAB>here'
        k="\\u00e9\\ud83d\\ude00"   | é😀
        k="=\\" "                   | '=" '
        k=a"b                       | a"b
        k=1 k=2                     | 2
        k="x" k                     | true
        j="k=v" l=k                 | <absent>
        K=v                         | <absent>
        """)
    void quotingAndEscapes(String line, String value) {
        String decodedLine = line.replace("<CR>", "\r").replace("<TAB>", "\t");
        String expected = value.replace("<TAB>", "\t");
        Parsed p = parse(decodedLine, "k");
        assertEquals(Outcome.ACCEPTED, p.outcome, decodedLine);
        assertEquals(expected.equals("<absent>") ? null : expected, p.get("k"), decodedLine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k=\"unterminated", "k=\"x\"y", "k=\"x\"\"y\"", "=v", "k=v =w", "\"k\"=v", "k\"=v",
        "k=\"bad \\x escape\"", "k=\"\\u12\"", "k=\"raw\ttab\""})
    void brokenQuotingAndKeysAreMalformed(String line) {
        assertEquals(Outcome.MALFORMED, parse(line, "k").outcome, line);
        assertEquals(Outcome.MALFORMED, parse(line, "$line").outcome, line);
    }

    @Test
    void emptyLinesAreIgnoredAndPlainTextIsBareKeys() {
        assertEquals(Outcome.IGNORED, parse("", "k").outcome);
        assertEquals(Outcome.IGNORED, parse(" \r", "k").outcome);
        Parsed p = parse("just some words", "just", "words", "k");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("just", "true", "words", "true"), p.values);
    }

    /**
     * A quoted value cut by the end of the range parsed is malformed, also when the buffer goes on with its closing
     * quote (the rest of a line longer than the maximum line length, after the first piece a query reads): a string's
     * end is first looked for in the sixteen bytes after its quote, which can reach past the range.
     */
    @ParameterizedTest
    @ValueSource(strings = {"k=\"", "k=\"abc", "k=\"abcdefg", "k=\"abcdefgh", "k=\"abcdefghijklmno"})
    void aQuotedValueCutByTheRangesEndIsMalformedWhateverFollowsInTheBuffer(String cut) {
        Parsed.Session s = new Parsed.Session(new LogfmtLogFormat(), null, "k");
        for (String rest : new String[] {"\"" + " ".repeat(20), "x\" next=1" + " ".repeat(20), ""}) {
            byte[] buf = (cut + rest).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.row.clear();
            assertEquals(Outcome.MALFORMED, s.parser.parse(buf, 0, cut.length(), s.row), cut + " before " + rest);
        }
    }
}
