package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad queries and the exact error a user sees: {@code describe()} is the message, the query line and
 * a caret under the offending column.
 */
class ParsingErrorTest {

    private static final String CLAUSE =
            "a clause (select, from, where, group by, order by, rorder by, set, interval, limit, outfile, logformat)";
    private static final String OPERATOR = "an operator (==, !=, <, <=, >, >=, eq, ne, contains, ncontains, lacks, "
            + "hasprefix, nhasprefix, hassuffix, nhassuffix)";

    private final QueryParser parser = new QueryParser(Set.of("default", "csv")::contains, TestAggregates.DTAIL);

    static Stream<Arguments> badQueries() {
        return Stream.of(
                // --- empty and missing select
                bad("", "query error at line 1:1: empty query\n\n^"),
                bad("   \n  ", "query error at line 1:1: empty query\n   \n^"),
                bad("from STATS where a == 1", """
                        query error at line 1:1: missing select clause, e.g. select count(*)
                        from STATS where a == 1
                        ^"""),
                bad("  from STATS", """
                        query error at line 1:3: missing select clause, e.g. select count(*)
                          from STATS
                          ^"""),
                // --- junk tokens
                bad("form STATS select count(*)", """
                        query error at line 1:1: unexpected 'form', expected %s
                        form STATS select count(*)
                        ^""".formatted(CLAUSE)),
                bad("select x form STATS", """
                        query error at line 1:10: unexpected 'form', expected ',' or %s
                        select x form STATS
                                 ^""".formatted(CLAUSE)),
                bad("select count(*) from STATS junk", """
                        query error at line 1:28: unexpected 'junk', expected %s
                        select count(*) from STATS junk
                                                   ^""".formatted(CLAUSE)),
                bad("select x; drop", """
                        query error at line 1:11: unexpected 'drop', expected end of query
                        select x; drop
                                  ^"""),
                bad("select x where a % 2", """
                        query error at line 1:18: unexpected '%%', expected %s
                        select x where a %% 2
                                         ^""".formatted(OPERATOR)),
                bad("select x where a = 2", """
                        query error at line 1:18: unexpected '=', expected %s
                        select x where a = 2
                                         ^""".formatted(OPERATOR)),
                // conditions may be separated by whitespace alone (DTail), so what follows one is
                // another condition, a separator or a clause
                bad("select x where a == 1 )", """
                        query error at line 1:23: unexpected ')', expected a condition, ',', 'and' or %s
                        select x where a == 1 )
                                              ^""".formatted(CLAUSE)),
                bad("select x where )", """
                        query error at line 1:16: unexpected ')', expected a condition or %s
                        select x where )
                                       ^""".formatted(CLAUSE)),
                // ... which makes a misspelt clause keyword the start of a condition
                bad("select x where a == 1 limt 5", """
                        query error at line 1:28: unexpected '5', expected %s
                        select x where a == 1 limt 5
                                                   ^""".formatted(OPERATOR)),
                bad("select x where a == 1 and", """
                        query error at line 1:26: unexpected end of query, expected a field, a string or a number
                        select x where a == 1 and
                                                 ^"""),
                bad("select x where x > 5abc", """
                        query error at line 1:20: unexpected '5abc', expected a field, a string or a number
                        select x where x > 5abc
                                           ^"""),
                // outfile: a reserved word is not a bare path, spaces end one
                bad("select x outfile limit 5", """
                        query error at line 1:18: unexpected 'limit', expected a file path or 'append'
                        select x outfile limit 5
                                         ^"""),
                bad("select x outfile append", """
                        query error at line 1:24: unexpected end of query, expected a file path
                        select x outfile append
                                               ^"""),
                bad("select x outfile APPEND append x.csv", """
                        query error at line 1:25: unexpected 'append', expected a file path
                        select x outfile APPEND append x.csv
                                                ^"""),
                bad("select x outfile my results.csv", """
                        query error at line 1:21: unexpected 'results.csv', expected %s
                        select x outfile my results.csv
                                            ^""".formatted(CLAUSE)),
                bad("select x outfile `x.csv`", """
                        query error at line 1:18: unexpected '`x.csv`', expected a file path or 'append'
                        select x outfile `x.csv`
                                         ^"""),
                bad("select x outfile ;", """
                        query error at line 1:18: unexpected ';', expected a file path or 'append'
                        select x outfile ;
                                         ^"""),
                bad("select x outfile out.csv;;", """
                        query error at line 1:26: unexpected ';', expected end of query
                        select x outfile out.csv;;
                                                 ^"""),
                bad("select x outfile", """
                        query error at line 1:17: unexpected end of query, expected a file path or 'append'
                        select x outfile
                                        ^"""),
                bad("select x limit 5s", """
                        query error at line 1:16: unexpected '5s', expected a number
                        select x limit 5s
                                       ^"""),
                bad("select x interval", """
                        query error at line 1:18: unexpected end of query, expected a duration (e.g. 5, 500ms, 60s, 5m, 1h)
                        select x interval
                                         ^"""),
                // --- keywords are not bare field names
                bad("select from", """
                        query error at line 1:8: unexpected 'from', expected a field or aggregation
                        select from
                               ^"""),
                bad("select x group by limit", """
                        query error at line 1:19: unexpected 'limit', expected a field
                        select x group by limit
                                          ^"""),
                // --- incomplete queries: the caret goes right after the last token
                bad("select", """
                        query error at line 1:7: unexpected end of query, expected a field or aggregation
                        select
                              ^"""),
                // commas may repeat and trail (DTail reads them as whitespace), but a list starts with an item
                bad("select , x", """
                        query error at line 1:8: unexpected ',', expected a field or aggregation
                        select , x
                               ^"""),
                bad("select count(x", """
                        query error at line 1:15: unexpected end of query, expected ',' or ')'
                        select count(x
                                      ^"""),
                bad("select count(", """
                        query error at line 1:14: unexpected end of query, expected a field, a string, a number or ')'
                        select count(
                                     ^"""),
                bad("select x from", """
                        query error at line 1:14: unexpected end of query, expected a table name
                        select x from
                                     ^"""),
                bad("select x where a", """
                        query error at line 1:17: unexpected end of query, expected %s
                        select x where a
                                        ^""".formatted(OPERATOR)),
                bad("select x set $a =", """
                        query error at line 1:18: unexpected end of query, expected a field or function, a string or a number
                        select x set $a =
                                         ^"""),
                bad("select x set", """
                        query error at line 1:13: unexpected end of query, expected a $variable
                        select x set
                                    ^"""),
                bad("select x logformat", """
                        query error at line 1:19: unexpected end of query, expected a log format name
                        select x logformat
                                          ^"""),
                // --- multi-line: only the offending line is shown
                bad("select count(*)\nfrom STATS\nwhere status ==\n", """
                        query error at line 3:16: unexpected end of query, expected a field, a string or a number
                        where status ==
                                       ^"""),
                bad("select x\r\nfrom STATS\r\nlimit -1\r\n", """
                        query error at line 3:7: limit must be a whole number from 0 to 2147483647, got '-1'
                        limit -1
                              ^"""),
                // tabs before the column are kept so the caret lines up
                bad("select x\n\twhere\t== 1", "query error at line 2:8: unexpected '==', expected a condition or " + CLAUSE
                        + "\n\twhere\t== 1\n\t     \t^"),
                // --- unterminated quotes
                bad("select x outfile append \"a.csv", """
                        query error at line 1:25: unterminated string, missing the closing '"'
                        select x outfile append "a.csv
                                                ^"""),
                bad("select x where a == \"abc", """
                        query error at line 1:21: unterminated string, missing the closing '"'
                        select x where a == "abc
                                            ^"""),
                // --- single quotes: DTail users write them, DTail read 'abc' as a field name
                bad("select x where status == 'abc'", """
                        query error at line 1:26: strings use double quotes: "abc", not 'abc'
                        select x where status == 'abc'
                                                 ^"""),
                bad("select x where\n  path eq 'it\"s \\ here'", """
                        query error at line 2:11: strings use double quotes: "it\\"s \\\\ here", not 'it"s \\ here'
                          path eq 'it"s \\ here'
                                  ^"""),
                bad("select x where a == 'abc, b", """
                        query error at line 1:21: strings use double quotes ("..."), not single quotes
                        select x where a == 'abc, b
                                            ^"""),
                bad("select `abc, x", """
                        query error at line 1:8: unterminated backtick-quoted name, missing the closing '`'
                        select `abc, x
                               ^"""),
                bad("select x where a eq \"a\\qb\"", """
                        query error at line 1:23: unknown escape '\\q' in string, expected \\", \\\\, \\n, \\t or \\r
                        select x where a eq "a\\qb"
                                              ^"""),
                bad("select ``", """
                        query error at line 1:8: empty field name
                        select ``
                               ^"""),
                // --- duplicate clauses: the second one is reported
                bad("select x where where a == 1", """
                        query error at line 1:16: duplicate 'where' clause: 'where' is already given at line 1:10
                        select x where where a == 1
                                       ^"""),
                bad("select x from STATS where a == 1 from X", """
                        query error at line 1:34: duplicate 'from' clause: 'from' is already given at line 1:10
                        select x from STATS where a == 1 from X
                                                         ^"""),
                bad("select x order by x rorder by x", """
                        query error at line 1:21: duplicate 'rorder by' clause: 'order by' is already given at line 1:10
                        select x order by x rorder by x
                                            ^"""),
                bad("select a\nselect b", """
                        query error at line 2:1: duplicate 'select' clause: 'select' is already given at line 1:1
                        select b
                        ^"""),
                // --- order by must name a select item
                bad("select count($time), $time order by count($line)", """
                        query error at line 1:37: cannot order by 'count($line)', it is not in the select list (count($time), $time)
                        select count($time), $time order by count($line)
                                                            ^"""),
                bad("select a rorder by b desc", """
                        query error at line 1:20: cannot rorder by 'b', it is not in the select list (a)
                        select a rorder by b desc
                                           ^"""),
                // --- aggregations and functions
                bad("select count()", """
                        query error at line 1:8: count() needs an argument, e.g. count(*) or count($line)
                        select count()
                               ^"""),
                bad("select x, AVG( )", """
                        query error at line 1:11: avg() needs an argument, e.g. avg($goroutines)
                        select x, AVG( )
                                  ^"""),
                bad("select median(latency) from STATS", """
                        query error at line 1:8: unknown aggregation 'median', expected one of count, sum, min, max, avg, last, len
                        select median(latency) from STATS
                               ^"""),
                bad("select $h set $h = sha1($line)", """
                        query error at line 1:20: unknown function 'sha1', expected md5sum or maskdigits
                        select $h set $h = sha1($line)
                                           ^"""),
                bad("select $h set $h = md5sum()", """
                        query error at line 1:20: md5sum() needs an argument, e.g. md5sum($line)
                        select $h set $h = md5sum()
                                           ^"""),
                bad("select $h set h = 1", """
                        query error at line 1:15: set target must be a $variable, got 'h'
                        select $h set h = 1
                                      ^"""),
                // --- log format
                bad("select x logformat apache", """
                        query error at line 1:20: unknown log format 'apache'
                        select x logformat apache
                                           ^"""),
                // --- interval and limit
                bad("select x interval 0", """
                        query error at line 1:19: interval must be positive, got '0'
                        select x interval 0
                                          ^"""),
                bad("select x interval 0ms", """
                        query error at line 1:19: interval must be positive, got '0ms'
                        select x interval 0ms
                                          ^"""),
                bad("select x interval -5", """
                        query error at line 1:19: interval must be positive, got '-5'
                        select x interval -5
                                          ^"""),
                bad("select x interval 5x", """
                        query error at line 1:20: unknown interval unit 'x', expected ms, s, m or h
                        select x interval 5x
                                           ^"""),
                bad("select x interval 10min", """
                        query error at line 1:21: unknown interval unit 'min', expected ms, s, m or h
                        select x interval 10min
                                            ^"""),
                bad("select x interval 0.0001", """
                        query error at line 1:19: interval must be a whole number of milliseconds, got '0.0001'
                        select x interval 0.0001
                                          ^"""),
                bad("select x interval 2562048h", """
                        query error at line 1:19: interval too long, got '2562048h': at most 24h (for figures over longer periods, use a scheduled job)
                        select x interval 2562048h
                                          ^"""),
                bad("select x interval 86400001ms", """
                        query error at line 1:19: interval too long, got '86400001ms': at most 24h (for figures over longer periods, use a scheduled job)
                        select x interval 86400001ms
                                          ^"""),
                bad("select x limit 1.5", """
                        query error at line 1:16: limit must be a whole number from 0 to 2147483647, got '1.5'
                        select x limit 1.5
                                       ^"""),
                bad("select x limit 3000000000", """
                        query error at line 1:16: limit must be a whole number from 0 to 2147483647, got '3000000000'
                        select x limit 3000000000
                                       ^"""),
                bad("select x outfile \"\"", """
                        query error at line 1:18: empty outfile path
                        select x outfile ""
                                         ^"""),
                // --- several semantic errors: the first in the text wins
                bad("select x logformat nope interval 0", """
                        query error at line 1:20: unknown log format 'nope'
                        select x logformat nope interval 0
                                           ^"""),
                bad("interval 0 select x logformat nope", """
                        query error at line 1:10: interval must be positive, got '0'
                        interval 0 select x logformat nope
                                 ^"""),
                bad("order by y select median(x)", """
                        query error at line 1:19: unknown aggregation 'median', expected one of count, sum, min, max, avg, last, len
                        order by y select median(x)
                                          ^"""));
    }

