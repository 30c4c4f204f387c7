package io.jdtail.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.testing.Engines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An interval's table of percentiles and distinct counts is computed over every source's values of that interval only. */
class PercentileIntervalTablesTest {

    private final Plan plan = Engines.plan("select g, p50(v), quantile(v, 0), count_distinct(v) group by g logformat testkv");
    private final List<IntervalTables.Table<String>> handedOn = new ArrayList<>();
    private final IntervalTables<String> tables = new IntervalTables<>(Engines.result(plan).kinds(), Duration.ofSeconds(1),
            handedOn::add);

    private static FollowInterval upTo(long endSecond) {
        return new FollowInterval(Instant.ofEpochSecond(endSecond - 1), Instant.ofEpochSecond(endSecond), false);
    }

    private void partial(String source, long end, String... lines) {
        tables.partial(source, upTo(end), Engines.aggregate(plan, List.of(lines), 0, lines.length));
    }

    private List<String> row(int table) {
        return ResultMerger.render(Engines.result(plan), handedOn.get(table).merged(), Engines.T0).rows().getFirst()
                .stream().map(Cell::text).toList();
    }

    @Test
    void eachIntervalsPercentilesAreOverItsOwnValuesFromEverySource() {
        tables.connected("a");
        tables.connected("b");
        partial("a", 10, "g=x|v=1", "g=x|v=9");
        partial("a", 11, "g=x|v=100");
        partial("b", 10, "g=x|v=5", "g=x|v=5");
        partial("b", 11, "g=x|v=200", "g=x|v=300");
        assertThat(handedOn).hasSize(2);
        // interval 10: 1 5 5 9, rank ⌈0.5·4⌉ = 2; interval 11: 100 200 300, rank 2
        assertThat(row(0)).containsExactly("x", "5.000000", "1.000000", "3");
        assertThat(row(1)).containsExactly("x", "200.000000", "100.000000", "3");
    }
}
