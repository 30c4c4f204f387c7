package io.jdtail.engine.execution;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.AggregationNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.FileChunks;
import io.jdtail.engine.source.FileChunks.Chunk;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.LineReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Schedules the aggregation of a plan over inputs that are read once: chunks of the files are
 * shared out to reader threads (one per core), each with its own operator and partial; every
 * interval (by the {@link Ticker}), and at the end, each thread hands its partial to the emitter.
 * Because partials merge in any order, how the input was split does not change the result. Each
 * chunk's lines go through the plan's {@link LineSelection} (header line, filter) into the thread's
 * operator.
 */
final class AggregationRunner {

    /** Plain files larger than this are split so that both cores read one big file. */
    public static final long CHUNK_SIZE = 32L << 20;

    private final AggregationNode node;
    /** Compiled once per run, shared by the reader threads (a compiled filter is thread-safe). */
    private final LineFilter filter;
    private final HostContext host;
    private final int maxLineLength;
    private final int threads;
    private final int maxFiles;
    private final Ticker ticker;

    /** The most files one request reads: each is held open until the whole request is read. */
    static final int MAX_FILES = 10_000;

    AggregationRunner(ServerPlan plan, HostContext host, Ticker ticker, int threads) {
        this(plan, host, ticker, threads, MAX_FILES);
    }

    AggregationRunner(ServerPlan plan, HostContext host, Ticker ticker, int threads, int maxFiles) {
        this.maxFiles = maxFiles;
        this.node = plan.aggregation().orElseThrow();
        this.filter = plan.filter().map(LineFilter::compile).orElse(null);
        this.host = host;
        this.maxLineLength = plan.source().maxLineLength();
        this.ticker = ticker;
        this.threads = Math.max(1, threads);
    }

    /**
     * Reads all files, each opened through {@code gate} and read only through what it opened (a file the gate
     * refuses is a problem, the others are read); returns when every partial has been emitted. A reader thread
     * that fails otherwise than on one file makes this throw {@link WorkerFailure} once all threads have ended.
     */
    void run(List<Path> files, FileGate gate, PartialEmitter emitter) throws InterruptedException {
        // the files are opened on a thread of their own: an open as the process itself waits for a named pipe's
        // writer, and this thread must stay interruptible (a job is stopped when dserver shuts down)
        Opening opening = new Opening(files, gate, emitter, maxFiles);
        Thread opener = Thread.ofPlatform().name("jdtail-open").start(opening);
        try {
            opener.join();
        } catch (InterruptedException e) {
            opening.abandon();
            throw e;
        }
        List<FileGate.OpenedFile> opened = opening.opened();
        try {
            readChunks(FileChunks.split(opened, CHUNK_SIZE), emitter);
        } catch (IOException e) {
            emitter.problem(describe(e));
        } finally {
            opened.forEach(FileGate.OpenedFile::close);
        }
    }

    /** Opens the files in turn; a file refused is a problem. Abandoned, it closes what it opened and opens no more. */
    private static final class Opening implements Runnable {
        private final List<Path> files;
        private final FileGate gate;
        private final PartialEmitter emitter;
        private final int maxFiles;
        private final List<FileGate.OpenedFile> opened = new ArrayList<>();
        private boolean abandoned;

        Opening(List<Path> files, FileGate gate, PartialEmitter emitter, int maxFiles) {
            this.maxFiles = maxFiles;
            this.files = files;
            this.gate = gate;
            this.emitter = emitter;
        }

        private RuntimeException failure;

        @Override
        public void run() {
            try {
                for (Path f : files) {
                    if (openedCount() >= maxFiles) {
                        emitter.problem(f + ": not read, nor any file after it: this request reads " + maxFiles
                                + " files at most; name fewer files or narrower patterns");
                        return;
                    }
                    // if/instanceof, not a switch on the type: the JDK spins a class for each such switch at run time
                    FileGate.Opened opened = gate.open(f);
                    if (opened instanceof FileGate.Refused r) {
                        emitter.problem(r.message());
                    } else if (!keep((FileGate.OpenedFile) opened)) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                // reporting a problem failed: the emitter is gone (the client went away)
                synchronized (this) {
                    failure = e;
                }
            }
        }

        private synchronized int openedCount() {
            return opened.size();
        }

        private synchronized boolean keep(FileGate.OpenedFile o) {
            if (abandoned) {
                o.close();
                return false;
            }
            opened.add(o);
            return true;
        }

        synchronized void abandon() {
            abandoned = true;
            opened.forEach(FileGate.OpenedFile::close);
            opened.clear();
        }

        /** What was opened; rethrows, after closing it, what failed the opening. */
        synchronized List<FileGate.OpenedFile> opened() {
            if (failure != null) {
                abandon();
                throw failure;
            }
            return List.copyOf(opened);
        }
    }

