package io.jdtail.engine.wire;

import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.aggregate.AggregateState;
import io.jdtail.engine.aggregate.Aggregates;
import io.jdtail.engine.aggregate.PartialAggregate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of a partial aggregate, as servers send it. Layout (big-endian):
 * <pre>
 *   u8  version (1)
 *   u8  number of states per group, then one u8 state tag each ({@link Aggregate#wireTag()})
 *   i64 lines, rows, malformed, unusable values
 *   i32 number of groups, then per group: i32 key length, key bytes, each state's payload
 * </pre>
 * A reader refuses other versions, unknown tags and implausible sizes with an IOException rather
 * than guessing: a peer is untrusted input.
 */
public final class PartialCodec {

    public static final int VERSION = 1;
    private static final int MAX_KEY = 16 << 20;

    private PartialCodec() {
    }

    public static void write(PartialAggregate partial, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        List<Aggregate> kinds = partial.kinds();
        out.writeByte(kinds.size());
        for (Aggregate k : kinds) {
            out.writeByte(k.wireTag());
        }
        PartialAggregate.Counters c = partial.counters();
        out.writeLong(c.lines);
        out.writeLong(c.rows);
        out.writeLong(c.malformed);
        out.writeLong(c.unusableValues);
        out.writeInt(partial.groups());
        try {
            partial.forEach((key, states) -> {
                try {
                    out.writeInt(key.length);
                    out.write(key);
                    for (AggregateState s : states) {
                        s.write(out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Reads a partial whose states are of the aggregates installed on the engine's class path. */
    public static PartialAggregate read(DataInput in) throws IOException {
        return read(in, Aggregates.installed());
    }

    /** Reads a partial, finding each state's aggregate by its tag in {@code aggregates}. */
    public static PartialAggregate read(DataInput in, Aggregates aggregates) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("partial aggregate version " + version + " is not supported (this side speaks " + VERSION + ")");
        }
        int n = in.readUnsignedByte();
        List<Aggregate> kinds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kinds.add(aggregates.byTag(in.readUnsignedByte()));
        }
        PartialAggregate partial = new PartialAggregate(kinds);
        PartialAggregate.Counters c = partial.counters();
        c.lines = in.readLong();
        c.rows = in.readLong();
        c.malformed = in.readLong();
        c.unusableValues = in.readLong();
        int groups = in.readInt();
        if (groups < 0) {
            throw new IOException("negative group count " + groups);
        }
        for (int g = 0; g < groups; g++) {
            int len = in.readInt();
            if (len < 0 || len > MAX_KEY) {
                throw new IOException("implausible group key length " + len);
            }
            byte[] key = new byte[len];
            in.readFully(key);
            AggregateState[] states = new AggregateState[n];
            for (int j = 0; j < n; j++) {
                states[j] = kinds.get(j).read(in);
            }
            partial.put(key, states);
        }
        return partial;
    }

    public static byte[] toBytes(PartialAggregate partial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(partial, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static PartialAggregate fromBytes(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        PartialAggregate p = read(in);
        if (in.available() > 0) {
            throw new IOException(in.available() + " trailing bytes after a partial aggregate");
        }
        return p;
    }
}
