package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.testing.Engines;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialCodecTest {

    private final Plan plan = Engines.plan("select g, count(*), sum(v), min(v), max(v), avg(v), last(t), len(t) group by g logformat testkv");
    private final List<String> lines = List.of("g=a|v=1.5|t=x", "g=b|v=2|t=yy", "g=a|v=oops|t=zzz", "nonsense", "g=b|t=q");

    @Test
    void roundTripKeepsEveryStateAndCounter() throws IOException {
        PartialAggregate original = Engines.aggregate(plan, lines, 0, lines.size());
        byte[] bytes = PartialCodec.toBytes(original);
        PartialAggregate decoded = PartialCodec.fromBytes(bytes);

        assertThat(PartialCodec.toBytes(decoded)).isEqualTo(bytes);
        assertThat(ResultMerger.render(Engines.result(plan), decoded, Engines.T0))
                .isEqualTo(ResultMerger.render(Engines.result(plan), original, Engines.T0));
        assertThat(decoded.counters().lines).isEqualTo(5);
        assertThat(decoded.counters().malformed).isEqualTo(1);
        assertThat(decoded.counters().unusableValues).isEqualTo(1);
        assertThat(decoded.groups()).isEqualTo(2);
    }

    @Test
    void refusesAnotherVersion() {
        byte[] bytes = PartialCodec.toBytes(Engines.aggregate(plan, lines, 0, lines.size()));
        bytes[0] = 9;
        assertThatThrownBy(() -> PartialCodec.fromBytes(bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("partial aggregate version 9 is not supported (this side speaks 1)");
    }

    @Test
    void refusesTruncatedAndTrailingInput() {
        byte[] bytes = PartialCodec.toBytes(Engines.aggregate(plan, lines, 0, lines.size()));
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> PartialCodec.fromBytes(truncated)).isInstanceOf(IOException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> PartialCodec.fromBytes(longer)).hasMessage("1 trailing bytes after a partial aggregate");
    }

    @Test
    void refusesUnknownStateTag() {
        byte[] bytes = PartialCodec.toBytes(Engines.aggregate(plan, lines, 0, lines.size()));
        bytes[2] = 99;
        assertThatThrownBy(() -> PartialCodec.fromBytes(bytes)).hasMessage("unknown aggregate state tag 99");
    }
}
