package io.jdtail.engine.execution;

import io.jdtail.engine.operator.GrepContext;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.engine.source.FollowedFile;
import io.jdtail.engine.source.LineReader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a follow plan ({@code dtail}): the files named now are read from their end, files that
 * appear later (or match a glob later) from their start; appends are picked up as soon as the
 * file system reports them (inotify through {@link WatchService}) and at the latest every
 * {@link #POLL_MILLIS} ms. Lines go through the same filter and context rules as grep, or into a
 * map-reduce operator whose partials are emitted every interval.
 */
public final class FollowRunner {

    static final long POLL_MILLIS = 20;
    private static final long RESCAN_NANOS = 1_000_000_000L;

    private final ServerPlan plan;
    private final HostContext host;
    private final Function<Path, Optional<String>> denial;

    public FollowRunner(ServerPlan plan, HostContext host) {
        this(plan, host, p -> Optional.empty());
    }

    /**
     * @param denial why a file may not be read (for dserver: the user's permissions), checked for
     *               every file before it is followed, also for files that appear later
     */
    public FollowRunner(ServerPlan plan, HostContext host, Function<Path, Optional<String>> denial) {
        this.plan = plan;
        this.host = host;
        this.denial = denial;
    }

    /** Follows until {@code stop} says so; lines go to the emitter. */
    public void run(LineEmitter emitter, BooleanSupplier stop) throws InterruptedException {
        if (plan.aggregation().isPresent()) {
            throw new IllegalArgumentException("a follow plan with a query emits partials");
        }
        LineFilter filter = plan.filter().map(LineFilter::compile).orElse(null);
        Map<Path, GrepContext> contexts = new LinkedHashMap<>();
        // a followed stream is shown line by line: the last line of a rotated file, or a piece of an
        // over-long line, ends its output line too (only dcat reproduces missing newlines)
        loop(emitter, stop, (file, number, buf, off, len, terminatedInInput) -> {
            boolean terminated = true;
            boolean selected = filter == null || filter.selects(buf, off, len);
            if (plan.context().isNone()) {
                if (selected) {
                    emitter.line(file.toString(), number, buf, off, len, terminated);
                }
            } else {
                // max does not end a follow: context is grep's, the stream goes on
                contexts.computeIfAbsent(file, f -> new GrepContext(
                        new io.jdtail.engine.plan.ContextNode(plan.context().before(), plan.context().after(), 0), emitter, f.toString()))
                        .line(number, buf, off, len, terminated, selected);
            }
        }, () -> { });
    }

    /** Follows until {@code stop} says so, aggregating; a partial is emitted every interval and at the end. */
    public void run(PartialEmitter emitter, BooleanSupplier stop) throws InterruptedException {
        MapReduceOperator op = new MapReduceOperator(plan.aggregation().orElseThrow(), host);
        LineFilter filter = plan.filter().map(LineFilter::compile).orElse(null);
        long intervalNanos = plan.aggregation().get().interval().toNanos();
        long[] next = {System.nanoTime() + intervalNanos};
        long[] ordinal = {0};
        loop(emitter, stop, (file, number, buf, off, len, terminated) -> {
            if (filter == null || filter.selects(buf, off, len)) {
                op.accept(buf, off, len, ordinal[0]++);
            }
        }, () -> {
            long now = System.nanoTime();
            if (now >= next[0]) {
                emitter.partial(op.drain());
                next[0] += intervalNanos * Math.max(1, (now - next[0]) / intervalNanos + 1);
            }
        });
        emitter.partial(op.drain());
    }

    @FunctionalInterface
    private interface FileLines {
        void line(Path file, long number, byte[] buf, int off, int len, boolean terminated);
    }

    private void loop(Emitter emitter, BooleanSupplier stop, FileLines lines, Runnable tick) throws InterruptedException {
        LineReader reader = new LineReader(plan.source().maxLineLength(), 64 * 1024);
        Map<Path, FollowedFile> followed = new LinkedHashMap<>();
        Set<Path> watchedDirs = new HashSet<>();
        Set<String> reported = new HashSet<>();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            rescan(followed, watchedDirs, watcher, emitter, reported, true);
            long nextRescan = System.nanoTime() + RESCAN_NANOS;
            while (!stop.getAsBoolean()) {
                for (FollowedFile f : followed.values()) {
                    try {
                        long n = f.poll(reader, (number, buf, off, len, terminated) -> lines.line(f.path(), number, buf, off, len, terminated));
                        emitter.progress(n);
                    } catch (IOException e) {
                        if (reported.add(f.path() + e.getMessage())) {
                            emitter.problem(f.path() + ": " + AggregationRunner.describe(e));
                        }
                    }
                }
                tick.run();
                if (System.nanoTime() >= nextRescan) {
                    rescan(followed, watchedDirs, watcher, emitter, reported, false);
                    nextRescan = System.nanoTime() + RESCAN_NANOS;
                }
                var key = watcher.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                while (key != null) {
                    key.pollEvents();
                    key.reset();
                    key = watcher.poll();
                }
            }
        } catch (IOException | ClosedWatchServiceException e) {
            emitter.problem("cannot watch files: " + AggregationRunner.describe(e));
        } finally {
            followed.values().forEach(FollowedFile::close);
        }
    }

    private void rescan(Map<Path, FollowedFile> followed, Set<Path> watchedDirs, WatchService watcher, Emitter emitter,
                        Set<String> reported, boolean initial) {
        FileGlobs.Expansion expansion = FileGlobs.expand(plan.source().files());
        for (String problem : expansion.problems()) {
            // a file that is not there yet may appear later: say so once, keep looking
            if (reported.add(problem)) {
                emitter.problem(problem + " (still watching for it)");
            }
        }
        List<Path> candidates = new ArrayList<>();
        for (String arg : FileGlobs.splitLists(plan.source().files())) {
            if (!FileGlobs.isGlob(arg)) {
                candidates.add(Path.of(arg));
            }
        }
        candidates.addAll(expansion.files());
        for (Path p : candidates) {
            if (followed.containsKey(p) || !java.nio.file.Files.exists(p)) {
                // a file not there yet is taken up (and checked) by the rescan that sees it appear
                continue;
            }
            Optional<String> denied = denial.apply(p);
            if (denied.isPresent()) {
                if (reported.add("denied " + p)) {
                    emitter.problem(denied.get());
                }
                continue;
            }
            followed.put(p, FollowedFile.open(p, plan.source().maxLineLength(), initial));
        }
        for (Path p : followed.keySet()) {
            Path dir = p.toAbsolutePath().getParent();
            if (dir != null && watchedDirs.add(dir)) {
                try {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException e) {
                    watchedDirs.remove(dir); // polling still covers it
                }
            }
        }
    }
}
