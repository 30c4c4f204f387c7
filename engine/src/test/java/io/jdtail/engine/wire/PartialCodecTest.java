package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * A partial as a peer from before the aggregates were plug-ins writes it, byte by byte: the
     * tags 1 to 7 (count, sum, min, max, avg, last, len) must keep decoding to the same states.
     */
    @Test
    void decodesThePartialsOfDtailsAggregatesByTheirOldTags() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1); // version
        int[] tags = {6, 1, 2, 3, 4, 5, 6, 7}; // g (a bare field is last), count, sum, min, max, avg, last, len
        out.writeByte(tags.length);
        for (int tag : tags) {
            out.writeByte(tag);
        }
        out.writeLong(3); // lines
        out.writeLong(2); // rows
        out.writeLong(1); // malformed
        out.writeLong(0); // unusable values
        out.writeInt(1); // groups
        byte[] key = {1, 0, 0, 0, 1, 'a'}; // one present group-by value "a"
        out.writeInt(key.length);
        out.write(key);
        writeLast(out, 1, "a");                             // g
        out.writeLong(2);                                   // count(*)
        out.writeInt(1);                                    // sum(v): one exact-sum partial
        out.writeDouble(3.5);
        out.writeBoolean(true);                             // min(v)
        out.writeDouble(1.5);
        out.writeBoolean(true);                             // max(v)
        out.writeDouble(2);
        out.writeInt(1);                                    // avg(v): exact sum and count
        out.writeDouble(3.5);
        out.writeLong(2);
        writeLast(out, 1, "yy");                            // last(t)
        writeLast(out, 1, "zzz");                           // len(t)
        out.flush();

        PartialAggregate decoded = PartialCodec.fromBytes(bytes.toByteArray());

        assertThat(ResultMerger.render(Engines.result(plan), decoded, Engines.T0).rows())
                .extracting(row -> row.stream().map(ResultTable.Cell::text).toList())
                .containsExactly(List.of("a", "2", "3.500000", "1.500000", "2.000000", "1.750000", "yy", "3.000000"));
        assertThat(decoded.kinds()).extracting(Aggregate::name)
                .containsExactly("last", "count", "sum", "min", "max", "avg", "last", "len");
        assertThat(PartialCodec.toBytes(decoded)).isEqualTo(bytes.toByteArray());
    }

    private static void writeLast(DataOutputStream out, long ordinal, String value) throws IOException {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeBoolean(true);
        out.writeLong(ordinal);
        out.writeInt(b.length);
        out.write(b);
    }
}
