package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.testing.Engines;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** count_distinct and its alias distinct while exact: values as text, per group, ordered and limited. */
class DistinctTest {

    private static List<List<String>> run(String query, List<String> lines) {
        ResultTable t = Engines.onePass(Engines.plan(query), lines);
        return t.rows().stream().map(r -> r.stream().map(Cell::text).toList()).toList();
    }

    @Test
    void countsDifferentValuesAsLoggedPerGroup() {
        List<String> lines = List.of("g=a|u=alice", "g=a|u=bob", "g=a|u=alice", "g=a|u=1", "g=a|u=1.0", "g=a|u=",
                "g=a", "g=b|u=bob", "g=b|u=bob", "g=c");
        assertThat(run("select g, count_distinct(u), distinct(u), count(u) group by g logformat testkv", lines))
                .containsExactly(List.of("a", "5", "5", "6"), List.of("b", "1", "1", "2"), List.of("c", "0", "0", "0"));
    }

    @Test
    void theHeaderIsTheNameAsWrittenAndOrderByAndLimitUseTheCount() {
        List<String> lines = List.of("g=a|u=1", "g=a|u=1", "g=b|u=1", "g=b|u=2", "g=b|u=3", "g=c|u=1", "g=c|u=2");
        ResultTable t = Engines.onePass(Engines.plan("select g, distinct(u) group by g order by distinct(u) limit 2 logformat testkv"), lines);
        assertThat(t.columns()).containsExactly("g", "distinct(u)");
        assertThat(t.rows()).extracting(r -> r.get(0).text() + "=" + r.get(1).text()).containsExactly("b=3", "c=2");
    }

    @Test
    void tenThousandDistinctValuesAreExactAndMoreAreEstimatedWithinTwoPercent() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add("g=a|u=user" + i);
            lines.add("g=a|u=user" + (i * 31 % 10_000)); // each value twice
        }
        assertThat(run("select g, count_distinct(u) group by g logformat testkv", lines)).containsExactly(List.of("a", "10000"));
        for (int i = 10_000; i < 60_000; i++) {
            lines.add("g=a|u=user" + i);
        }
        double estimate = Engines.onePass(Engines.plan("select g, count_distinct(u) group by g logformat testkv"), lines)
                .rows().getFirst().get(1).number();
        assertThat(estimate).isBetween(60_000 * 0.98, 60_000 * 1.02);
    }

    @Test
    void valuesWhoseBytesOutgrowTheArenaAreSketchedAndStillCounted() throws Exception {
        Aggregate kind = Aggregates.installed().byName("count_distinct").orElseThrow();
        DistinctValues values = new DistinctValues(kind, 100); // ten values of 10 bytes fill it
        Row row = new Row(new RowLayout(List.of("u")));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 25; i++) {
                byte[] v = String.format("value-%04d", i).getBytes(StandardCharsets.UTF_8);
                row.setBytes(0, v, 0, v.length);
                values.accumulate(row, 0);
            }
        }
        assertThat(values.estimate()).isEqualTo(25);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        values.write(new DataOutputStream(bytes));
        assertThat(bytes.toByteArray()[0]).as("sent as a sketch, the exact form having been left").isEqualTo((byte) 1);
    }
}
