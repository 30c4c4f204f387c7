package io.jdtail.engine.execution;

import io.jdtail.engine.operator.GrepContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.ContextNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.Decoding;
import io.jdtail.engine.source.FileChunks;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.LineHandler;
import io.jdtail.engine.source.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * Schedules a read-once plan without aggregation (cat, grep): each file in turn, its lines through
 * the optional filter and grep's context rules, to the emitter. {@code dcat} is the plan with no
 * filter and no context, and costs only the line split.
 *
 * <p>A grep without context lines over a large plain file reads the file's ranges on all cores at
 * once ({@link Splitting}): the file is cut into ranges of about {@code minRange} bytes, which the
 * threads take in order as each is free (the calling thread, and {@code workers - 1} helpers), so that
 * a thread slowed by the JIT's compiler threads or by another process gets fewer ranges rather than
 * the run waiting for its half ({@link RangeTurns}). The calling thread shows the range whose turn it
 * is as it reads it; a range read ahead of its turn keeps its (few) selected lines until its turn, so
 * the output is exactly that of one pass. At most {@code 2 * workers} ranges are read ahead, each
 * keeping at most its share of the bound. A range whose selected lines outgrow its share stops there
 * (before the line, when it is one longer than the maximum, which comes in pieces and can be as long as
 * the file) and is read on from that line in its turn, and no more ranges are read ahead: a grep that selects
 * that much spends its time showing lines, which one thread does, and keeping lines for later would
 * only add copying (a grep for {@code GET}, a tenth of the lines of the benchmark log, took a third
 * more CPU when every range was read ahead).
 */
final class ReadRunner {

    /**
     * When and how a file is read in ranges at once: files of at least {@code 2 * minRange} bytes, in ranges of
     * at least {@code minRange} bytes, by {@code workers} threads; the ranges waiting for their turn keep at most about
     * {@code heldBytes} of selected lines in all.
     */
    record Splitting(int workers, long minRange, long heldBytes) {
        static final Splitting DEFAULT = new Splitting(Runtime.getRuntime().availableProcessors(), 32L << 20, 8L << 20);

        Splitting withWorkers(int n) {
            return new Splitting(n, minRange, heldBytes);
        }
    }

    private final ServerPlan plan;
    /** Compiled once per run (the regex and its literal search), used for every file in turn. */
    private final LineFilter filter;
    private final Splitting splitting;

    ReadRunner(ServerPlan plan) {
        this(plan, Splitting.DEFAULT);
    }

    ReadRunner(ServerPlan plan, Splitting splitting) {
        if (plan.aggregation().isPresent()) {
            throw new IllegalArgumentException("a map-reduce plan runs in AggregationRunner");
        }
        this.plan = plan;
        this.filter = plan.filter().map(LineFilter::compile).orElse(null);
        this.splitting = splitting;
    }

    /**
     * Reads the files in turn, each opened through {@code gate} when its turn comes and read only through what
     * the gate opened (all ranges of it too); a file the gate refuses is a problem and the others go on.
     */
    void run(List<Path> files, FileGate gate, LineEmitter emitter) {
        GrepContext.Separators separators = new GrepContext.Separators(plan.context());
        for (Path path : files) {
            // if/instanceof, not a switch on the type: the JDK spins a class for each such switch at run time
            FileGate.Opened opened = gate.open(path);
            if (opened instanceof FileGate.Refused refused) {
                emitter.problem(refused.message());
                continue;
            }
            FileGate.OpenedFile file = (FileGate.OpenedFile) opened;
            try (file) {
                Decoding decoding = Decoding.of(file.realPath());
                int ranges = ranges(decoding, file);
                if (ranges > 1) {
                    readInRanges(file, decoding, ranges, emitter);
                } else {
                    try (InputStream in = decoding.open(file.channel())) {
                        read(in, path.toString(), emitter, separators);
                    }
                }
            } catch (IOException | RuntimeException e) {
                emitter.problem(path + ": " + AggregationRunner.describe(e));
            }
        }
    }

    /** Reads one stream, e.g. stdin, shown under {@code name}. */
    void run(InputStream in, String name, LineEmitter emitter) {
        try {
            read(in, name, emitter, new GrepContext.Separators(plan.context()));
        } catch (IOException | RuntimeException e) {
            emitter.problem(name + ": " + AggregationRunner.describe(e));
        }
    }

