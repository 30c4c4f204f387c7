package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.testing.Engines;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each aggregation, where, set, order and limit produce, cell by cell. */
class AggregationTest {

    private static List<List<String>> texts(ResultTable t) {
        return t.rows().stream().map(r -> r.stream().map(Cell::text).toList()).toList();
    }

    private static List<List<String>> run(String query, String... lines) {
        Plan plan = Engines.plan(query);
        return texts(Engines.onePass(plan, List.of(lines)));
    }

    @Test
    void aggregationsRenderAsDtailDoes() {
        assertThat(run("select g, count(*), sum(v), min(v), max(v), avg(v), last(t), len(t) group by g logformat testkv",
                "g=a|v=1|t=1002-071949", "g=a|v=2.5|t=7.905", "g=a|v=110316288|t=héllo"))
                .containsExactly(List.of("a", "3", "110316291.500000", "1.000000", "110316288.000000",
                        "36772097.166667", "héllo", "5.000000"));
    }

    @Test
    void theResultCarriesEachRowsGroupKeyWhetherOrNotItIsSelected() {
        ResultTable t = Engines.onePass(Engines.plan("select count(*), g group by h, g order by count(*) limit 3 logformat testkv"),
                List.of("h=1|g=a", "h=1|g=a", "h=1|g=a", "g=a", "g=a", "h=2|g=b", "h=3|g=c"));
        assertThat(t.grouping().fields()).containsExactly("h", "g");
        assertThat(t.grouping().keyColumns()).containsExactly(1);
        assertThat(t.grouping().keys()).containsExactly(
                List.of(Optional.of("1"), Optional.of("a")),
                List.of(Optional.empty(), Optional.of("a")),
                List.of(Optional.of("2"), Optional.of("b")));
        assertThat(texts(t)).extracting(r -> r.get(0)).containsExactly("3", "2", "1");

        ResultTable byFirst = Engines.onePass(Engines.plan("select g, count(*) logformat testkv"), List.of("g=x"));
        assertThat(byFirst.grouping().fields()).containsExactly("g");
        assertThat(byFirst.grouping().keyColumns()).containsExactly(0);
        assertThat(byFirst.grouping().keys()).containsExactly(List.of(Optional.of("x")));
    }

    @Test
    void groupByDefaultsToTheFirstSelectedField() {
        assertThat(run("select g, count(*) logformat testkv", "g=b", "g=a", "g=b"))
                .containsExactly(List.of("a", "1"), List.of("b", "2"));
    }

    @Test
    void orderIsDescendingRorderAscendingAndLimitCaps() {
        String[] lines = {"g=a|v=5", "g=b|v=1", "g=b|v=1", "g=c|v=1", "g=c|v=1", "g=c|v=1"};
        assertThat(run("select g, count(v) group by g order by count(v) logformat testkv", lines))
                .containsExactly(List.of("c", "3"), List.of("b", "2"), List.of("a", "1"));
        assertThat(run("select g, count(v) group by g rorder by count(v) limit 2 logformat testkv", lines))
                .containsExactly(List.of("a", "1"), List.of("b", "2"));
        assertThat(run("select g, count(v) group by g order by count(v) asc logformat testkv", lines))
                .containsExactly(List.of("a", "1"), List.of("b", "2"), List.of("c", "3"));
    }

    @Test
    void numbersSortAsNumbersAndStringsAsStrings() {
        assertThat(run("select g, max(v) group by g order by max(v) logformat testkv", "g=x|v=9", "g=y|v=10", "g=z|v=100"))
                .extracting(r -> r.get(0)).containsExactly("z", "y", "x");
        assertThat(run("select g group by g rorder by g logformat testkv", "g=b10", "g=b9", "g=a"))
                .extracting(r -> r.get(0)).containsExactly("a", "b10", "b9");
    }

    @Test
    void withoutOrderRowsComeInNaturalOrderOfTheGroupKey() {
        assertThat(run("select g, count(*) group by g logformat testkv", "g=/api/v1/users", "g=/api/v1/orders", "g=10", "g=9", "g=b"))
                .extracting(r -> r.get(0)).containsExactly("9", "10", "/api/v1/orders", "/api/v1/users", "b");
    }

    @Test
    void whereConditionsMustAllHold() {
        String[] lines = {"g=a|s=500|p=/api/x", "g=a|s=200|p=/api/y", "g=a|s=503|p=/web", "g=a|s=oops|p=/api/z"};
        assertThat(run("select count(*) where s >= 500, p hasprefix \"/api\" logformat testkv", lines))
                .containsExactly(List.of("1"));
        assertThat(run("select count(*) where s != 200 logformat testkv", lines)).containsExactly(List.of("2"));
        assertThat(run("select count(*) where p lacks \"api\" logformat testkv", lines)).containsExactly(List.of("1"));
        assertThat(run("select count(*) where p eq \"/web\" logformat testkv", lines)).containsExactly(List.of("1"));
        assertThat(run("select count(*) where p hassuffix \"y\", s < 300 logformat testkv", lines)).containsExactly(List.of("1"));
        assertThat(run("select count(*) where missing == 1 logformat testkv", lines)).isEmpty();
    }

    @Test
    void setComputesVariablesThatCanBeSelectedGroupedAndFiltered() {
        assertThat(run("select $mask, count(*), $md5, $foo, $bar set $mask = maskdigits(t), $md5 = md5sum(t), "
                        + "$foo = 42, $bar = \"baz\" group by $mask logformat testkv",
                "t=1002-071949", "t=1003-081950"))
                .containsExactly(List.of("....-......", "2", md5("1003-081950"), "42", "baz"));
        assertThat(run("select count(*) set $m = maskdigits(t) where $m eq \"..\" logformat testkv", "t=12", "t=123"))
                .containsExactly(List.of("1"));
    }

    @Test
    void commonVariablesAreSetByTheEngine() {
        assertThat(run("select $hostname, $server, count($line), last($empty), $timezone, $timeoffset logformat testkv", "g=a", "g=b"))
                .containsExactly(List.of("testhost", "testhost", "2", "", "UTC", "+0000"));
    }

    @Test
    void malformedLinesAndUnusableValuesAreCountedNotFatal() {
        Plan plan = Engines.plan("select g, sum(v) logformat testkv");
        PartialAggregate p = Engines.aggregate(plan, List.of("g=a|v=1", "garbage", "g=a|v=x", "g=a|v=\u00ff"), 0, 4);
        assertThat(p.counters().malformed).isEqualTo(1);
        assertThat(p.counters().unusableValues).isEqualTo(2);
        assertThat(p.counters().rows).isEqualTo(3);
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
