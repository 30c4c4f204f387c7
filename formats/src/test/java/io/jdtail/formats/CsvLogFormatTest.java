package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvLogFormatTest {

    private static final CsvLogFormat CSV = new CsvLogFormat();

    private static Parsed.Session session(String header, String... fields) {
        Parsed.Session s = new Parsed.Session(CSV, null, fields);
        s.header(header);
        return s;
    }

    @Test
    void readsItsHeader() {
        assertTrue(CSV.readsHeaderLine());
    }

    @Test
    void columnsBecomeBarewords() {
        Parsed.Session s = session("time,method,status,latency", "status", "latency", "time", "nope");
        Parsed p = s.parse("12:00:01,GET,200,23.5");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("status", "200", "latency", "23.5", "time", "12:00:01"), p.values);
        assertEquals(23.5, s.row.number(s.layout.slotOf("latency")));
        p = s.parse("12:00:02,POST,,");
        assertEquals(Map.of("status", "", "latency", "", "time", "12:00:02"), p.values);
    }

    @Test
    void columnsNamedLikeVariablesOrAggregationsAreReachedByThatName() {
        // DTail's own dmap writes CSV headers such as "$time,count($line)": every column is a field
        // of that exact name, as DTail's csv parser makes it (fields[header[i]] = value).
        Parsed.Session s = session("$time,count($line),status", "$time", "count($line)", "status");
        Parsed p = s.parse("1002-071949,4,200");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("$time", "1002-071949", "count($line)", "4", "status", "200"), p.values);
    }

    @Test
    void quoting() {
        Parsed.Session s = session("a,\"b,with comma\",\"say \"\"hi\"\"\",d", "a", "b,with comma", "say \"hi\"", "d");
        Parsed p = s.parse("\"x,y\",\"he said \"\"no\"\"\",\"\",plain");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("a", "x,y", "b,with comma", "he said \"no\"", "say \"hi\"", "", "d", "plain"), p.values);
        p = s.parse("\"\"\"\",\"a\"\"b\"\"c\",\"ü,ö\",\"\"");
        assertEquals(Map.of("a", "\"", "b,with comma", "a\"b\"c", "say \"hi\"", "ü,ö", "d", ""), p.values);
    }

    @Test
    void wrongColumnCount() {
        Parsed.Session s = session("a,b,c", "a");
        assertEquals(Outcome.ACCEPTED, s.parse("1,2,3").outcome);
        assertEquals(Outcome.ACCEPTED, s.parse(",,").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("1,2").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("1,2,3,4").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("1,2,3,").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("1").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("\"1,2,3\"").outcome, "a quoted comma separates nothing");
        // also when no column is referenced
        Parsed.Session none = session("a,b,c");
        assertEquals(Outcome.ACCEPTED, none.parse("1,2,3").outcome);
        assertEquals(Outcome.MALFORMED, none.parse("1,2").outcome);
    }

    @Test
    void badQuoting() {
        Parsed.Session s = session("a,b", "a", "b");
        assertEquals(Outcome.MALFORMED, s.parse("\"open,2").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("\"closed\"junk,2").outcome);
        assertEquals(Outcome.MALFORMED, s.parse("1,\"x\"\"").outcome);
        // a quote inside an unquoted field is taken literally
        assertEquals(Map.of("a", "5\"", "b", "x"), s.parse("5\",x").values);
    }

    @Test
    void emptyLinesAreIgnored() {
        Parsed.Session s = session("a", "a");
        assertEquals(Outcome.IGNORED, s.parse("").outcome);
        assertEquals(Outcome.IGNORED, s.parse("\r").outcome);
        assertEquals(Outcome.ACCEPTED, s.parse("\"\"").outcome);
    }

    @Test
    void headerPerFile() {
        Parsed.Session s = session("host,status,latency", "status", "latency");
        assertEquals(Map.of("status", "200", "latency", "1.5"), s.parse("web01,200,1.5").values);
        // the next file has other columns in another order
        s.header("latency,status");
        Parsed p = s.parse("2.5,404");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("status", "404", "latency", "2.5"), p.values);
        assertEquals(Outcome.MALFORMED, s.parse("web01,200,1.5").outcome);
        // and a third without the status column
        s.header("latency,host,x,y");
        assertEquals(Map.of("latency", "3.5"), s.parse("3.5,web02,,").values);
    }

    @Test
    void crlfAndByteOrderMark() {
        Parsed.Session s = session("\uFEFFname,value\r", "name", "value");
        Parsed p = s.parse("x,\"1\"\r");
        assertEquals(Outcome.ACCEPTED, p.outcome);
        assertEquals(Map.of("name", "x", "value", "1"), p.values);
    }

    @Test
    void noHeaderYet() {
        Parsed.Session s = new Parsed.Session(CSV, null, "a");
        assertEquals(Outcome.MALFORMED, s.parse("1").outcome);
        s.header("\"broken");
        assertEquals(Outcome.MALFORMED, s.parse("1").outcome);
        s.header("a");
        assertEquals(Map.of("a", "1"), s.parse("1").values);
    }

    @Test
    void tableClauseDoesNotApply() {
        Parsed.Session s = new Parsed.Session(CSV, "STATS", "a");
        s.header("a,b");
        assertEquals(Outcome.ACCEPTED, s.parse("1,2").outcome);
    }
}
