package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericLogFormatsTest {

    private static final GenericLogFormat GENERIC = new GenericLogFormat();
    private static final GenericKvLogFormat KV = new GenericKvLogFormat();

    @Test
    void genericAcceptsEverythingAndFillsNothing() {
        for (String line : new String[] {"", "hello world", "a=1|b=2", "INFO|1|2|3|4|5|6|7|8|MAPREDUCE:X|a=1"}) {
            Parsed p = Parsed.parse(GENERIC, "X", line, "a", "$time", "$line");
            assertEquals(Outcome.ACCEPTED, p.outcome, line);
            assertTrue(p.values.isEmpty(), line);
        }
    }

    @Test
    void generickvPairs() {
        Parsed p = Parsed.parse(KV, null, "method=GET|status=200|plain text|q=a=b|empty=|x=1\r",
                "method", "status", "q", "empty", "x", "missing", "plain text");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("method", "GET", "status", "200", "q", "a=b", "empty", "", "x", "1"), p.values);
    }

    @Test
    void generickvLaterDuplicateWins() {
        assertEquals("2", Parsed.parse(KV, null, "a=1|a=2", "a").get("a"));
    }

    @Test
    void generickvWithoutTableAcceptsEveryLine() {
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, null, "", "a").outcome);
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, null, "no pairs at all").outcome);
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, null, "MAPREDUCE:OTHER|a=1", "a").outcome);
        assertEquals("1", Parsed.parse(KV, null, "MAPREDUCE:OTHER|a=1", "a").get("a"));
    }

    @Test
    void generickvTable() {
        String line = "time=12:00|MAPREDUCE:STATS|conns=17";
        Parsed p = Parsed.parse(KV, "STATS", line, "conns", "time");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("conns", "17", "time", "12:00"), p.values);
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, "stats", line, "conns").outcome);
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, "STATS", line).outcome, "no barewords: stops at the table");
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "REQUEST", line, "conns").outcome);
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "REQUEST", line).outcome);
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "STATS", "conns=17|time=1", "conns").outcome, "no table");
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "STATS", "conns=17").outcome);
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "STATS", "").outcome);
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "STAT", line).outcome);
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, "STATS", "conns=1|MAPREDUCE:STATS").outcome, "table last");
        assertEquals(Outcome.ACCEPTED, Parsed.parse(KV, "STATS", "MAPREDUCE:STATS\r").outcome);
        assertEquals(Outcome.IGNORED, Parsed.parse(KV, "STATS", "MAPREDUCE:=STATS|a=1").outcome,
                "with '=' it is a pair named MAPREDUCE:, not a table");
    }
}