    private void readChunks(List<Chunk> chunks, PartialEmitter emitter) throws InterruptedException {
        if (node.format().readsHeaderLine()) {
            chunks = chunks.stream().map(c -> new Chunk(c.file(), c.fileIndex(), c.decoding(), 0, Long.MAX_VALUE))
                    .distinct().toList();
        }
        ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>(chunks);
        int n = Math.min(threads, Math.max(1, chunks.size()));
        List<Thread> workers = new ArrayList<>(n);
        AtomicReference<WorkerFailure> failure = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            String name = "reader thread jdtail-reader-" + i;
            workers.add(Thread.ofPlatform().name("jdtail-reader-" + i).start(() -> {
                try {
                    work(queue, emitter);
                } catch (Throwable t) {
                    queue.clear(); // the result is lost anyway: the other threads need not read on
                    failure.compareAndSet(null, new WorkerFailure(name, t));
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Reads one stream (stdin) on the calling thread. */
    void run(java.io.InputStream in, String name, PartialEmitter emitter) {
        LineSelection.Aggregating aggregating = new LineSelection.Aggregating(new MapReduceOperator(node, host), false);
        try {
            new LineReader(maxLineLength).readAll(in, 0, selection(aggregating, 0, emitter, new IntervalClock(node.interval(), ticker), name));
        } catch (IOException | RuntimeException e) {
            emitter.problem(name + ": " + describe(e));
        }
        emitter.partial(aggregating.operator().drain());
    }

    private void work(ConcurrentLinkedQueue<Chunk> queue, PartialEmitter emitter) {
        LineSelection.Aggregating aggregating = new LineSelection.Aggregating(new MapReduceOperator(node, host), false);
        MapReduceOperator op = aggregating.operator();
        LineReader reader = new LineReader(maxLineLength);
        IntervalClock clock = new IntervalClock(node.interval(), ticker);
        Chunk chunk;
        try {
            while ((chunk = queue.poll()) != null) {
                try {
                    chunk.read(reader, selection(aggregating, (long) chunk.fileIndex() << 40, emitter, clock,
                            chunk.file().requested().toString()));
                } catch (IOException | RuntimeException e) {
                    emitter.problem(chunk.file().requested() + ": " + describe(e));
                }
            }
            emitter.partial(op.drain());
        } catch (UncheckedIOException e) {
            // reporting failed too: the emitter itself is gone (the client went away); stop reading
            queue.clear();
        }
    }

    /**
     * One input's lines through the plan's selection into the thread's operator; between buffers, reports
     * progress and hands over a partial once per interval.
     */
    private LineSelection selection(LineSelection.Aggregating aggregating, long ordinalBase, PartialEmitter emitter,
                                    IntervalClock clock, String input) {
        return LineSelection.aggregating(filter, aggregating, ordinalBase, bytes -> {
            emitter.progress(bytes);
            if (clock.due()) {
                emitter.partial(aggregating.operator().drain());
            }
        }, emitter.splitLinesOf(input, maxLineLength));
    }

    /** When a reader thread next hands over its partial; one per thread, across all its chunks. */
    private static final class IntervalClock {
        private final long intervalNanos;
        private final Ticker ticker;
        private long last;

        IntervalClock(Duration interval, Ticker ticker) {
            // a Duration too long for nanoseconds in a long: never due before the end
            this.intervalNanos = interval.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : interval.toNanos();
            this.ticker = ticker;
            this.last = ticker.nanoTime();
        }

        /** Compares elapsed times, which cannot overflow as {@code now + interval} could. */
        boolean due() {
            long now = ticker.nanoTime();
            if (now - last < intervalNanos) {
                return false;
            }
            last = now;
            return true;
        }
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
