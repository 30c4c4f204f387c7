package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Field;
import io.jdtail.ast.NumberLiteral;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Aggregations with several arguments: the AST keeps them, and every wrong call names the function and what it takes. */
class AggregateCallTest {

    private final QueryParser parser = new QueryParser(name -> true, TestAggregates.WITH_PERCENTILE);

    @Test
    void callKeepsItsArgumentsInOrder() {
        Aggregation call = (Aggregation) parser.parse("select PERCENTILE(latency, 99.9) group by path").select().getFirst();
        assertEquals(new Aggregation("percentile", List.of(new Field("latency"), new NumberLiteral("99.9"))), call);
        assertEquals(new Field("latency"), call.field());
        assertEquals(List.of(new NumberLiteral("99.9")), call.parameters());
        assertEquals("percentile(latency, 99.9)", call.text());
    }

    @Test
    void anAliasStaysAsWrittenSoTheHeaderIsTheUsersText() {
        Aggregation call = (Aggregation) parser.parse("select pct(`odd name`, 50)").select().getFirst();
        assertEquals("pct(`odd name`, 50)", call.text());
        assertEquals(call, parser.parse(QueryFormatter.format(parser.parse("select pct(`odd name`, 50)"))).select().getFirst());
    }

    @Test
    void aStringWhereANumberIsExpectedIsRefusedByName() {
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select percentile(latency, \"99\")"));
        assertEquals("line 1:28: argument 2 of percentile() must be a number, got '\"99\"', e.g. percentile(latency, 99)",
                "line " + e.line() + ":" + e.column() + ": " + e.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select percentile(latency)          | 1:26 | percentile() takes 2 arguments (a field, a number), got 1, e.g. percentile(latency, 99)
            select percentile(latency, 9, 1)    | 1:31 | percentile() takes 2 arguments (a field, a number), got 3, e.g. percentile(latency, 99)
            select percentile()                 | 1:8  | percentile() needs 2 arguments, e.g. percentile(latency, 99)
            select percentile(99, latency)      | 1:19 | argument 1 of percentile() must be a field, got '99', e.g. percentile(latency, 99)
            select percentile(latency, x)       | 1:28 | argument 2 of percentile() must be a number, got 'x', e.g. percentile(latency, 99)
            select percentile(latency, 0)       | 1:8  | percentile(): the percent must be in (0, 100], got 0, e.g. percentile(latency, 99)
            select sum(a, b)                    | 1:15 | sum() takes 1 argument (a field), got 2, e.g. sum($goroutines)
            select count(1)                     | 1:14 | argument 1 of count() must be a field, got '1', e.g. count(*) or count($line)
            select x set $h = md5sum($line, 2)  | 1:33 | md5sum() takes one field, e.g. md5sum($line)
            select x set $h = maskdigits("a")   | 1:30 | maskdigits() takes one field, e.g. maskdigits($line)
            """)
    void wrongCallsNameTheFunctionAndWhatItTakes(String query, String position, String reason) {
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse(query.strip()));
        assertEquals(position + " " + reason, e.line() + ":" + e.column() + " " + e.reason());
    }

    @Test
    void unknownAggregationListsTheCatalogsNames() {
        ParsingException e = assertThrows(ParsingException.class, () -> parser.parse("select median(x, 50)"));
        assertEquals("unknown aggregation 'median', expected one of count, sum, min, max, avg, last, len, percentile", e.reason());
    }
}
