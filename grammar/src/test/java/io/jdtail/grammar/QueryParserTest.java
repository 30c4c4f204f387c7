package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Assignment;
import io.jdtail.ast.BareField;
import io.jdtail.ast.ComparisonOperator;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.Interval;
import io.jdtail.ast.Keywords;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Ordering;
import io.jdtail.ast.Ordering.Direction;
import io.jdtail.ast.Outfile;
import io.jdtail.ast.Query;
import io.jdtail.ast.ScalarFunction;
import io.jdtail.ast.SelectItem;
import io.jdtail.ast.StringLiteral;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.antlr.v4.runtime.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    private final QueryParser parser = new QueryParser(Set.of("default", "generic", "generickv", "csv")::contains, TestAggregates.DTAIL);

    // ------------------------------------------------------------------ helpers building ASTs

    private static Field f(String name) {
        return new Field(name);
    }

    private static Aggregation agg(String fn, String field) {
        return new Aggregation(fn, f(field));
    }

    private static BareField bare(String field) {
        return new BareField(f(field));
    }

    private static Query query(List<SelectItem> select) {
        return new Query(select, Optional.empty(), List.of(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    private static Query withTable(Query q, String table) {
        return new Query(q.select(), Optional.of(table), q.where(), q.groupBy(), q.ordering(), q.assignments(),
                q.interval(), q.limit(), q.outfile(), q.logFormat());
    }

    // ------------------------------------------------------------------ the DTail queries

    @Test
    void dtailStatsQuery() {
        Query q = parser.parse("from STATS select count($line),last($time),avg($goroutines),"
                + "min(concurrentConnections),max(lifetimeConnections) group by $hostname");
        Query expected = new Query(
                List.of(agg("count", "$line"), agg("last", "$time"),
                        agg("avg", "$goroutines"), agg("min", "concurrentConnections"),
                        agg("max", "lifetimeConnections")),
                Optional.of("STATS"), List.of(), List.of(f("$hostname")), Optional.empty(), List.of(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals(expected, q);
        assertEquals("count($line)", q.select().get(0).text());
    }

    @Test
    void dtailOrderedQuery() {
        Query q = parser.parse("from STATS select count($time),$time,max($goroutines),avg($goroutines),"
                + "min($goroutines) group by $time order by count($time)");
        List<SelectItem> select = List.of(agg("count", "$time"), bare("$time"),
                agg("max", "$goroutines"), agg("avg", "$goroutines"),
                agg("min", "$goroutines"));
        Query expected = new Query(select, Optional.of("STATS"), List.of(), List.of(f("$time")),
                Optional.of(new Ordering(agg("count", "$time"), false, Optional.empty())), List.of(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals(expected, q);
        assertTrue(q.ordering().orElseThrow().descending(), "order by sorts largest first");
    }

    @Test
    void dtailSetQuery() {
        Query q = parser.parse("select $hostname,$mask,$md5,$foo,$bar from STATS set $mask = maskdigits($time), "
                + "$md5 = md5sum($time), $foo = 42, $bar = \"baz\" group by $hostname");
        Query expected = new Query(
                List.of(bare("$hostname"), bare("$mask"), bare("$md5"), bare("$foo"), bare("$bar")),
                Optional.of("STATS"), List.of(), List.of(f("$hostname")), Optional.empty(),
                List.of(new Assignment(f("$mask"), new FunctionCall(ScalarFunction.MASKDIGITS, f("$time"))),
                        new Assignment(f("$md5"), new FunctionCall(ScalarFunction.MD5SUM, f("$time"))),
                        new Assignment(f("$foo"), new NumberLiteral("42")),
                        new Assignment(f("$bar"), new StringLiteral("baz"))),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals(expected, q);
    }

    @Test
    void dtailRequestQuery() {
        Query q = parser.parse("select count(*) from REQUEST where status >= 500 group by path interval 60s");
        Query expected = new Query(List.of(new Aggregation("count", Field.STAR)),
                Optional.of("REQUEST"),
                List.of(new Condition(f("status"), ComparisonOperator.GE, new NumberLiteral("500"))),
                List.of(f("path")), Optional.empty(), List.of(), Optional.of(new Interval(Duration.ofSeconds(60))),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertEquals(expected, q);
    }

    @Test
    void everyClause() {
        Query q = parser.parse("select count(*), avg(latency) from REQ where method eq \"GET\", latency > 0.5 "
                + "group by path, method rorder by avg(latency) desc set $p = maskdigits(path) interval 500ms "
                + "limit 10 outfile append \"/tmp/out.csv\" logformat generickv");
        Query expected = new Query(
                List.of(new Aggregation("count", Field.STAR), agg("avg", "latency")),
                Optional.of("REQ"),
                List.of(new Condition(f("method"), ComparisonOperator.EQ, new StringLiteral("GET")),
                        new Condition(f("latency"), ComparisonOperator.GT, new NumberLiteral("0.5"))),
                List.of(f("path"), f("method")),
                Optional.of(new Ordering(agg("avg", "latency"), true, Optional.of(Direction.DESC))),
                List.of(new Assignment(f("$p"), new FunctionCall(ScalarFunction.MASKDIGITS, f("path")))),
                Optional.of(new Interval(Duration.ofMillis(500))), OptionalInt.of(10),
                Optional.of(new Outfile("/tmp/out.csv", true)), Optional.of("generickv"));
        assertEquals(expected, q);
        assertTrue(q.ordering().orElseThrow().descending(), "explicit desc wins over rorder");
    }

    @Test
    void clausesInAnyOrder() {
        Query canonical = parser.parse("select count(*) from STATS where a == 1 group by b limit 3");
        assertEquals(canonical, parser.parse("limit 3 group by b where a == 1 from STATS select count(*)"));
        assertEquals(canonical, parser.parse("from STATS limit 3 select count(*) group by b where a == 1"));
    }

    // ------------------------------------------------------------------ lexical details

    @Test
    void keywordsAndAggregationsAreCaseInsensitive() {
        Query lower = parser.parse("select count($line), max(x) from STATS where a contains \"b\" group by c "
                + "order by count($line) asc interval 5 limit 1 outfile append \"o\" logformat csv");
        Query mixed = parser.parse("SELECT Count($line), MAX(x) FROM STATS WHERE a CoNtAiNs \"b\" GROUP BY c "
                + "ORDER BY COUNT($line) ASC INTERVAL 5 LIMIT 1 OUTFILE APPEND \"o\" LOGFORMAT csv");
        assertEquals(lower, mixed);
    }

    @Test
    void fieldCaseIsKept() {
        assertEquals(query(List.of(bare("Status"), bare("$Time"))), parser.parse("select Status, $Time"));
    }

    @Test
    void backtickedNames() {
        Query q = parser.parse("select `count($time)`, `a``b`, `select`, `with space`, `$v` order by `count($time)`");
        assertEquals(List.of(bare("count($time)"), bare("a`b"), bare("select"), bare("with space"), bare("$v")),
                q.select());
        assertEquals(bare("count($time)"), q.ordering().orElseThrow().key());
        assertTrue(q.select().get(4).field().isVariable());
    }

    @Test
    void backtickedOrderKeyMayNameAnAggregation() {
        Query q = parser.parse("select count($time) order by `count($time)`");
        assertEquals(agg("count", "$time"), q.ordering().orElseThrow().key());
    }

    @Test
    void barewordCharacters() {
        Query q = parser.parse("select a.b-c_d, _x, $x.y-z, *");
        assertEquals(List.of(bare("a.b-c_d"), bare("_x"), bare("$x.y-z"), bare("*")), q.select());
    }

    @Test
    void aggregationNamesAreNotReserved() {
        assertEquals(query(List.of(bare("count"), bare("md5sum"))), parser.parse("select count, md5sum"));
    }

    @Test
    void stringEscapes() {
        Query q = parser.parse("select x where a eq \"q\\\" b\\\\ n\\n t\\t r\\r\"");
        assertEquals(new StringLiteral("q\" b\\ n\n t\t r\r"), q.where().get(0).right());
    }

    @Test
    void numbers() {
        Query q = parser.parse("select x where a > -1.25, b < 7, -3 != c");
        assertEquals(new NumberLiteral("-1.25"), q.where().get(0).right());
        assertEquals(-1.25, ((NumberLiteral) q.where().get(0).right()).value());
        assertEquals(new NumberLiteral("7"), q.where().get(1).right());
        assertEquals(new NumberLiteral("-3"), q.where().get(2).left());
    }

    @Test
    void tableMayBeQuoted() {
        Query plain = query(List.of(bare("x")));
        assertEquals(withTable(plain, "STATS"), parser.parse("select x from STATS"));
        assertEquals(withTable(plain, "my table"), parser.parse("select x from `my table`"));
        assertEquals(withTable(plain, "my table"), parser.parse("select x from \"my table\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ==          | EQ_NUM
            !=          | NE_NUM
            <           | LT
            <=          | LE
            =<          | LE
            >           | GT
            >=          | GE
            =>          | GE
            eq          | EQ
            ne          | NE
            contains    | CONTAINS
            ncontains   | NCONTAINS
            lacks       | NCONTAINS
            hasprefix   | HASPREFIX
            nhasprefix  | NHASPREFIX
            hassuffix   | HASSUFFIX
            nhassuffix  | NHASSUFFIX
            EQ          | EQ
            Lacks       | NCONTAINS
            HasPrefix   | HASPREFIX
            """)
    void everyOperator(String written, ComparisonOperator expected) {
        Query q = parser.parse("select x where a " + written + " \"v\"");
        assertEquals(List.of(new Condition(f("a"), expected, new StringLiteral("v"))), q.where());
        // Operators need no surrounding spaces where the lexer can tell them apart.
        if (!Character.isLetter(written.charAt(0))) {
            assertEquals(q.where(), parser.parse("select x where a" + written + "\"v\"").where());
        }
    }

    @ParameterizedTest(name = "interval {0}")
    @CsvSource(delimiter = '|', textBlock = """
            5      | 5000
            60s    | 60000
            500ms  | 500
            5m     | 300000
            1h     | 3600000
            1.5    | 1500
            0.25s  | 250
            2.5m   | 150000
            5MS    | 5
            2H     | 7200000
            24h    | 86400000
            86400  | 86400000
            """)
    void intervalUnits(String written, long millis) {
        assertEquals(Optional.of(new Interval(Duration.ofMillis(millis))),
                parser.parse("select x interval " + written).interval());
    }

    @Test
    void limitAndOutfile() {
        Query q = parser.parse("select x limit 0 outfile \"/var/tmp/r.csv\"");
        assertEquals(OptionalInt.of(0), q.limit());
        assertEquals(Optional.of(new Outfile("/var/tmp/r.csv", false)), q.outfile());
        assertEquals(Optional.of(new Outfile("a b.csv", true)),
                parser.parse("select x outfile append \"a b.csv\"").outfile());
        assertEquals(OptionalInt.of(Integer.MAX_VALUE), parser.parse("select x limit 2147483647").limit());
    }

    @Test
    void logformatIsCheckedWithThePredicate() {
        assertEquals(Optional.of("csv"), parser.parse("select x logformat csv").logFormat());
        assertEquals(Optional.of("generickv"), parser.parse("select x logformat `generickv`").logFormat());
        assertEquals(Optional.of("default"), parser.parse("select x logformat \"default\"").logFormat());
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select x logformat mine"));
        assertEquals("unknown log format 'mine'", e.reason());
        assertEquals(Optional.of("mine"), new QueryParser(TestAggregates.DTAIL).parse("select x logformat mine").logFormat());
    }

    @Test
    void orderDirections() {
        Ordering order = parser.parse("select a order by a").ordering().orElseThrow();
        assertEquals(new Ordering(bare("a"), false, Optional.empty()), order);
        assertTrue(order.descending());
        Ordering rorder = parser.parse("select a rorder by a").ordering().orElseThrow();
        assertEquals(new Ordering(bare("a"), true, Optional.empty()), rorder);
        assertTrue(!rorder.descending());
        assertEquals(new Ordering(bare("a"), false, Optional.of(Direction.ASC)),
                parser.parse("select a order by a asc").ordering().orElseThrow());
        assertEquals(new Ordering(bare("a"), true, Optional.of(Direction.DESC)),
                parser.parse("select a rorder by a DESC").ordering().orElseThrow());
    }

    @Test
    void setExpressions() {
        Query q = parser.parse("select $a set $a = \"s\", $b = -4.5, $c = field, $d = $line, $e = MD5SUM(x), "
                + "$f = `odd name`");
        assertEquals(List.of(new Assignment(f("$a"), new StringLiteral("s")),
                new Assignment(f("$b"), new NumberLiteral("-4.5")),
                new Assignment(f("$c"), f("field")),
                new Assignment(f("$d"), f("$line")),
                new Assignment(f("$e"), new FunctionCall(ScalarFunction.MD5SUM, f("x"))),
                new Assignment(f("$f"), f("odd name"))), q.assignments());
    }

    @Test
    void dtailCompatibility() {
        // DTail accepted "and" between conditions, "group"/"order" without "by", =< and =>, and a trailing ';'.
        Query q = parser.parse("select count(s3), g1 from table where w1 == 2 and w2 eq \"free beer\", w3 => 1 "
                + "group g1, g2 order count(s3) interval 10 limit 23;");
        assertEquals(List.of(new Condition(f("w1"), ComparisonOperator.EQ_NUM, new NumberLiteral("2")),
                new Condition(f("w2"), ComparisonOperator.EQ, new StringLiteral("free beer")),
                new Condition(f("w3"), ComparisonOperator.GE, new NumberLiteral("1"))), q.where());
        assertEquals(List.of(f("g1"), f("g2")), q.groupBy());
        assertEquals(agg("count", "s3"), q.ordering().orElseThrow().key());
        assertEquals(Optional.of(new Interval(Duration.ofSeconds(10))), q.interval());
        assertEquals(OptionalInt.of(23), q.limit());
    }

    // ------------------------------------------------------------------ DTail forms with a canonical spelling

    /** DTail's own parser test (internal/mapr/query_test.go): every ok query parses, every error query fails. */
    @Test
    void dtailParserTestQueries() {
        String base = "select foo from bar where baz < 100 bay eq 12 group by foo, bar, baz ";
        List<String> ok = List.of("select foo from bar",
                "select foo from bar where",
                "select foo from bar where baz < 100 bay eq 12",
                "select foo from bar where baz < 100, bay eq 12",
                "select foo from bar where baz < 100 and bay eq 12",
                base + "order by foo",
                base + "order by foo limit 23",
                base + "order by foo limit 23 outfile \"result.csv\"",
                base + "order by foo limit 23 outfile \"result.csv\" set $foo = maskdigits(bar), $baz = 12, $bay = $foo;");
        for (String text : ok) {
            parser.parse(text);
        }
        List<String> errors = List.of("select", "select foo from", "select foo from bar where baz",
                "select foo from bar where baz <", "select foo from bar where baz < 100 bay eq 12 group",
                "select foo from bar where baz < 100 bay eq 12 group by foo order by", base + "order by foo limit",
                base + "order by foo limit set foo = bar;");
        for (String text : errors) {
            assertThrows(ParsingException.class, () -> parser.parse(text), text);
        }
    }

    @Test
    void whereConditionsSeparatedByWhitespace() {
        Query commas = parser.parse("select foo from bar where baz < 100, bay eq 12");
        assertEquals(List.of(new Condition(f("baz"), ComparisonOperator.LT, new NumberLiteral("100")),
                new Condition(f("bay"), ComparisonOperator.EQ, new NumberLiteral("12"))), commas.where());
        assertEquals(commas, parser.parse("select foo from bar where baz < 100 bay eq 12"));
        assertEquals(commas, parser.parse("select foo from bar where baz < 100 and bay eq 12"));
        assertEquals(commas, parser.parse("select foo from bar where baz<100\n  bay eq 12"));
        assertEquals("select foo from bar where baz < 100, bay eq 12", QueryFormatter.format(
                parser.parse("select foo from bar where baz < 100 bay eq 12")));
        // All three separators mixed; every kind of operand starts a condition.
        Query mixed = parser.parse("select x where a == 1 $b != -2.5 and `c d` contains \"e\", \"f\" eq g "
                + "-3 < h * ne i group by x");
        assertEquals(List.of(new Condition(f("a"), ComparisonOperator.EQ_NUM, new NumberLiteral("1")),
                new Condition(f("$b"), ComparisonOperator.NE_NUM, new NumberLiteral("-2.5")),
                new Condition(f("c d"), ComparisonOperator.CONTAINS, new StringLiteral("e")),
                new Condition(new StringLiteral("f"), ComparisonOperator.EQ, f("g")),
                new Condition(new NumberLiteral("-3"), ComparisonOperator.LT, f("h")),
                new Condition(Field.STAR, ComparisonOperator.NE, f("i"))), mixed.where());
        assertEquals(List.of(f("x")), mixed.groupBy());
        assertEquals(mixed, parser.parse(QueryFormatter.format(mixed)));
    }

    /** DTail reads a comma as whitespace: its users' queries may have commas that repeat or trail. */
    @Test
    void commasMayRepeatAndTrailAsInDtail() {
        Query canonical = parser.parse("select count($line), avg(x) from STATS where a == 1, b eq 2 group by $hostname, y "
                + "set $v = 1, $w = 2");
        assertEquals(canonical, parser.parse("select count($line),, avg(x), from STATS where a == 1,, b eq 2, "
                + "group by $hostname,,y, set $v = 1,,$w = 2,"));
        assertEquals(canonical, parser.parse("set $v = 1 ,$w = 2 , group by $hostname , y , where a == 1 and b eq 2 , "
                + "from STATS select count($line) , avg(x) ,"));
        assertEquals(QueryFormatter.format(canonical), QueryFormatter.format(parser.parse("select count($line), avg(x),,, "
                + "from STATS where a == 1 b eq 2,,, group by $hostname, y,, set $v = 1, $w = 2,;")));
        // one comma between items is still needed: a misspelt keyword is an error, not another field
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select x, form STATS"));
        assertEquals(1, e.line());
        assertEquals(16, e.column());
    }

    @Test
    void emptyWhereClause() {
        Query none = parser.parse("select foo from bar");
        assertEquals(none, parser.parse("select foo from bar where"));
        assertEquals(none, parser.parse("select foo from bar WHERE;"));
        assertEquals(none, parser.parse("select foo where from bar"));
        assertEquals(none, parser.parse("where select foo from bar"));
        assertEquals(withGroup(none), parser.parse("select foo from bar where group by foo"));
        assertEquals(withGroup(none), parser.parse("select foo from bar where\ngroup foo"));
        assertEquals("select foo from bar", QueryFormatter.format(parser.parse("select foo from bar where")));
        // Still at most one where clause, even an empty one.
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select x where where a == 1"));
        assertEquals("duplicate 'where' clause: 'where' is already given at line 1:10", e.reason());
    }

    private static Query withGroup(Query q) {
        return new Query(q.select(), q.table(), q.where(), List.of(f("foo")), q.ordering(), q.assignments(),
                q.interval(), q.limit(), q.outfile(), q.logFormat());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            outfile dmap.csv.tmp                | dmap.csv.tmp          | false
            outfile /tmp/x/result.csv           | /tmp/x/result.csv     | false
            outfile append out.csv              | out.csv               | true
            OUTFILE APPEND out.csv              | out.csv               | true
            outfile ./rel/path-1_2.csv          | ./rel/path-1_2.csv    | false
            outfile ~/r\\\\e$s(1),*=x.csv       | ~/r\\\\e$s(1),*=x.csv | false
            outfile 2024-01-01.csv              | 2024-01-01.csv        | false
            outfile 500ms                       | 500ms                 | false
            outfile $x.csv                      | $x.csv                | false
            outfile append.csv                  | append.csv            | false
            outfile limits                      | limits                | false
            outfile a;b.csv                     | a;b.csv               | false
            outfile out.csv;                    | out.csv               | false
            outfile \u00e9\uD83D\uDE00.csv       | \u00e9\uD83D\uDE00.csv | false
            outfile\\tappend\\n/var/out.csv      | /var/out.csv          | true
            """)
    void bareOutfilePaths(String clause, String path, boolean append) {
        String text = "select x " + unescape(clause);
        Query q = parser.parse(text);
        Outfile expected = new Outfile(unescape(path), append);
        assertEquals(Optional.of(expected), q.outfile(), text);
        // Same AST as the quoted (canonical) form, which is what the formatter writes.
        String quoted = "select x outfile " + (append ? "append " : "") + new StringLiteral(expected.path()).text();
        assertEquals(parser.parse(quoted), q);
        assertEquals(quoted, QueryFormatter.format(q));
    }

    /** The CSV source above writes a tab, a line break and a backslash as \\t, \\n and \\\\. */
    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\");
    }

    @Test
    void dtailDmapIntegrationQueries() {
        // DTail's integrationtests/dmap_test.go and dmap4.csv.query.expected.
        Query q = parser.parse("from STATS select count($line),last($time),avg($goroutines),min(concurrentConnections),"
                + "max(lifetimeConnections) group by $hostname outfile dmap.csv.tmp");
        assertEquals(Optional.of(new Outfile("dmap.csv.tmp", false)), q.outfile());
        assertEquals(List.of(f("$hostname")), q.groupBy());
        Query q4 = parser.parse("from STATS select count($time),$time,max($goroutines),avg($goroutines),"
                + "min($goroutines) group by $time order by count($time) outfile append dmap4.csv.tmp");
        assertEquals(Optional.of(new Outfile("dmap4.csv.tmp", true)), q4.outfile());
        assertEquals(agg("count", "$time"), q4.ordering().orElseThrow().key());
    }

    @Test
    void bareOutfilePathLeavesTheRestOfTheQueryAlone() {
        // After the path the lexer is back to normal: numbers, dotted/dashed names, $variables, durations.
        Query bare = parser.parse("select x outfile /tmp/a.csv where $y.z-1 > -1.5, a.b-c eq \"s\" interval 500ms "
                + "limit 7 group by a.b-c logformat csv");
        Query quoted = parser.parse("select x outfile \"/tmp/a.csv\" where $y.z-1 > -1.5, a.b-c eq \"s\" "
                + "interval 500ms limit 7 group by a.b-c logformat csv");
        assertEquals(quoted, bare);
        assertEquals(List.of(new Condition(f("$y.z-1"), ComparisonOperator.GT, new NumberLiteral("-1.5")),
                new Condition(f("a.b-c"), ComparisonOperator.EQ, new StringLiteral("s"))), bare.where());
        assertEquals(Optional.of(new Interval(Duration.ofMillis(500))), bare.interval());
        assertEquals(OptionalInt.of(7), bare.limit());
        // A reserved word is never a bare path: quote it.
        assertEquals(Optional.of(new Outfile("limit", false)), parser.parse("select x outfile \"limit\"").outfile());
        assertEquals(Optional.of(new Outfile("append", true)),
                parser.parse("select x outfile append \"append\"").outfile());
        assertThrows(ParsingException.class, () -> parser.parse("select x outfile limit"));
        assertThrows(ParsingException.class, () -> parser.parse("select x outfile desc"));
        // Spaces end a bare path: the rest must be a clause.
        assertThrows(ParsingException.class, () -> parser.parse("select x outfile my results.csv"));
        assertEquals(Optional.of(new Outfile("my results.csv", false)),
                parser.parse("select x outfile \"my results.csv\"").outfile());
    }

    @Test
    void whitespaceAndNewlines() {
        Query oneLine = parser.parse("select count(*) from STATS where a == 1 group by b");
        assertEquals(oneLine, parser.parse("\n  select\tcount( * )\r\n from STATS\n\twhere a==1\n group  by b\n"));
    }

    @Test
    void keywordsAreNotFieldNames() {
        assertThrows(ParsingException.class, () -> parser.parse("select from"));
        assertThrows(ParsingException.class, () -> parser.parse("select x group by limit"));
        assertEquals(List.of(bare("limit")), parser.parse("select `limit`").select());
    }

    /** {@link Keywords} (used by the formatter to decide on backticks) must match the lexer. */
    @Test
    void keywordsMatchTheLexer() {
        Vocabulary v = QueryLanguageLexer.VOCABULARY;
        Set<String> lexerWords = new TreeSet<>();
        for (int t = 1; t <= v.getMaxTokenType(); t++) {
            String literal = v.getLiteralName(t);
            if (literal != null && literal.matches("'[a-z]+'")) {
                lexerWords.add(literal.substring(1, literal.length() - 1));
            }
        }
        assertEquals(new TreeSet<>(Keywords.all()), lexerWords);
    }

    // ------------------------------------------------------------------ facade behaviour

    @Test
    void cachedResultsAreEqualAndErrorsRepeat() {
        String text = "select count(*) from STATS";
        assertEquals(parser.parse(text), parser.parse(text));
        ParsingException first = assertThrows(ParsingException.class, () -> parser.parse("select median(x)"));
        ParsingException second = assertThrows(ParsingException.class, () -> parser.parse("select median(x)"));
        assertNotSame(first, second);
        assertEquals(first.describe(), second.describe());
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedTextsUpToItsBound() {
        QueryParser fresh = new QueryParser(TestAggregates.DTAIL);
        Query first = fresh.parse("select count(f0)");
        for (int i = 1; i <= 1100; i++) {
            fresh.parse("select count(f" + i + ")");
            if (i % 100 == 0) {
                assertSame(first, fresh.parse("select count(f0)"), "the text used again is kept");
            }
        }
        assertEquals(1024, fresh.cachedTexts());
        assertSame(first, fresh.parse("select count(f0)"));
        Query dropped = fresh.parse("select count(f1)");
        assertEquals(1024, fresh.cachedTexts());
        assertSame(dropped, fresh.parse("select count(f1)"), "parsed again and kept");
    }

    @Test
    void sizeLimit() {
        StringBuilder big = new StringBuilder("select x where ");
        while (big.length() < QueryParser.MAX_QUERY_BYTES - 40) {
            big.append("a == 1, ");
        }
        big.append("b == 2");
        assertEquals(Optional.empty(), parser.parse(big.toString()).table());
        big.append(", c == 3".repeat(10));
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse(big.toString()));
        assertTrue(e.reason().startsWith("query too long: "), e.reason());
        assertEquals(1, e.line());
        // Multi-byte characters count as bytes.
        String wide = "select `" + "\u00e9".repeat(QueryParser.MAX_QUERY_BYTES / 2) + "`";
        assertThrows(ParsingException.class, () -> parser.parse(wide));
    }

    @Test
    void threadSafe() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("select count(f" + i + "), $x from T" + (i % 7) + " where a" + i + " > " + i + " limit " + i);
            texts.add("select median(f" + i + ")");
        }
        QueryParser shared = new QueryParser(TestAggregates.DTAIL);
        QueryParser reference = new QueryParser(TestAggregates.DTAIL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String t : texts) {
                    results.add(pool.submit(() -> outcome(shared, t)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(outcome(reference, texts.get(i % texts.size())), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String outcome(QueryParser p, String text) {
        try {
            return p.parse(text).toString();
        } catch (ParsingException e) {
            return e.describe();
        }
    }
}
