package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jdtail.engine.format.LineParser.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonLogFormatTest {

    private static Parsed parse(String line, String... fields) {
        return Parsed.parse(new JsonLogFormat(), null, line, fields);
    }

    @Test
    void barewordsDottedPathsAndArrayIndexes() {
        Parsed p = parse("{\"method\":\"GET\",\"http\":{\"status\":200,\"path\":\"/a\"},\"tags\":[\"x\",\"y\"],"
                + "\"latency\":-1.5e3,\"ok\":true,\"gone\":null}",
                "method", "http.status", "tags.1", "latency", "ok", "gone", "missing", "tags.2", "http.status.x", "$line");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("method", "GET", "http.status", "200", "tags.1", "y", "latency", "-1.5e3", "ok", "true"),
                p.values);
    }

    @Test
    void objectsAndArraysAreTheirJsonTextAsWritten() {
        Parsed p = parse("{ \"http\" : { \"status\" : 200 , \"h\": [1, {\"a\":2}] } }", "http", "http.h", "http.h.1.a");
        assertEquals(Map.of("http", "{ \"status\" : 200 , \"h\": [1, {\"a\":2}] }", "http.h", "[1, {\"a\":2}]",
                "http.h.1.a", "2"), p.values);
    }

    @Test
    void escapesAreDecodedInValuesAndKeys() {
        Parsed p = parse("{\"m\\u00e9thode\":\"a\\\"b\\\\c\\/d\\n\\t\\u20ac\\ud83d\\ude00\",\"plain\":\"ä€\"}",
                "méthode", "plain");
        assertEquals(Map.of("méthode", "a\"b\\c/d\n\t€😀", "plain", "ä€"), p.values);
    }

    @Test
    void theLaterOfTwoEqualKeysWinsAsInJacksonsTree() {
        assertEquals(Map.of("a", "2"), parse("{\"a\":1,\"a\":2}", "a").values);
        assertEquals(Map.of(), parse("{\"a\":1,\"a\":null}", "a").values);
        assertEquals(Map.of("a", "3"), parse("{\"a\":{\"b\":1},\"a\":3}", "a", "a.b").values);
    }

    @Test
    void whitespaceAroundTheObjectAndATrailingCarriageReturnAreFine() {
        Parsed p = parse(" \t{\"a\":\"x\"} \r", "a");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("a", "x"), p.values);
    }

    @Test
    void aQueryWithoutBarewordsStillRefusesLinesThatAreNotObjects() {
        assertEquals(Outcome.ACCEPTED, parse("{}", "$line").outcome);
        assertEquals(Outcome.MALFORMED, parse("{\"a\":1", "$line").outcome);
    }

    /** Keys are matched by their first eight bytes packed into a long, then by their rest: lengths around eight. */
    @Test
    void keysOfAboutEightBytesMatchOnlyTheirOwnPath() {
        Parsed p = parse("{\"abcdefg\":1,\"abcdefgh\":2,\"abcdefghi\":3,\"abcdefgi\":4,\"abcdefghj\":5,"
                + "\"abcdefghijklmnopq\":6,\"abcdefghijklmnopr\":7,\"\":8,\"n\":{\"abcdefgh\":9}}",
                "abcdefgh", "abcdefghi", "abcdefghijklmnopr", "abcdefgx", "abcdefghx", "", "n.abcdefgh", "abcdefgh.x");
        assertEquals(Map.of("abcdefgh", "2", "abcdefghi", "3", "abcdefghijklmnopr", "7", "", "8", "n.abcdefgh", "9"), p.values);
    }

    /**
     * A string's end is first looked for in the sixteen bytes after its quote, which can reach past the range parsed:
     * a quote there ends nothing. The range ends inside a string, and the buffer goes on with bytes that would close it
     * (as the rest of a line longer than the maximum line length does after its first piece, the piece a query reads),
     * or the range is the buffer's end (where sixteen bytes are not there to read).
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"", "{\"a\":\"x", "{\"a\":\"abcdefg", "{\"a\":\"abcdefgh", "{\"a\":\"abcdefghijklmno",
        "{\"ab", "{\"abcdefghijk", "{\"a\":1,\"b"})
    void aStringCutByTheRangesEndIsMalformedWhateverFollowsInTheBuffer(String cut) {
        Parsed.Session s = new Parsed.Session(new JsonLogFormat(), null, "a", "b");
        byte[] line = cut.getBytes(StandardCharsets.UTF_8);
        String padding = " ".repeat(20);
        for (String rest : new String[] {"\"}" + padding, "\":1}" + padding, "y\"}" + padding, "\"}\n{\"a\":\"y\"}\n", ""}) {
            byte[] buf = (cut + rest).getBytes(StandardCharsets.UTF_8);
            s.row.clear();
            assertEquals(Outcome.MALFORMED, s.parser.parse(buf, 0, line.length, s.row), cut + " before " + rest);
        }
        // cut in a value (after a key's colon and quote) or in a key
        byte[] closed = (cut.contains("\":\"") ? cut + "\"}" : cut + "\":2}").getBytes(StandardCharsets.UTF_8);
        s.row.clear();
        assertEquals(Outcome.ACCEPTED, s.parser.parse(closed, 0, closed.length, s.row), cut + " closed");
    }

    /** Strings of up to and past sixteen bytes, each ending the buffer or not, read whole. */
    @Test
    void stringsAroundSixteenBytesAreReadWhole() {
        Parsed.Session s = new Parsed.Session(new JsonLogFormat(), null, "a", "b");
        for (int n = 0; n <= 40; n++) {
            String value = "v".repeat(n);
            String text = "{\"a\":\"" + value + "\",\"b\":\"" + value + "\"}";
            for (String after : new String[] {"", "\n\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""}) {
                byte[] buf = (text + after).getBytes(StandardCharsets.UTF_8);
                s.row.clear();
                assertEquals(Outcome.ACCEPTED, s.parser.parse(buf, 0, text.length(), s.row), text + after);
                assertEquals(value, s.row.text(0), text);
                assertEquals(value, s.row.text(1), text);
            }
        }
    }

    /** Each is not one JSON object; Jackson (the oracle) refuses them too, so the table itself is checked. */
    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[1,2]", "\"text\"", "42", "null", "true", "{", "}", "{\"a\":1", "{\"a\":1,}",
        "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}",
        "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"unterminated}", "{\"a\":1}}",
        "{\"a\":1} {\"b\":2}", "{\"a\":[1,2}", "{\"a\":[1,2,]}", "{\"a\":[,]}", "{\"a\":NaN}", "{\"a\":Infinity}",
        "{\"a\":1}// comment", "{\"a\":1,,\"b\":2}", "{\"a\":{\"b\":1}", "{\"a\":\"x\"\"y\"}", "{\"a\"::1}",
        "{\"a\":1 2}", "{,}", "{\"a\"}", "{\"a\":}", "plain text line",
        "INFO|1002-071949|4242|stats.go:56|2|37|7|0.52|12h0m0s|MAPREDUCE:STATS|a=1"})
    void linesThatAreNotOneJsonObjectAreMalformed(String line) {
        assertThrows(JsonProcessingException.class, () -> {
            JsonNode n = JacksonOracle.strictTree(line);
            if (!n.isObject()) {
                throw new JsonProcessingException("not an object: " + line) { };
            }
        }, line);
        for (String[] fields : new String[][] {{"a"}, {"a.b"}, {"$line"}, {}}) {
            assertEquals(Outcome.MALFORMED, parse(line, fields).outcome, line);
        }
    }
}
