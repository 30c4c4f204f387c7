package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.testing.Engines;
import io.jdtail.grammar.ParsingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** percentile, quantile and p50 ... p999 while exact: nearest rank, argument checks, order by and limit. */
class PercentilesTest {

    private static List<List<String>> run(String query, List<String> lines) {
        ResultTable t = Engines.onePass(Engines.plan(query), lines);
        return t.rows().stream().map(r -> r.stream().map(Cell::text).toList()).toList();
    }

    /** v=1 .. v=n in a scrambled order, all in group a (without group by, the first aggregate's field would be the key). */
    private static List<String> oneTo(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("g=a|v=" + ((i * 7919L) % n + 1));
        }
        return lines;
    }

    private static void assertQueryError(String query, String message) {
        assertThatThrownBy(() -> Engines.plan(query)).isInstanceOf(ParsingException.class).hasMessage(message);
    }

    @Test
    void theValueAtTheNearestRankCeilQTimesN() {
        // rank ⌈q·100⌉ of 1..100 is the value itself; q = 0 is the minimum
        assertThat(run("select p50(v), p90(v), p95(v), p99(v), p999(v), percentile(v, 1), quantile(v, 0), quantile(v, 1) "
                + "group by g logformat testkv", oneTo(100)))
                .containsExactly(List.of("50.000000", "90.000000", "95.000000", "99.000000", "100.000000", "1.000000",
                        "1.000000", "100.000000"));
        // of 1..10: ⌈0.5·10⌉ = 5, ⌈0.91·10⌉ = 10, ⌈0.999·10⌉ = 10, ⌈0.01·10⌉ = 1
        assertThat(run("select p50(v), percentile(v, 91), p999(v), quantile(v, 0.01) group by g logformat testkv", oneTo(10)))
                .containsExactly(List.of("5.000000", "10.000000", "10.000000", "1.000000"));
    }

    @Test
    void theRankComesFromTheDecimalAsWrittenNotItsBinaryApproximation() {
        // 0.07 × 100 is 7.000000000000001 in doubles, whose ceiling would be rank 8
        assertThat(run("select quantile(v, 0.07), percentile(v, 7), percentile(v, 99.9) group by g logformat testkv", oneTo(1000)))
                .containsExactly(List.of("70.000000", "70.000000", "999.000000"));
    }

    @Test
    void repeatedNegativeAndDecimalValuesCountOncePerRow() {
        List<String> lines = List.of("g=a|v=-2.5", "g=a|v=7", "g=a|v=7", "g=a|v=7", "g=a|v=0", "g=a|v=-0", "g=a|v=110316288");
        // sorted: -2.5 0 0 7 7 7 110316288; ranks ⌈0.3·7⌉ = 3, ⌈0.5·7⌉ = 4, ⌈0.85·7⌉ = 6, ⌈0.9·7⌉ = 7
        assertThat(run("select quantile(v, 0), percentile(v, 30), p50(v), percentile(v, 85), p90(v) group by g logformat testkv", lines))
                .containsExactly(List.of("-2.500000", "0.000000", "7.000000", "7.000000", "110316288.000000"));
    }

    @Test
    void nonNumericValuesAreLeftOutAndCountedAndAGroupWithoutNumbersIsAnEmptyCell() {
        Plan plan = Engines.plan("select g, p50(v), count(v) group by g logformat testkv");
        List<String> lines = List.of("g=a|v=n/a", "g=a|v=3", "g=a|v=1", "g=a|v=2", "g=b|v=x", "g=c", "g=a|v=1e999");
        assertThat(Engines.aggregate(plan, lines, 0, lines.size()).counters().unusableValues).isEqualTo(3);
        assertThat(run("select g, p50(v), count(v) group by g logformat testkv", lines)).containsExactly(
                List.of("a", "2.000000", "5"), List.of("b", "", "1"), List.of("c", "", "0"));
    }

    @Test
    void orderByAPercentileAndLimit() {
        List<String> lines = List.of("g=a|v=5", "g=a|v=100", "g=b|v=50", "g=b|v=60", "g=c|v=1", "g=c|v=2", "g=d|v=9");
        assertThat(run("select g, p99(v) group by g order by p99(v) limit 2 logformat testkv", lines))
                .containsExactly(List.of("a", "100.000000"), List.of("b", "60.000000"));
        assertThat(run("select g, percentile(v, 50) group by g rorder by percentile(v, 50) logformat testkv", lines))
                .extracting(r -> r.getFirst()).containsExactly("c", "a", "d", "b");
    }

    @Test
    void aPercentOrQuantileOutOfRangeIsAQueryErrorThatSaysTheRange() {
        assertQueryError("select percentile(v, 0) logformat testkv",
                "line 1:8: percentile(): the percent must be in (0, 100], got 0, e.g. percentile(latency, 99)");
        assertQueryError("select percentile(v, 100.5) logformat testkv",
                "line 1:8: percentile(): the percent must be in (0, 100], got 100.5, e.g. percentile(latency, 99)");
        assertQueryError("select quantile(v, 1.01) logformat testkv",
                "line 1:8: quantile(): the quantile must be in [0, 1], got 1.01, e.g. quantile(latency, 0.99)");
        assertQueryError("select quantile(v, -0.5) logformat testkv",
                "line 1:8: quantile(): the quantile must be in [0, 1], got -0.5, e.g. quantile(latency, 0.99)");
        assertQueryError("select percentile(v) logformat testkv",
                "line 1:20: percentile() takes 2 arguments (a field, a number), got 1, e.g. percentile(latency, 99)");
        assertQueryError("select p99(v, 50) logformat testkv",
                "line 1:15: p99() takes 1 argument (a field), got 2, e.g. p99(latency)");
        assertQueryError("select percentile(v, \"99\") logformat testkv",
                "line 1:22: argument 2 of percentile() must be a number, got '\"99\"', e.g. percentile(latency, 99)");
    }

    /**
     * Whole numbers (latencies logged in ms) have raw double bits ending in 40 zeros and more: the exact
     * form's table must still spread them, or every value probes one long cluster (2,001 values once
     * started at 2 positions of 4,096, and a percentile's exact phase went quadratic).
     */
    @Test
    void wholeNumbersSpreadOverTheExactTable() {
        Set<Integer> starts = new HashSet<>();
        for (int v = -1000; v <= 1000; v++) {
            starts.add(RankedValues.mix(Double.doubleToRawLongBits(v + 0.0)) & 4095);
        }
        // 2,001 keys thrown at random into 4,096 positions take about 1,580 of them
        assertThat(starts).as("start positions of 2,001 whole numbers in a table of 4,096").hasSizeGreaterThan(1_400);
    }
}
