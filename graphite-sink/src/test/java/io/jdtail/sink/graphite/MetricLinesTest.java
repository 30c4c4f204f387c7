package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricLinesTest {

    private static final Instant T = Instant.parse("2026-11-25T07:19:49.750Z");
    private static final long TS = T.getEpochSecond();

    private static Cell num(String text) {
        return new Cell(text, Double.parseDouble(text));
    }

    @Test
    void segmentsReplaceEverythingOutsideTheSafeSet() {
        assertEquals("web01", MetricLines.segment("web01"));
        assertEquals("10_0_0_1", MetricLines.segment("10.0.0.1"));
        assertEquals("GET__api_v1_users", MetricLines.segment("GET /api/v1/users"));
        assertEquals("a-b_c", MetricLines.segment("a-b_c"));
        assertEquals("_", MetricLines.segment(""));
        assertEquals("_", MetricLines.segment(null));
        assertEquals("caf_", MetricLines.segment("café"));
        assertEquals("x_y", MetricLines.segment("x🎉y"), "one code point, one underscore");
        assertEquals("___", MetricLines.segment("..."));
        assertEquals("tab_nl_", MetricLines.segment("tab\tnl\n"));
    }

    @Test
    void columnNamesBecomeCleanSegments() {
        assertEquals("avg_latency", MetricLines.columnSegment("avg(latency)"));
        assertEquals("count_line", MetricLines.columnSegment("count($line)"));
        assertEquals("count", MetricLines.columnSegment("count(*)"));
        assertEquals("last_time", MetricLines.columnSegment("last($time)"));
        assertEquals("sum_bytes_in", MetricLines.columnSegment("sum(bytes.in)"));
        assertEquals("percentile_latency_0_99", MetricLines.columnSegment("percentile(latency, 0.99)"));
        assertEquals("hostname", MetricLines.columnSegment("$hostname"));
        assertEquals("odd_name", MetricLines.columnSegment("`odd name`"));
        assertEquals("a_b", MetricLines.columnSegment("a__b"));
        assertEquals("x-y", MetricLines.columnSegment("x-y"));
        assertEquals("_", MetricLines.columnSegment("(*)"));
        assertEquals("_", MetricLines.columnSegment(""));
    }

    @Test
    void keySegmentsKeepEveryValueApart() {
        assertEquals("web01", MetricLines.keySegment(Optional.of("web01")));
        assertEquals("GET-x", MetricLines.keySegment(Optional.of("GET-x")));
        assertEquals("10_2E0_2E0_2E1", MetricLines.keySegment(Optional.of("10.0.0.1")));
        assertEquals("a_5Fb", MetricLines.keySegment(Optional.of("a_b")));
        assertEquals("caf_C3_A9", MetricLines.keySegment(Optional.of("café")));
        assertEquals("_", MetricLines.keySegment(Optional.of("")));
        assertEquals("__", MetricLines.keySegment(Optional.empty()));
        // values that the readable "anything else becomes _" would have merged into a_b, __ or _
        List<Optional<String>> alike = List.of(Optional.of("a.b"), Optional.of("a_b"), Optional.of("a b"),
                Optional.of("a/b"), Optional.of("a\u00e9b"), Optional.of("_"), Optional.of("__"), Optional.of("."),
                Optional.of(""), Optional.empty(), Optional.of("a_2Eb"), Optional.of("_5F"), Optional.of("5F"));
        Set<String> segments = new HashSet<>();
        for (Optional<String> value : alike) {
            String segment = MetricLines.keySegment(value);
            assertTrue(segments.add(segment), value + " shares " + segment);
            assertTrue(segment.matches("[A-Za-z0-9_-]+"), segment);
        }
    }

    @Test
    void groupsNotSelectedAndGroupsThatLookAlikeGetTheirOwnPaths() {
        // from REQUEST select count($line) group by method: the key is not a column at all
        List<List<Optional<String>>> keys = List.of(List.of(Optional.of("a.b")), List.of(Optional.of("a_b")),
                List.of(Optional.of("")), List.of(Optional.empty()));
        ResultTable t = new ResultTable(List.of("count($line)"),
                List.of(List.of(num("1")), List.of(num("2")), List.of(num("3")), List.of(num("4"))), T,
                new ResultTable.Grouping(List.of("method"), Set.of(), keys));
        assertEquals(List.of(
                "j.a_2Eb.count_line 1 " + TS + "\n",
                "j.a_5Fb.count_line 2 " + TS + "\n",
                "j._.count_line 3 " + TS + "\n",
                "j.__.count_line 4 " + TS + "\n"), new MetricLines(null, "j").lines(t));
    }

    @Test
    void aSelectedNumericColumnThatIsNoKeyIsAValue() {
        ResultTable t = GroupedTables.selectedKeys(List.of("$hostname", "$goroutines", "count(*)"), 1,
                List.of(List.of(Cell.text("h1"), num("42"), num("5"))), T);
        assertEquals(List.of("j.h1.goroutines 42 " + TS + "\n", "j.h1.count 5 " + TS + "\n"),
                new MetricLines(null, "j").lines(t));
    }

    @Test
    void columnsThatLookAlikeKeepSeparateSeries() {
        assertEquals(List.of("count_line", "count_line_2", "count", "count_line_2_4"),
                MetricLines.distinctColumnSegments(List.of("count($line)", "count(line)", "count(*)", "count(line_2)")));
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertEquals("597", MetricLines.number(597));
        assertEquals("0", MetricLines.number(-0.0));
        assertEquals("-3", MetricLines.number(-3));
        assertEquals("11.628141", MetricLines.number(11.628141));
        assertEquals("110316291", MetricLines.number(110316291.000000));
        assertEquals("1.0e-5", MetricLines.number(0.00001));
        assertEquals("1.0e20", MetricLines.number(1e20));
    }

    @Test
    void linesForAGroupedTable() {
        ResultTable t = GroupedTables.selectedKeys(
                List.of("$hostname", "method", "count($line)", "avg(latency)", "last($time)"), 2,
                List.of(
                        List.of(Cell.text("web01.example.org"), Cell.text("GET"), num("597"), num("11.628141"), Cell.text("1002-071949")),
                        List.of(Cell.text("db 1"), Cell.text(""), num("3"), num("0.5"), Cell.text("1002-072000"))),
                T);
        List<String> lines = new MetricLines("dtail.web01", "errors.hourly").lines(t);
        assertEquals(List.of(
                "dtail.web01.errors_hourly.web01_2Eexample_2Eorg.GET.count_line 597 " + TS + "\n",
                "dtail.web01.errors_hourly.web01_2Eexample_2Eorg.GET.avg_latency 11.628141 " + TS + "\n",
                "dtail.web01.errors_hourly.db_201._.count_line 3 " + TS + "\n",
                "dtail.web01.errors_hourly.db_201._.avg_latency 0.5 " + TS + "\n"), lines);
    }

    @Test
    void aNumericGroupValueIsStillAKey() {
        ResultTable t = GroupedTables.selectedKeys(List.of("status", "count(*)"), 1,
                List.of(List.of(num("200"), num("10")), List.of(num("404"), num("2"))), T);
        assertEquals(List.of("p.200.count 10 " + TS + "\n", "p.404.count 2 " + TS + "\n"),
                new MetricLines("p", null).lines(t));
    }

    @Test
    void noKeysNoPrefixNoJob() {
        ResultTable t = ResultTable.ungrouped(List.of("count($line)", "max(x)"),
                List.of(List.of(num("7"), new Cell("inf", Double.POSITIVE_INFINITY))), T);
        assertEquals(List.of("count_line 7 " + TS + "\n"), new MetricLines(null, " ").lines(t));
        assertEquals(List.of("a.b.count_line 7 " + TS + "\n"), new MetricLines(".a..b.", null).lines(t));
    }

    @Test
    void targetsParse() throws IOException {
        assertEquals(new GraphiteTarget("graphite.example.org", 2003), GraphiteTarget.parse("graphite.example.org"));
        assertEquals(new GraphiteTarget("127.0.0.1", 2103), GraphiteTarget.parse("127.0.0.1:2103"));
        assertEquals(new GraphiteTarget("::1", 2003), GraphiteTarget.parse("[::1]:2003"));
        assertEquals(new GraphiteTarget("::1", 2003), GraphiteTarget.parse("[::1]"));
        assertEquals(new GraphiteTarget("fe80::1", 2003), GraphiteTarget.parse("fe80::1"));
        assertEquals("[::1]:2004", GraphiteTarget.parse("[::1]:2004").toString());
        assertEquals("h:1", GraphiteTarget.parse(" h:1 ").toString());
        for (String bad : List.of("", " ", ":2003", "h:0", "h:65536", "h:x", "[::1", "[::1]2003", "[]:1")) {
            IOException e = assertThrows(IOException.class, () -> GraphiteTarget.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("graphite"), e.getMessage());
        }
    }
}