    /** How many ranges to read {@code file} in: 1 unless it is a large plain file under a grep without context. */
    private int ranges(Decoding decoding, FileGate.OpenedFile file) throws IOException {
        if (filter == null || !filter.prefilters() || !plan.context().isNone() || !decoding.seekable() || splitting.workers() < 2) {
            return 1;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, file.channel().size() / splitting.minRange()));
    }

    private void read(InputStream in, String name, LineEmitter emitter, GrepContext.Separators separators) throws IOException {
        ContextNode context = plan.context();
        GrepContext grep = context.isNone() ? null : new GrepContext(context, emitter, name, separators);
        LineSelection selection = grep == null
                ? selection(shown(emitter, name, 0), true, emitter.wantsLineNumbers(), emitter::progress, splits(emitter, name))
                : selection(grep::line, false, true, emitter::progress, splits(emitter, name));
        try {
            new LineReader(plan.source().maxLineLength()).readAll(in, 0, selection);
        } catch (LineSelection.StopReading stop) {
            // --max reached: the rest of this file is not needed
        }
    }

    private void readInRanges(FileGate.OpenedFile file, Decoding decoding, int ranges, LineEmitter emitter) throws IOException {
        long size = file.channel().size();
        String name = file.requested().toString();
        long step = size / ranges;
        IntFunction<FileChunks.Chunk> range = k -> new FileChunks.Chunk(file, 0, decoding, k * step,
                k == ranges - 1 ? Long.MAX_VALUE : (k + 1) * step);
        int ahead = 2 * splitting.workers();
        RangeTurns<HeldRange> turns = new RangeTurns<>(ranges, ahead);
        long share = Math.max(1, splitting.heldBytes() / ahead);
        LongConsumer splitLines = splits(emitter, name);
        boolean countLines = emitter.wantsLineNumbers();
        List<FutureTask<Void>> helpers = new ArrayList<>();
        for (int w = 1; w < splitting.workers(); w++) {
            FutureTask<Void> helper = new FutureTask<>(() -> {
                LineReader reader = new LineReader(plan.source().maxLineLength());
                for (int k = turns.claimAhead(); k >= 0; k = turns.claimAhead()) {
                    try {
                        turns.held(k, hold(range.apply(k), reader, share, countLines, splitLines, turns));
                    } catch (Throwable e) {
                        // the showing thread waits for this range: it must hear of any failure, an Error too
                        turns.failed(k, e);
                        throw e;
                    }
                }
                return null;
            });
            Thread.ofVirtual().name("jdtail-range-" + w).start(helper);
            helpers.add(helper);
        }
        try {
            LineReader reader = new LineReader(plan.source().maxLineLength());
            long lines = 0;
            for (int k = 0; k < ranges; k++) {
                if (turns.claimIfNext(k)) {
                    lines += readShown(range.apply(k), reader, name, lines, emitter);
                    continue;
                }
                for (int q = turns.claimWhileWaiting(k); q >= 0; q = turns.claimWhileWaiting(k)) {
                    turns.held(q, hold(range.apply(q), reader, share, countLines, splitLines, turns));
                }
                HeldRange held = turns.await(k);
                for (HeldLine line : held.lines()) {
                    emitter.line(name, lines + line.number(), line.bytes(), 0, line.bytes().length, true);
                }
                emitter.progress(held.bytesRead());
                lines += held.linesRead();
                if (held.resumeAt() >= 0) {
                    lines += readShown(new FileChunks.Chunk(file, 0, decoding, held.resumeAt(), held.end()), reader, name, lines,
                            emitter);
                }
                turns.shown();
            }
        } finally {
            turns.stop();
            helpers.forEach(t -> t.cancel(true));
        }
    }

    /** Reads a range showing its selected lines as they come, numbered after {@code linesBefore}; returns its lines. */
    private long readShown(FileChunks.Chunk chunk, LineReader reader, String name, long linesBefore, LineEmitter emitter)
            throws IOException {
        LineSelection selection = selection(shown(emitter, name, linesBefore), true, emitter.wantsLineNumbers(), emitter::progress,
                splits(emitter, name));
        chunk.read(reader, selection);
        return selection.linesRead();
    }

    /**
     * Reads a range ahead of its turn keeping its selected lines, up to {@code bound} bytes (and one line or piece), where
     * it stops and ends the reading ahead of {@code turns}; its split lines are counted as they are read. A line longer
     * than the maximum is kept only when all its pieces fit: it can be as long as the file.
     */
    private HeldRange hold(FileChunks.Chunk chunk, LineReader reader, long bound, boolean countLines, LongConsumer splitLines,
                           RangeTurns<HeldRange> turns) throws IOException {
        List<HeldLine> held = new ArrayList<>();
        long[] heldBytes = {0};
        LineSelection selection = selection((number, buf, off, len, terminated, selected) -> {
            if (selected) {
                byte[] bytes = new byte[len];
                System.arraycopy(buf, off, bytes, 0, len);
                held.add(new HeldLine(number, bytes));
                heldBytes[0] += len + 32;
            }
            return heldBytes[0] < bound;
        }, true, countLines, bytes -> { }, splitLines).resumable();
        try {
            chunk.read(reader, selection);
            return new HeldRange(List.copyOf(held), selection.linesRead(), selection.bytesRead(), -1, chunk.end());
        } catch (LineSelection.StopReading full) {
            turns.stop(); // this grep selects too much to gain from reading ahead (see the class comment)
            // a stop inside a line in pieces is made before that line: the pieces kept of it are shown when it is read on
            long linesRead = selection.linesRead();
            while (!held.isEmpty() && held.getLast().number() > linesRead) {
                held.removeLast();
            }
            return new HeldRange(List.copyOf(held), linesRead, selection.bytesRead(), selection.stoppedBefore(), chunk.end());
        }
    }

    /** This plan's lines to {@code target}: cat reproduces its input byte for byte; grep, like GNU grep, ends every line it shows. */
    private LineSelection selection(LineSelection.Target target, boolean prefilter, boolean countSkipped, LongConsumer progress,
                                    LongConsumer splitLines) {
        return LineSelection.lines(filter, target, prefilter, countSkipped, filter != null || !plan.context().isNone(), progress,
                splitLines);
    }

    private LongConsumer splits(LineEmitter emitter, String name) {
        return emitter.splitLinesOf(name, plan.source().maxLineLength());
    }

    /** Selected lines go to the emitter, numbered after {@code linesBefore}. */
    private static LineSelection.Target shown(LineEmitter emitter, String name, long linesBefore) {
        return (number, buf, off, len, terminated, selected) -> {
            if (selected) {
                emitter.line(name, linesBefore + number, buf, off, len, terminated);
            }
            return true;
        };
    }

    private record HeldLine(long number, byte[] bytes) {
    }

    /**
     * What a range read ahead of its turn found: its selected lines, numbered from its start, and how many lines and
     * bytes it read; {@code resumeAt} is where it stopped (a line's start) when the lines outgrew the bound, else -1.
     */
    private record HeldRange(List<HeldLine> lines, long linesRead, long bytesRead, long resumeAt, long end) {
    }
}
