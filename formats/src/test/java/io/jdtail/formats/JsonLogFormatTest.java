package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jdtail.engine.format.LineParser.Outcome;
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
