package io.jdtail.engine.client;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.execution.FollowInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts the partials of many sources (servers) that follow the same query into one table per
 * interval, by the interval each partial carries ({@link FollowInterval}), never by when it arrived.
 *
 * <h2>When an interval's table is complete</h2>
 * A partial belongs to the interval that ends at its {@code end} (a boundary: an epoch multiple of the
 * query's interval; a run's {@code last} partial, cut short by its stop, to the boundary after its end).
 * The sources whose partial every table waits for are those {@linkplain #connected connected} and not
 * {@linkplain #disconnected disconnected} since. A table is handed on, in the order of the intervals,
 * as soon as
 * <ol>
 *   <li>every awaited source has sent its partial for that interval or a later one (a follower that
 *       could not look at its clock at a boundary sends one partial for the intervals it passed), or</li>
 *   <li>a source is {@link #MAX_LEAD} intervals further: a source that is connected but sends nothing
 *       (its server is stuck, not gone) holds the others' tables that long at most, or</li>
 *   <li>the run {@linkplain #finish finishes}: what is pending is handed on as it is.</li>
 * </ol>
 * No clock is read and nothing is guessed; a source that is lost stops being waited for the moment it
 * is known to be lost. Nothing is dropped either: a partial for an interval already handed on (a source
 * connected again, or was held past {@link #MAX_LEAD}) is counted in the first interval not yet handed
 * on, and that interval says so in its {@link Table#notes}.
 *
 * <p>A table that holds only {@code last} partials (every source was cut short before the boundary, as when a
 * continuous job restarts at midnight) ends where the latest of them ended, not at the boundary: it is a short
 * interval, and a sink that stamps rows with the end (Graphite) must not give it the next whole interval's time.
 *
 * <p>Thread-safe; the consumer is called under this object's lock, one interval at a time, in order.
 *
 * @param <S> what identifies a source (a server address)
 */
public final class IntervalTables<S> {

    /** How many intervals one source may be ahead of another that is still connected before that one's tables are handed on without it. */
    public static final int MAX_LEAD = 2;

    /**
     * One interval's table.
     *
     * @param start  where the earliest partial merged in begins (the interval's start for a whole interval)
     * @param end    the interval's end (a boundary; for a table of cut-short partials only, where the latest ended)
     * @param merged the sources' partials of this interval, merged
     * @param from   the sources that sent a partial for it
     * @param notes  partials counted here although they belong to an earlier interval, said in words
     */
    public record Table<S>(Instant start, Instant end, PartialAggregate merged, Set<S> from, List<String> notes) {
    }

    private final List<Aggregate> kinds;
    private final long intervalMillis;
    private final Consumer<Table<S>> tables;
    private final Set<S> awaited = new HashSet<>();
    /** Per source, the end of the latest interval it sent a partial for. */
    private final Map<S, Long> reached = new HashMap<>();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    /** End of the last interval handed on. */
    private long handedOn = Long.MIN_VALUE;

    private final class Pending {
        final PartialAggregate merged = new PartialAggregate(kinds);
        final Set<S> from = new LinkedHashSet<>();
        final List<String> notes = new ArrayList<>();
        long start = Long.MAX_VALUE;
        /** How far the partials merged in reach: the boundary, once any whole interval's partial is in. */
        long reach = Long.MIN_VALUE;
    }

    public IntervalTables(List<Aggregate> kinds, Duration interval, Consumer<Table<S>> tables) {
        this.kinds = List.copyOf(kinds);
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.tables = Objects.requireNonNull(tables, "tables");
    }

    /** {@code source} is connected: every interval's table waits for its partial from now on. */
    public synchronized void connected(S source) {
        awaited.add(source);
    }

    /** {@code source} is lost (or finished): no table waits for it any more. */
    public synchronized void disconnected(S source) {
        awaited.remove(source);
        handOnCompleted();
    }

    /** A partial of {@code source} covering {@code interval}. */
    public synchronized void partial(S source, FollowInterval interval, PartialAggregate partial) {
        long end = interval.end().toEpochMilli();
        // a last partial is cut from the interval its start lies in: one that starts right on a boundary (a run
        // stopped just after its tick handed on the interval before) belongs to the next interval, not to that one
        long belongsTo = interval.last() ? nextBoundaryAfter(interval.start().toEpochMilli()) : end;
        long countedIn = belongsTo;
        String note = null;
        if (belongsTo <= handedOn) {
            countedIn = pending.isEmpty() ? handedOn + intervalMillis : pending.firstKey();
            note = source + ": its partial of the interval ending " + Instant.ofEpochMilli(belongsTo)
                    + " came after that interval's table was complete; it is counted in this one";
        }
        Pending p = pending.computeIfAbsent(countedIn, e -> new Pending());
        p.merged.merge(partial);
        p.from.add(source);
        p.start = Math.min(p.start, interval.start().toEpochMilli());
        p.reach = Math.max(p.reach, interval.last() && note == null ? end : countedIn);
        if (note != null) {
            p.notes.add(note);
        }
        reached.merge(source, belongsTo, Math::max);
        handOnCompleted();
    }

    /** The run ended: hands on every interval still pending, complete or not. */
    public synchronized void finish() {
        while (!pending.isEmpty()) {
            handOn(pending.firstKey());
        }
    }

    private long nextBoundaryAfter(long millis) {
        return Math.floorDiv(millis, intervalMillis) * intervalMillis + intervalMillis;
    }

    private void handOnCompleted() {
        while (!pending.isEmpty()) {
            long end = pending.firstKey();
            if (!complete(end)) {
                return;
            }
            handOn(end);
        }
    }

    private boolean complete(long end) {
        long furthest = Long.MIN_VALUE;
        for (long r : reached.values()) {
            furthest = Math.max(furthest, r);
        }
        if (furthest >= end + MAX_LEAD * intervalMillis) {
            return true;
        }
        for (S s : awaited) {
            if (reached.getOrDefault(s, Long.MIN_VALUE) < end) {
                return false;
            }
        }
        return true;
    }

    private void handOn(long end) {
        Pending p = pending.remove(end);
        handedOn = Math.max(handedOn, end);
        long reach = Math.min(p.reach, end);
        long start = p.start == Long.MAX_VALUE ? end - intervalMillis : Math.min(p.start, reach);
        tables.accept(new Table<>(Instant.ofEpochMilli(start), Instant.ofEpochMilli(reach), p.merged, Set.copyOf(p.from),
                List.copyOf(p.notes)));
    }
}
