package io.jdtail.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.ast.Argument;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.grammar.ParsingException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the planner makes of a request: a table of query → plan facts, then the non-query plans and the errors. */
class PlannerTest {

    /** {@code from TABLE} without {@code logformat} reads the test format, as a server configured so would. */
    private final Planner planner = new Planner(LogFormats.load(),
            new PlannerSettings("testkv", 1 << 20, Duration.ofSeconds(5)));

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("select g, count(*) logformat testkv",
                        "format=testkv table=- columns=[g:last(g), count(*):count(*)] group=[g] keyColumns=[0] "
                                + "where=0 set=0 interval=PT5S order=- limit=-"),
                Arguments.of("from STATS select count($line), last($time), avg($goroutines) group by $hostname",
                        "format=testkv table=STATS columns=[count($line):count($line), last($time):last($time), "
                                + "avg($goroutines):avg($goroutines)] group=[$hostname] keyColumns=[] "
                                + "where=0 set=0 interval=PT5S order=- limit=-"),
                Arguments.of("select count(*), g, sum(v), g group by g order by sum(v) limit 3 interval 500ms logformat testkv",
                        "format=testkv table=- columns=[count(*):count(*), g:last(g), sum(v):sum(v), g:last(g)] "
                                + "group=[g] keyColumns=[1, 3] where=0 set=0 interval=PT0.5S order=2 desc limit=3"),
                Arguments.of("select count(g), last(g), max(v) group by g rorder by max(v) logformat testkv",
                        "format=testkv table=- columns=[count(g):count(g), last(g):last(g), max(v):max(v)] group=[g] "
                                + "keyColumns=[] where=0 set=0 interval=PT5S order=2 asc limit=-"),
                Arguments.of("select $m, min(v), len(t) where v > 1, t contains \"x\" group by $m, h "
                                + "set $m = maskdigits(t) order by min(v) asc interval 2m logformat testkv",
                        "format=testkv table=- columns=[$m:last($m), min(v):min(v), len(t):len(t)] group=[$m, h] "
                                + "keyColumns=[0] where=2 set=1 interval=PT2M order=1 asc limit=-"),
                Arguments.of("SELECT COUNT( * ), `odd name` GROUP BY `odd name` LOGFORMAT testkv",
                        "format=testkv table=- columns=[count(*):count(*), `odd name`:last(odd name)] group=[odd name] "
                                + "keyColumns=[1] where=0 set=0 interval=PT5S order=- limit=-"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void queryPlansTo(String query, String facts) {
        assertThat(facts(planner.planQuery(List.of("/var/log/x.log"), query))).isEqualTo(facts);
    }

    /** Header:aggregate(field read) per column, the group-by fields, which columns only show a key, and the rest. */
    private static String facts(Plan plan) {
        AggregationNode a = plan.server().aggregation().orElseThrow();
        ResultNode r = plan.client().result().orElseThrow();
        assertThat(r.headers()).isEqualTo(a.columns().stream().map(AggregationNode.Column::header).toList());
        assertThat(r.kinds()).isEqualTo(a.kinds());
        String columns = a.columns().stream()
                .map(c -> c.header() + ":" + c.call().aggregate().name() + "(" + Stream.concat(
                        Stream.of(a.layout().name(c.slot())), c.call().parameters().stream().map(Argument::text))
                        .collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
        List<String> groupSlotNames = java.util.Arrays.stream(a.groupSlots()).mapToObj(a.layout()::name).toList();
        assertThat(groupSlotNames).isEqualTo(r.groupFields());
        return "format=" + a.format().name() + " table=" + a.table().orElse("-")
                + " columns=" + columns
                + " group=" + r.groupFields()
                + " keyColumns=" + r.keyColumns().stream().sorted().toList()
                + " where=" + a.conditions().size() + " set=" + a.assignments().size()
                + " interval=" + a.interval()
                + " order=" + r.orderColumn().map(o -> o.index() + (o.descending() ? " desc" : " asc")).orElse("-")
                + " limit=" + (r.limit().isPresent() ? Integer.toString(r.limit().getAsInt()) : "-");
    }

    @Test
    void catGrepAndTailArePlansWithoutAggregation() {
        Plan cat = planner.plan(new PlanRequest(PlanRequest.Mode.CAT, List.of("/a"), ".", false, 0, 0, 0, Optional.empty()));
        assertThat(cat.server().filter()).isEmpty();
        assertThat(cat.server().aggregation()).isEmpty();
        assertThat(cat.client().result()).isEmpty();
        assertThat(cat.server().source().follow()).isFalse();

        Plan grep = planner.plan(new PlanRequest(PlanRequest.Mode.GREP, List.of("/a"), "ERR", true, 2, 3, 4, Optional.empty()));
        assertThat(grep.server().filter()).contains(new FilterNode("ERR", true));
        assertThat(grep.server().context()).isEqualTo(new ContextNode(2, 3, 4));

        // "." matches every line; inverted it matches none, so the filter stays
        Plan invertedAll = planner.plan(new PlanRequest(PlanRequest.Mode.GREP, List.of("/a"), ".", true, 0, 0, 0, Optional.empty()));
        assertThat(invertedAll.server().filter()).contains(new FilterNode(".", true));

        Plan tail = planner.plan(new PlanRequest(PlanRequest.Mode.TAIL, List.of("/a"), ".*", false, 0, 0, 0,
                Optional.of("select g, count(*) logformat testkv")));
        assertThat(tail.server().source().follow()).isTrue();
        assertThat(tail.server().source().maxLineLength()).isEqualTo(1 << 20);
        assertThat(tail.server().aggregation()).isPresent();
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // scaled_range is the engine tests' own plug-in (testing/ScaledRangeAggregate): the list is the registry's
                Arguments.of("select median(v) logformat testkv",
                        "line 1:8: unknown aggregation 'median', expected one of count, sum, min, max, avg, last, len, "
                                + "percentile, quantile, p50, p90, p95, p99, p999, count_distinct, scaled_range"),
                Arguments.of("select count() logformat testkv",
                        "line 1:8: count() needs an argument, e.g. count(*) or count($line)"),
                Arguments.of("select sum(a, b) logformat testkv",
                        "line 1:15: sum() takes 1 argument (a field), got 2, e.g. sum($goroutines)"),
                Arguments.of("select avg(99) logformat testkv",
                        "line 1:12: argument 1 of avg() must be a field, got '99', e.g. avg($goroutines)"),
                Arguments.of("select len() logformat testkv", "line 1:8: len() needs an argument, e.g. len($time)"),
                Arguments.of("select x logformat apache", "line 1:20: unknown log format 'apache'"),
                Arguments.of("select count($time) order by count($line) logformat testkv",
                        "line 1:30: cannot order by 'count($line)', it is not in the select list (count($time))"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void queryErrorsNameLineColumnAndWhatIsExpected(String query, String message) {
        assertThatThrownBy(() -> planner.planQuery(List.of(), query))
                .isInstanceOf(ParsingException.class)
                .hasMessage(message);
    }

    @Test
    void aFormatMissingFromTheClassPathIsNamedWithTheKnownOnes() {
        // without from and logformat a query reads the generic format, which this module's tests do not have
        assertThatThrownBy(() -> planner.planQuery(List.of(), "select count(*)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("log format 'generic' is not on the class path (known: [testfirstline, testheader, testkv])");
    }

    @Test
    void aMapRequestNeedsAQuery() {
        assertThatThrownBy(() -> planner.plan(new PlanRequest(PlanRequest.Mode.MAP, List.of("/a"), ".", false, 0, 0, 0,
                Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a map-reduce request needs a query");
    }
}