    private static Arguments bad(String query, String describe) {
        return Arguments.of(query, describe);
    }

    @ParameterizedTest
    @MethodSource("badQueries")
    void describesTheFirstError(String query, String expected) {
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse(query));
        assertEquals(expected, e.describe());
        // The parts agree with describe().
        String firstLine = expected.substring(0, expected.indexOf('\n'));
        assertEquals("query error at " + e.getMessage(), firstLine);
        assertEquals("line " + e.line() + ":" + e.column() + ": " + e.reason(), e.getMessage());
        assertEquals(query, e.query());
    }

    @Test
    void tooLongQuery() {
        String query = "select " + "x".repeat(QueryParser.MAX_QUERY_BYTES);
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse(query));
        assertEquals("line 1:1: query too long: 65543 bytes, at most 65536 are allowed", e.getMessage());
    }

    @Test
    void aSingleQuoteInsideAStringOrABacktickNameIsText() {
        assertEquals("select `it's` where a == \"it's\"",
                QueryFormatter.format(parser.parse("select `it's` where a == \"it's\"")));
    }

    @Test
    void columnsCountCodePoints() {
        // The emoji is one code point (two chars); ANTLR and the caret both count it once.
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select `\uD83D\uDE00` %"));
        assertEquals(1, e.line());
        assertEquals(12, e.column());
        assertEquals("select `\uD83D\uDE00` %\n           ^", e.describe().substring(e.describe().indexOf('\n') + 1));
    }
}
