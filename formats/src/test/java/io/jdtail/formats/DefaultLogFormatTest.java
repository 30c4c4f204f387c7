package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.format.LineParser.Outcome;
import io.jdtail.engine.row.Row;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultLogFormatTest {

    private static final DefaultLogFormat FORMAT = new DefaultLogFormat();

    private static final String STATS =
            "INFO|1002-071949|4242|stats.go:56|2|37|7|0.52|12h0m0s|MAPREDUCE:STATS|currentConnections=17|lifetimeConnections=4711";
    private static final String REQUEST =
            "INFO|1125-000000|4242|handler.go:77|2|20|7|0.10|12h0m3s|MAPREDUCE:REQUEST|method=GET|status=200"
            + "|path=/api/v1/users|latency=23.112|bytes=512|user=user12|host=web01";

    private static Parsed parse(String table, String line, String... fields) {
        return Parsed.parse(FORMAT, table, line, fields);
    }

    @Test
    void everyVariable() {
        Parsed p = parse(null, STATS, "$severity", "$loglevel", "$time", "$date", "$hour", "$minute", "$second",
                "$pid", "$caller", "$cpus", "$goroutines", "$cgocalls", "$loadavg", "$uptime");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.ofEntries(
                Map.entry("$severity", "INFO"), Map.entry("$loglevel", "INFO"),
                Map.entry("$time", "1002-071949"), Map.entry("$date", "1002"), Map.entry("$hour", "07"),
                Map.entry("$minute", "19"), Map.entry("$second", "49"),
                Map.entry("$pid", "4242"), Map.entry("$caller", "stats.go:56"), Map.entry("$cpus", "2"),
                Map.entry("$goroutines", "37"), Map.entry("$cgocalls", "7"), Map.entry("$loadavg", "0.52"),
                Map.entry("$uptime", "12h0m0s")), p.values);
    }

    @Test
    void everyBareword() {
        Parsed p = parse(null, REQUEST, "method", "status", "path", "latency", "bytes", "user", "host", "absent");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("method", "GET", "status", "200", "path", "/api/v1/users", "latency", "23.112",
                "bytes", "512", "user", "user12", "host", "web01"), p.values);
    }

    @Test
    void onlyReferencedFieldsAreFilled() {
        Parsed p = parse(null, REQUEST, "$goroutines", "latency");
        assertEquals(Map.of("$goroutines", "20", "latency", "23.112"), p.values);
        assertEquals(Outcome.ACCEPTED, parse(null, REQUEST).outcome);
        assertTrue(parse(null, REQUEST, "$line", "$hostname", "*").values.isEmpty(),
                "common variables are the engine's business");
    }

    @Test
    void numbersReadStraightFromTheLine() {
        Parsed.Session s = new Parsed.Session(FORMAT, null, "latency", "$loadavg");
        byte[] b = REQUEST.getBytes();
        Row row = s.row;
        assertEquals(Outcome.ACCEPTED, s.parser.parse(b, 0, b.length, row));
        assertEquals(23.112, row.number(s.layout.slotOf("latency")));
        assertEquals(0.10, row.number(s.layout.slotOf("$loadavg")));
    }

    @Test
    void tableFiltering() {
        assertEquals(Outcome.ACCEPTED, parse("STATS", STATS, "currentConnections").outcome);
        assertEquals("17", parse("STATS", STATS, "currentConnections").get("currentConnections"));
        assertEquals(Outcome.IGNORED, parse("REQUEST", STATS, "currentConnections").outcome);
        assertEquals(Outcome.IGNORED, parse("STATS", REQUEST, "status").outcome);
        assertEquals(Outcome.ACCEPTED, parse("stats", STATS).outcome, "ASCII case does not matter");
        assertEquals(Outcome.ACCEPTED, parse("Stats", STATS).outcome);
        assertEquals(Outcome.IGNORED, parse("STAT", STATS).outcome, "a prefix is not the table");
        assertEquals(Outcome.IGNORED, parse("STATSX", STATS).outcome);
        assertEquals(Outcome.IGNORED, parse("STATS", STATS.replace("MAPREDUCE:STATS", "MAPREDUCE:")).outcome);
        assertEquals(Outcome.ACCEPTED, parse(null, STATS.replace("MAPREDUCE:STATS", "MAPREDUCE:")).outcome,
                "without from every MAPREDUCE line takes part");
        assertEquals(Outcome.ACCEPTED,
                parse("STATS", "INFO|1|2|3|4|5|6|7|8|MAPREDUCE:STATS").outcome, "ten fields, no pairs");
        assertEquals(Outcome.ACCEPTED, parse("ÜBER", STATS.replace("STATS", "ÜBER"), "$pid").outcome);
        assertEquals(Outcome.IGNORED, parse("über", STATS.replace("STATS", "ÜBER"), "$pid").outcome,
                "only ASCII letters fold");
        assertEquals(Outcome.IGNORED, parse("STATS", STATS.replace("STATS", "ST@TS")).outcome);
        assertEquals(Outcome.IGNORED, parse("ST`TS", STATS.replace("STATS", "ST@TS")).outcome,
                "'@' and '`' differ by the case bit but are no letters");
    }

    @Test
    void onlyInfoLinesTakePart() {
        String[] ignored = {
            STATS.replaceFirst("INFO", "WARN"),
            STATS.replaceFirst("INFO", "ERROR"),
            STATS.replaceFirst("INFO", "info"),
            STATS.replaceFirst("INFO", "INFOX"),
            STATS.replaceFirst("INFO", " INFO"),
            "WARN|1125-000000|4242|db.go:131|Slow query detected request_id=3da9c2a90ed42f1a took=1490ms",
            "INFO|1125-000000|4242|handler.go:77|Scheduled job finished request_id=d453dd324b0dbb41 user=u bytes=2",
            "INFO|1125-000000|4242|handler.go:77|a|b|c|d|e|f|g|h|i",
            "INFO|1|2|3|4|5|6|7|8|9|MAPREDUCE:STATS|a=1", // MAPREDUCE at field 11
            "INFO|1|2|3|4|5|6|7|8|xMAPREDUCE:STATS|a=1",
            "INFO|1|2|3|4|5|6|7|8|MAPREDUCE|a=1",
            "INFO|",
            "INFO",
            "INF",
            "",
            "plain text that is not a DTail line at all",
        };
        for (String line : ignored) {
            assertEquals(Outcome.IGNORED, parse(null, line, "a", "$time").outcome, line);
            assertEquals(Outcome.IGNORED, parse(null, line).outcome, line);
        }
    }

    @Test
    void malformedLines() {
        String[] malformed = {
            "INFO|1002-071949|4242|stats.go:56|2|37|7|MAPREDUCE:STATS|a=1", // fields missing
            "INFO|MAPREDUCE:STATS",
            "INFO|1|2|3|4|5|6|7|MAPREDUCE:STATS",
            STATS + "|novalue",
            REQUEST.replace("|status=200|", "|status200|"),
        };
        for (String line : malformed) {
            assertEquals(Outcome.MALFORMED, parse(null, line, "status", "a").outcome, line);
        }
        // without barewords the pairs are never read, so a bad pair goes unnoticed (cheap path)
        assertEquals(Outcome.ACCEPTED, parse(null, STATS + "|novalue", "$time").outcome);
        // too few fields is noticed either way
        assertEquals(Outcome.MALFORMED, parse(null, "INFO|1|2|3|MAPREDUCE:STATS|a=1").outcome);
    }

    @Test
    void valuesMayContainEquals() {
        Parsed p = parse(null, STATS + "|query=a=b&c==d|empty=|==x|last=1", "query", "empty", "", "last");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals("a=b&c==d", p.get("query"));
        assertEquals("", p.get("empty"));
        assertEquals("=x", p.get(""), "the empty key");
        assertEquals("1", p.get("last"));
    }

    @Test
    void laterDuplicateKeyWinsAndEmptyFieldsAreSkipped() {
        Parsed p = parse(null, STATS + "||a=1||a=2|", "a");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals("2", p.get("a"));
    }

    @Test
    void carriageReturnIsNotPartOfTheLastValue() {
        assertEquals("4711", parse(null, STATS + "\r", "lifetimeConnections").get("lifetimeConnections"));
        assertEquals(Outcome.ACCEPTED, parse("STATS", "INFO|1|2|3|4|5|6|7|8|MAPREDUCE:STATS\r").outcome);
    }

    @Test
    void shortTimeSetsWhatItHas() {
        Parsed p = parse(null, STATS.replace("1002-071949", "1002-07"), "$time", "$date", "$hour", "$minute");
        assertEquals(Map.of("$time", "1002-07", "$date", "1002", "$hour", "07"), p.values);
        assertNull(parse(null, STATS.replace("1002-071949", ""), "$date").get("$date"));
    }

    @Test
    void utf8Values() {
        Parsed p = parse(null, STATS + "|city=Zürich|名前=値", "city", "名前");
        assertEquals(Map.of("city", "Zürich", "名前", "値"), p.values);
    }
}
