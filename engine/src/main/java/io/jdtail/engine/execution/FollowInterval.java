package io.jdtail.engine.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The stretch of time a follow run's partial covers: the lines the follower read from
 * {@code start} (inclusive) to {@code end} (exclusive).
 *
 * <p>Intervals are aligned to the wall clock: their boundaries are the epoch multiples of the
 * query's interval ({@code interval 1s} ends intervals at every whole second, {@code 5m} at
 * :00, :05, ...). The first interval of a run starts when the run starts; every other one
 * starts where the previous one ended. {@code end} is a boundary, except for the {@code last}
 * partial of a run, which ends when the run was told to stop. When the follower could not look
 * at the clock at a boundary (a long pause, the clock jumped forward) one partial spans several
 * intervals and ends at the latest boundary passed: nothing read is lost or counted twice.
 *
 * <p>A dserver sends the interval with the partial (see {@code io.jdtail.engine.wire.PartialFrame}), and
 * clients put partials into intervals by it ({@code io.jdtail.engine.client.IntervalTables}), never by
 * when they arrived.
 *
 * @param start when the follower began collecting these lines
 * @param end   the boundary that closed the interval (for Graphite: the points' timestamp)
 * @param last  whether this is the final partial of the run, cut short by the stop
 */
public record FollowInterval(Instant start, Instant end, boolean last) {

    public FollowInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
