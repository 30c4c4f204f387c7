package io.jdtail.engine.execution;

import io.jdtail.engine.operator.GrepContext;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.plan.ContextNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.DirectoryWatch;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.engine.source.FollowedFile;
import io.jdtail.engine.source.LineReader;
import io.jdtail.engine.source.RememberedRefusals;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Schedules a follow plan ({@code dtail}): the files named now are read from their end, files that
 * appear later (or match a glob later) from their start; appends are picked up as soon as the
 * file system reports them (inotify through the process's one {@link WatchService}, see
 * {@link DirectoryWatch}) and at the latest every {@link #POLL_MILLIS} ms; a file the reader is
 * behind on (its consumer was slower for a while) is read on at once, a chunk a poll (see
 * {@link FollowedFile#behind}). Each followed path's lines go through its own {@link LineSelection}
 * (header line, filter, numbers), then grep's context rules, or into the one map-reduce operator
 * whose partials are emitted every interval; intervals are aligned to the wall clock (see
 * {@link FollowInterval}). Polls, rescans and boundaries are timed by the {@link Ticker}.
 */
final class FollowRunner {

    static final long POLL_MILLIS = 20;
    private static final int READ_BUFFER = 16 * 1024;
    static final long RESCAN_NANOS = 1_000_000_000L;
    /**
     * Chunks (of {@code FollowedFile.READ_CHUNK}, 1 MiB) a stopped aggregation reads on at most before it sends its
     * last partial: a backlog of up to a GiB per file is counted, a file written faster than it is read cannot keep
     * the stop waiting.
     */
    static final int FINAL_PASSES = 1024;
    /** The most files one follow holds open: each is a descriptor of dserver's, and polled. */
    static final int MAX_FOLLOWED = 10_000;

    private final ServerPlan plan;
    private final HostContext host;
    private final FileGate gate;
    private final Ticker clock;
    private final Predicate<Path> fromStart;
    private final int maxFollowed;

    /**
     * @param gate      opens every file followed (for dserver: as the requesting user, under its permissions), also
     *                  files that appear later and each file that takes a followed path after a rotation
     * @param clock     the wall clock interval boundaries are aligned to, and the time of polls and rescans
     * @param fromStart which of the files present at start are read from their start rather than
     *                  their end (a continuous job restarted at midnight reads the new day's file whole)
     */
    FollowRunner(ServerPlan plan, HostContext host, FileGate gate, Ticker clock, Predicate<Path> fromStart) {
        this(plan, host, gate, clock, fromStart, MAX_FOLLOWED);
    }

    /** @param maxFollowed the most files one follow holds open (each is a descriptor, polled) */
    FollowRunner(ServerPlan plan, HostContext host, FileGate gate, Ticker clock, Predicate<Path> fromStart,
                 int maxFollowed) {
        this.maxFollowed = maxFollowed;
        this.plan = plan;
        this.host = host;
        // a follow asks for its files again and again (every rescan, every poll after a rotation)
        this.gate = new RememberedRefusals(gate);
        this.clock = clock;
        this.fromStart = fromStart;
    }

    /** Follows until {@code stop} says so; lines go to the emitter. */
    void run(LineEmitter emitter, BooleanSupplier stop) throws InterruptedException {
        if (plan.aggregation().isPresent()) {
            throw new IllegalArgumentException("a follow plan with a query emits partials");
        }
        LineFilter filter = plan.filter().map(LineFilter::compile).orElse(null);
        // a followed stream is shown line by line: the last line of a rotated file, or a piece of an
        // over-long line, ends its output line too (only dcat reproduces missing newlines)
        loop(emitter, stop, path -> {
            String name = path.toString();
            LineSelection.Target target;
            if (plan.context().isNone()) {
                target = (number, buf, off, len, terminated, selected) -> {
                    if (selected) {
                        emitter.line(name, number, buf, off, len, terminated);
                    }
                    return true;
                };
            } else {
                // max does not end a follow: context is grep's, the stream goes on
                target = new GrepContext(new ContextNode(plan.context().before(), plan.context().after(), 0), emitter, name)::line;
            }
            return LineSelection.lines(filter, target, false, true, true, bytes -> { },
                    emitter.splitLinesOf(name, plan.source().maxLineLength()));
        }, () -> { }, false);
    }

    /**
     * Follows until {@code stop} says so, aggregating. At every interval boundary (an epoch
     * multiple of the query's interval, by the clock) the lines read since the previous one are
     * emitted as one partial with its {@link FollowInterval}; when the run stops, a boundary
     * passed meanwhile is emitted first, then what was read after it as the {@code last} partial.
     */
    void run(PartialEmitter emitter, BooleanSupplier stop) throws InterruptedException {
        MapReduceOperator op = new MapReduceOperator(plan.aggregation().orElseThrow(), host);
        LineSelection.Aggregating aggregating = new LineSelection.Aggregating(op, true);
        LineFilter filter = plan.filter().map(LineFilter::compile).orElse(null);
        long intervalMillis = Math.max(1, plan.aggregation().get().interval().toMillis());
        long startMillis = clock.millis();
        long[] start = {startMillis};
        long[] next = {Math.floorDiv(startMillis, intervalMillis) * intervalMillis + intervalMillis};
        Runnable tick = () -> {
            long now = clock.millis();
            if (now >= next[0]) {
                long end = Math.floorDiv(now, intervalMillis) * intervalMillis;
                emitter.partial(op.drain(), new FollowInterval(Instant.ofEpochMilli(start[0]), Instant.ofEpochMilli(end), false));
                start[0] = end;
                next[0] = end + intervalMillis;
            }
        };
        loop(emitter, stop, path -> LineSelection.aggregating(filter, aggregating, 0, bytes -> { },
                emitter.splitLinesOf(path.toString(), plan.source().maxLineLength())), tick, true);
        tick.run();
        long end = Math.max(start[0], clock.millis());
        emitter.partial(op.drain(), new FollowInterval(Instant.ofEpochMilli(start[0]), Instant.ofEpochMilli(end), true));
    }

    /**
     * Polls the followed files until {@code stop}; with {@code readToEndOnStop} it then reads on to the files' ends
     * (bounded by {@link #FINAL_PASSES} chunks per file), so that a stopped aggregation counts every line written
     * before its stop.
     */
    private void loop(Emitter emitter, BooleanSupplier stop, Function<Path, LineSelection> selections, Runnable tick,
                      boolean readToEndOnStop) throws InterruptedException {
        // starts small and grows only for a line that does not fit: a dserver holds one per follow
        LineReader reader = new LineReader(plan.source().maxLineLength(), READ_BUFFER);
        Map<Path, Followed> followed = new LinkedHashMap<>();
        Set<String> reported = new HashSet<>();
        try (DirectoryWatch.Subscription changes = DirectoryWatch.shared().subscribe()) {
            rescan(followed, selections, changes, emitter, reported, true);
            long nextRescan = clock.nanoTime() + RESCAN_NANOS;
            while (!stop.getAsBoolean()) {
                // the clock first: what the poll below reads belongs to the interval in progress now
                tick.run();
                boolean behind = pollAll(followed, reader, emitter, reported);
                if (clock.nanoTime() - nextRescan >= 0) {
                    rescan(followed, selections, changes, emitter, reported, false);
                    nextRescan = clock.nanoTime() + RESCAN_NANOS;
                }
                if (!behind) {
                    // a poll reads a chunk at most: a reader behind its files goes on at once
                    clock.await(changes::await, POLL_MILLIS);
                }
            }
            if (readToEndOnStop) {
                // what the files held when the follow was told to stop is counted (a chunk per file and poll)
                for (int pass = 0; pass < FINAL_PASSES && pollAll(followed, reader, emitter, reported); pass++) {
                    // each pass reads on where the last one stopped
                }
            }
        } catch (IOException e) {
            emitter.problem("cannot watch files: " + AggregationRunner.describe(e));
        } finally {
            followed.values().forEach(f -> f.file().close());
        }
    }

    /** Polls every followed file once (a chunk at most each); true when one of them has more to read. */
    private static boolean pollAll(Map<Path, Followed> followed, LineReader reader, Emitter emitter, Set<String> reported) {
        boolean behind = false;
        for (Followed f : followed.values()) {
            try {
                long n = f.file().poll(reader, f.lines());
                emitter.progress(n);
                behind |= f.file().behind();
                long lost = f.file().takeTruncatedUnread();
                if (lost > 0) {
                    emitter.problem(f.file().path() + " was truncated (copytruncate) before its last " + lost
                            + " bytes were read: their lines are lost here, the rotated copy has them");
                }
            } catch (IOException e) {
                if (reported.add(f.file().path() + e.getMessage())) {
                    emitter.problem(f.file().path() + ": " + AggregationRunner.describe(e));
                }
            }
        }
        return behind;
    }

    /** A followed path and the selection its lines go through, which lasts across its rotations. */
    private record Followed(FollowedFile file, LineSelection lines) {
    }

    private void rescan(Map<Path, Followed> followed, Function<Path, LineSelection> selections,
                        DirectoryWatch.Subscription changes, Emitter emitter, Set<String> reported, boolean initial) {
        // a file that is not there at the start may appear later: say so once, keep looking. Later rescans
        // stay silent: a followed file is briefly missing in every rename rotation, and that is no problem
        // a glob's matches, by name: a refusal of one is never reported (the user did not name it); what is
        // matched was listed as the user, so the pattern's answer tells no more than she could list herself
        Map<Path, Boolean> candidates = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (FileGlobs.Argument arg : FileGlobs.arguments(plan.source().files(), gate)) {
            switch (arg) {
                case FileGlobs.Invalid i -> problems.add(i.problem());
                case FileGlobs.Named n -> candidates.put(n.path(), true);
                case FileGlobs.Glob g -> {
                    try {
                        List<Path> matched = g.matches(gate);
                        if (matched.isEmpty()) {
                            problems.add(g.text() + ": the pattern matches no file" + Inputs.Followed.STILL_WATCHING);
                        }
                        matched.forEach(p -> candidates.putIfAbsent(p, false));
                    } catch (FileGlobs.TooBroad e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        }
        for (Map.Entry<Path, Boolean> candidate : candidates.entrySet()) {
            Path p = candidate.getKey();
            boolean named = candidate.getValue();
            if (followed.containsKey(p)) {
                continue;
            }
            if (followed.size() >= maxFollowed) {
                if (reported.add("too many files")) {
                    emitter.problem(p + ": not followed, nor any file after it: this follow holds " + maxFollowed
                            + " files, the most one may; name fewer files or narrower patterns");
                }
                break;
            }
            switch (gate.open(p)) {
                // a file not there yet is taken up (and opened through the gate) by the rescan that sees it appear
                case FileGate.Refused r when r.missing() && named -> problems.add(r.message() + Inputs.Followed.STILL_WATCHING);
                case FileGate.Refused r when !named -> {
                    // a match the user may not read: left out, as a read-once request leaves it out
                }
                case FileGate.Refused r -> {
                    if (reported.add("denied " + p)) {
                        emitter.problem(r.message());
                    }
                }
                case FileGate.OpenedFile opened -> {
                    try {
                        followed.put(p, new Followed(FollowedFile.follow(opened, gate, plan.source().maxLineLength(),
                                initial && !fromStart.test(p), clock::nanoTime), selections.apply(p)));
                    } catch (IOException e) {
                        emitter.problem(p + ": " + AggregationRunner.describe(e));
                    }
                }
            }
        }
        if (initial) {
            for (String problem : problems) {
                if (reported.add(problem)) {
                    emitter.problem(problem);
                }
            }
        }
        for (Path p : followed.keySet()) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir != null) {
                changes.watch(dir);
            }
        }
    }
}
