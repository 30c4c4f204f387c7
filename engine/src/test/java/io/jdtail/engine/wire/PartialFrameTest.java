package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.testing.Engines;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A PARTIAL frame carries its follow interval, or says it has none (read-once). */
class PartialFrameTest {

    private final Plan plan = Engines.plan("select g, count(*), sum(v) group by g logformat testkv");
    private final PartialAggregate partial = Engines.aggregate(plan, List.of("g=a|v=1", "g=b|v=2"), 0, 2);

    @Test
    void aFollowPartialKeepsItsInterval() throws Exception {
        FollowInterval interval = new FollowInterval(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000), false);
        PartialFrame decoded = PartialFrame.fromBytes(PartialFrame.of(partial, interval).toBytes());

        assertThat(decoded.interval()).contains(interval);
        assertThat(PartialCodec.toBytes(decoded.partial())).isEqualTo(PartialCodec.toBytes(partial));
    }

    @Test
    void aLastPartialSaysSo() throws Exception {
        FollowInterval interval = new FollowInterval(Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(2_345), true);
        assertThat(PartialFrame.fromBytes(PartialFrame.of(partial, interval).toBytes()).interval()).contains(interval);
    }

    @Test
    void aReadOncePartialHasNoInterval() throws Exception {
        PartialFrame decoded = PartialFrame.fromBytes(PartialFrame.readOnce(partial).toBytes());
        assertThat(decoded.interval()).isEqualTo(Optional.empty());
        assertThat(PartialCodec.toBytes(decoded.partial())).isEqualTo(PartialCodec.toBytes(partial));
    }

    @Test
    void refusesAnIntervalThatEndsBeforeItStarts() {
        byte[] bytes = PartialFrame.of(partial, new FollowInterval(Instant.ofEpochMilli(5), Instant.ofEpochMilli(9), false)).toBytes();
        bytes[16] = 0; // end 9 -> 0
        assertThatThrownBy(() -> PartialFrame.fromBytes(bytes)).isInstanceOf(ProtocolException.class)
                .hasMessage("a PARTIAL frame's interval is malformed (start 5, end 0, last 0)");
    }

    @Test
    void refusesAnUnknownIntervalKindAndACutFrame() {
        byte[] bytes = PartialFrame.readOnce(partial).toBytes();
        bytes[0] = 7;
        assertThatThrownBy(() -> PartialFrame.fromBytes(bytes)).isInstanceOf(ProtocolException.class)
                .hasMessage("a PARTIAL frame with unknown interval kind 7");
        byte[] withInterval = PartialFrame.of(partial, new FollowInterval(Instant.EPOCH, Instant.EPOCH, false)).toBytes();
        assertThatThrownBy(() -> PartialFrame.fromBytes(Arrays.copyOf(withInterval, 10))).isInstanceOf(ProtocolException.class)
                .hasMessage("a PARTIAL frame ended inside its interval");
        assertThatThrownBy(() -> PartialFrame.fromBytes(new byte[0])).isInstanceOf(ProtocolException.class)
                .hasMessage("an empty PARTIAL frame");
    }
}
