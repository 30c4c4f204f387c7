package io.jdtail.engine.execution;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.plan.AggregationNode;
import io.jdtail.engine.source.FileChunks;
import io.jdtail.engine.source.FileChunks.Chunk;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.LineHandler;
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
 * Runs the aggregation part of a plan over files that are read once: chunks of the files are
 * shared out to reader threads (one per core), each with its own operator and partial; every
 * interval, and at the end, each thread hands its partial to the emitter. Because partials merge
 * in any order, how the input was split does not change the result.
 */
public final class AggregationRunner {

    /** Plain files larger than this are split so that both cores read one big file. */
    public static final long CHUNK_SIZE = 32L << 20;

    private final AggregationNode node;
    private final HostContext host;
    private final int maxLineLength;
    private final int threads;
    private final int maxFiles;

    /** The most files one request reads: each is held open until the whole request is read. */
    static final int MAX_FILES = 10_000;

    public AggregationRunner(AggregationNode node, HostContext host, int maxLineLength, int threads) {
        this(node, host, maxLineLength, threads, MAX_FILES);
    }

    AggregationRunner(AggregationNode node, HostContext host, int maxLineLength, int threads, int maxFiles) {
        this.maxFiles = maxFiles;
        this.node = node;
        this.host = host;
        this.maxLineLength = maxLineLength;
        this.threads = Math.max(1, threads);
    }

    public AggregationRunner(AggregationNode node, HostContext host, int maxLineLength) {
        this(node, host, maxLineLength, Runtime.getRuntime().availableProcessors());
    }

    /** Reads all files, opened as the process itself; returns when every partial has been emitted. */
    public void run(List<Path> files, PartialEmitter emitter) throws InterruptedException {
        run(files, FileGate.PROCESS, emitter);
    }

    /**
     * Reads all files, each opened through {@code gate} and read only through what it opened (a file the gate
     * refuses is a problem, the others are read); returns when every partial has been emitted. A reader thread
     * that fails otherwise than on one file makes this throw {@link WorkerFailure} once all threads have ended.
     */
    public void run(List<Path> files, FileGate gate, PartialEmitter emitter) throws InterruptedException {
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
                    switch (gate.open(f)) {
                        case FileGate.OpenedFile o -> {
                            if (!keep(o)) {
                                return;
                            }
                        }
                        case FileGate.Refused r -> emitter.problem(r.message());
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
    public void run(java.io.InputStream in, PartialEmitter emitter) {
        MapReduceOperator op = new MapReduceOperator(node, host);
        try {
            new LineReader(maxLineLength).readAll(in, 0, handler(op, 0, emitter, new IntervalClock(node.interval())));
        } catch (IOException | RuntimeException e) {
            emitter.problem("stdin: " + describe(e));
        }
        emitter.partial(op.drain());
    }

    private void work(ConcurrentLinkedQueue<Chunk> queue, PartialEmitter emitter) {
        MapReduceOperator op = new MapReduceOperator(node, host);
        LineReader reader = new LineReader(maxLineLength);
        IntervalClock clock = new IntervalClock(node.interval());
        Chunk chunk;
        try {
            while ((chunk = queue.poll()) != null) {
                try {
                    chunk.read(reader, handler(op, (long) chunk.fileIndex() << 40, emitter, clock));
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
     * Feeds lines to the operator (the first to the format's header reader, if it has one) and,
     * between buffers, reports progress and hands over a partial once per interval.
     */
    private static LineHandler handler(MapReduceOperator op, long ordinalBase, PartialEmitter emitter, IntervalClock clock) {
        return new LineHandler() {
            private boolean header = op.readsHeaderLine();
            private long consumed;

            @Override
            public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
                if (header) {
                    header = false;
                    op.header(buf, off, len);
                    return;
                }
                op.accept(buf, off, len, ordinalBase | offset);
            }

            @Override
            public void endOfBuffer(long bytesConsumed) {
                emitter.progress(bytesConsumed - consumed);
                consumed = bytesConsumed;
                if (clock.due()) {
                    emitter.partial(op.drain());
                }
            }
        };
    }

    /** When a reader thread next hands over its partial; one per thread, across all its chunks. */
    private static final class IntervalClock {
        private final long intervalNanos;
        private long last;

        IntervalClock(Duration interval) {
            // a Duration too long for nanoseconds in a long: never due before the end
            this.intervalNanos = interval.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : interval.toNanos();
            this.last = System.nanoTime();
        }

        /** Compares elapsed times, which cannot overflow as {@code now + interval} could. */
        boolean due() {
            long now = System.nanoTime();
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
