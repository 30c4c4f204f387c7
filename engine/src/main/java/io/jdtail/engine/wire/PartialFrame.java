package io.jdtail.engine.wire;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload of a PARTIAL frame (since protocol version 4): a partial aggregate together with the
 * stretch of time it covers, so that a client puts it into the right interval by what the server
 * says, never by when it arrived.
 *
 * <ul>
 *   <li>A follow run's partial carries its {@link FollowInterval}: the lines read from {@code start}
 *       to {@code end} (an epoch multiple of the query's interval), and whether it is the run's
 *       {@code last} partial, cut short by the stop.</li>
 *   <li>A read-once run's partial carries <em>no interval</em> ({@link Optional#empty()}): it is a share
 *       of one whole read, not of a stretch of time, and merges into the one result of the run. (Should a
 *       read-once run ever say how long its read took, with an interval, a client of a read-once request
 *       merges it all the same: the interval only sorts a follow query's partials.)</li>
 * </ul>
 *
 * Layout (big-endian): {@code u8 0} (no interval) or {@code u8 1, i64 start, i64 end (epoch
 * milliseconds), u8 last (0|1)}; then the aggregate as {@link PartialCodec} writes it.
 *
 * @param partial  what was aggregated
 * @param interval the follow interval it covers; empty for a read-once partial
 */
public record PartialFrame(PartialAggregate partial, Optional<FollowInterval> interval) {

    private static final int NO_INTERVAL = 0;
    private static final int WITH_INTERVAL = 1;
    private static final int INTERVAL_BYTES = 1 + 8 + 8 + 1;

    public PartialFrame {
        Objects.requireNonNull(partial, "partial");
        Objects.requireNonNull(interval, "interval");
    }

    /** A read-once partial: no interval. */
    public static PartialFrame readOnce(PartialAggregate partial) {
        return new PartialFrame(partial, Optional.empty());
    }

    /** A follow run's partial of {@code interval}. */
    public static PartialFrame of(PartialAggregate partial, FollowInterval interval) {
        return new PartialFrame(partial, Optional.of(interval));
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (interval.isPresent()) {
                FollowInterval i = interval.get();
                out.writeByte(WITH_INTERVAL);
                out.writeLong(i.start().toEpochMilli());
                out.writeLong(i.end().toEpochMilli());
                out.writeByte(i.last() ? 1 : 0);
            } else {
                out.writeByte(NO_INTERVAL);
            }
            PartialCodec.write(partial, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a PARTIAL frame's payload; anything malformed is a {@link ProtocolException} saying what. */
    public static PartialFrame fromBytes(byte[] payload) throws ProtocolException {
        if (payload.length == 0) {
            throw new ProtocolException("an empty PARTIAL frame");
        }
        Optional<FollowInterval> interval;
        int at;
        switch (payload[0]) {
            case NO_INTERVAL -> {
                interval = Optional.empty();
                at = 1;
            }
            case WITH_INTERVAL -> {
                if (payload.length < INTERVAL_BYTES) {
                    throw new ProtocolException("a PARTIAL frame ended inside its interval");
                }
                long start = longAt(payload, 1);
                long end = longAt(payload, 9);
                int last = payload[17];
                if (end < start || last > 1 || last < 0) {
                    throw new ProtocolException("a PARTIAL frame's interval is malformed (start " + start + ", end " + end
                            + ", last " + last + ")");
                }
                interval = Optional.of(new FollowInterval(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), last == 1));
                at = INTERVAL_BYTES;
            }
            default -> throw new ProtocolException("a PARTIAL frame with unknown interval kind " + (payload[0] & 0xff));
        }
        try {
            return new PartialFrame(PartialCodec.fromBytes(Arrays.copyOfRange(payload, at, payload.length)), interval);
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // the codec reads untrusted bytes: whatever it chokes on is this peer's malformed frame, said as such
            throw new ProtocolException("malformed PARTIAL frame: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }
}
