package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The exact form counts what a set of the values' bytes holds: short values (1 to 8 bytes, kept packed in a
 * table of their own), values of 8 and 7 bytes sharing a prefix, values holding a zero byte, the empty value and
 * longer ones, mixed, through the tables' growth, a merge of two states and the wire form.
 */
class DistinctExactProperties {

    private static final Aggregate KIND = Aggregates.installed().byName("count_distinct").orElseThrow();

    /** What may stand around a value in its line: the values' own bytes, a zero, bytes from 0x80 up. */
    private static final byte[] AROUND = {0, 'b', 'c', 'd', (byte) 0x80, (byte) 0xff};

    @Provide
    Arbitrary<List<byte[]>> values() {
        // few letters, so that values repeat and many share prefixes; 0 so that some hold a zero byte
        Arbitrary<byte[]> value = Arbitraries.bytes().between((byte) 0, (byte) 3).map(b -> (byte) (b == 0 ? 0 : 'a' + b))
                .array(byte[].class).ofMaxSize(11);
        return value.list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void theExactCountIsTheSizeOfTheSetOfValues(@ForAll("values") List<byte[]> values) throws IOException {
        Set<ByteBuffer> expected = new HashSet<>();
        values.forEach(v -> expected.add(ByteBuffer.wrap(v)));
        Row row = new Row(new RowLayout(List.of("u")));
        DistinctValues first = new DistinctValues(KIND);
        DistinctValues second = new DistinctValues(KIND);
        for (int i = 0; i < values.size(); i++) {
            byte[] v = values.get(i);
            row.setBytes(0, v, 0, v.length);
            (i % 3 == 0 ? second : first).accumulate(row, 0);
        }
        first.merge(second);
        assertThat(first.estimate()).isEqualTo(expected.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.write(new DataOutputStream(bytes));
        DistinctValues read = DistinctValues.read(KIND, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (byte[] v : values) { // all known already: the count stays
            row.setBytes(0, v, 0, v.length);
            read.accumulate(row, 0);
        }
        assertThat(read.estimate()).isEqualTo(expected.size());
    }

    /**
     * count_distinct reads a value in place, where the format left it: mostly in the middle of a line, so that a
     * short value's packing loads eight bytes of which only its own may count, and at the very end of the buffer,
     * where eight are not there to load. Each value follows random bytes and is followed by a run of one byte of
     * its own alphabet, a zero or a byte from 0x80 up (so that "b" before "cccc" would be, unmasked, "bc" before
     * "ccc").
     */
    @Property(tries = 300)
    void valuesReadInPlaceAmongOtherBytesCountAsTheirOwnBytes(@ForAll("values") List<byte[]> values, @ForAll long seed) {
        java.util.Random junk = new java.util.Random(seed);
        Set<ByteBuffer> expected = new HashSet<>();
        values.forEach(v -> expected.add(ByteBuffer.wrap(v)));
        Row row = new Row(new RowLayout(List.of("u")));
        DistinctValues state = new DistinctValues(KIND);
        byte fill = AROUND[junk.nextInt(AROUND.length)];
        for (byte[] v : values) {
            int before = junk.nextInt(10);
            int after = junk.nextInt(3) == 0 ? 0 : 1 + junk.nextInt(10);
            byte[] line = new byte[before + v.length + after];
            for (int i = 0; i < before; i++) {
                line[i] = AROUND[junk.nextInt(AROUND.length)];
            }
            java.util.Arrays.fill(line, before + v.length, line.length, fill);
            System.arraycopy(v, 0, line, before, v.length);
            row.setBytes(0, line, before, v.length);
            state.accumulate(row, 0);
        }
        assertThat(state.estimate()).isEqualTo(expected.size());
    }
}
