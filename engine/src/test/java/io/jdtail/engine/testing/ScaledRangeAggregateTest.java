package io.jdtail.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.grammar.ParsingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test plug-in end to end: found by name, its argument checked, planned, aggregated and rendered with it. */
class ScaledRangeAggregateTest {

    @Test
    void theFactorReachesTheRenderingAndTheHeaderIsTheCallAsWritten() {
        var table = Engines.onePass(
                Engines.plan("select g, scaled_range(v, 0.5), SCALED_RANGE(v, 2) group by g logformat testkv"),
                List.of("g=a|v=3", "g=a|v=7", "g=a|v=4", "g=b|v=-1", "g=b|v=n/a", "g=c"));
        assertThat(table.columns()).containsExactly("g", "scaled_range(v, 0.5)", "scaled_range(v, 2)");
        assertThat(table.rows()).extracting(r -> r.stream().map(Cell::text).toList()).containsExactly(
                List.of("a", "2.000000", "8.000000"),
                List.of("b", "0.000000", "0.000000"),
                List.of("c", "", ""));
    }

    @Test
    void aFactorThatIsNotPositiveOrMissingIsAQueryError() {
        assertThatThrownBy(() -> Engines.plan("select scaled_range(v, 0) logformat testkv"))
                .isInstanceOf(ParsingException.class)
                .hasMessage("line 1:8: scaled_range(): the factor must be positive, got 0, e.g. scaled_range(latency, 0.001)");
        assertThatThrownBy(() -> Engines.plan("select scaled_range(v) logformat testkv"))
                .isInstanceOf(ParsingException.class)
                .hasMessage("line 1:22: scaled_range() takes 2 arguments (a field, a number), got 1, "
                        + "e.g. scaled_range(latency, 0.001)");
    }
}
