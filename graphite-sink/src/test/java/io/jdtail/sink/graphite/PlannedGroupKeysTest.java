package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables made by the real planner and merger: which columns are keys comes from the query, never
 * from where they stand. The key here is numeric on purpose, so a sink that guessed the key
 * columns (say, the first ones) would send it as a value or drop a real value.
 */
class PlannedGroupKeysTest {

    private static final List<String> LINES = List.of("status=200|bytes=10", "status=200|bytes=5", "status=503|bytes=1");
    private static final long TS = Engines.T0.getEpochSecond();

    private static List<String> metrics(String query) {
        ResultTable table = Engines.onePass(Engines.plan(query + " logformat testkv"), LINES);
        return new MetricLines(null, "j").lines(table);
    }

    @Test
    void aKeyColumnThatIsNotFirstIsNotSentAndTheValueBeforeItIs() {
        assertEquals(List.of("j.200.count 2 " + TS + "\n", "j.503.count 1 " + TS + "\n"),
                metrics("select count(*), status group by status"));
    }

    @Test
    void aKeySelectedTwiceIsSentNeitherTime() {
        assertEquals(List.of("j.200.sum_bytes 15 " + TS + "\n", "j.503.sum_bytes 1 " + TS + "\n"),
                metrics("select status, sum(bytes), status group by status"));
    }

    @Test
    void anAggregateOverTheKeyFieldIsAValue() {
        assertEquals(List.of(
                        "j.200.count_status 2 " + TS + "\n", "j.200.max_status 200 " + TS + "\n",
                        "j.503.count_status 1 " + TS + "\n", "j.503.max_status 503 " + TS + "\n"),
                metrics("select status, count(status), max(status) group by status"));
    }

    @Test
    void aNumericFieldSelectedButNotGroupedByIsAValue() {
        // bytes is shown as its last value; the group is status, which is not selected at all
        assertEquals(List.of("j.200.bytes 5 " + TS + "\n", "j.503.bytes 1 " + TS + "\n"),
                metrics("select bytes group by status"));
    }
}
