package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles and distinct counts sent to Graphite: numbers as for avg, an empty cell (no number in the group) not sent. */
class GraphitePercentilesTest {

    private static final long TS = Engines.T0.getEpochSecond();

    @Test
    void percentilesAndDistinctCountsAreValuesAndAGroupWithoutNumbersSendsNone() {
        List<String> lines = List.of("status=200|bytes=10", "status=200|bytes=5", "status=200|bytes=5", "status=404|bytes=-");
        ResultTable table = Engines.onePass(Engines.plan(
                "select status, p99(bytes), percentile(bytes, 50), count_distinct(bytes) group by status logformat testkv"), lines);
        // 5, 5, 10: p99 is rank 3, p50 rank 2; "-" is not a number but is a distinct value
        assertEquals(List.of("j.200.p99_bytes 10 " + TS + "\n", "j.200.percentile_bytes_50 5 " + TS + "\n",
                        "j.200.count_distinct_bytes 2 " + TS + "\n", "j.404.count_distinct_bytes 1 " + TS + "\n"),
                new MetricLines(null, "j").lines(table));
    }
}
