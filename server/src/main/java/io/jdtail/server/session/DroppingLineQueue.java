package io.jdtail.server.session;

import io.jdtail.engine.execution.LineEmitter;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follow mode's hand-off between the reader of the followed files and the client: a bounded
 * queue, so a slow client can never make the server buffer without limit. When it is full a line
 * is dropped and counted; each line sent carries the percentage of matched lines sent over the
 * last second, so the client sees at once that it is falling behind (and when it has caught up).
 */
final class DroppingLineQueue implements LineEmitter, AutoCloseable {

    /** A line with the percentage of lines offered in the current second that got into the queue. */
    private record QueuedLine(String file, long number, byte[] bytes, boolean terminated, boolean separator, int pct) {
    }

    private static final QueuedLine END = new QueuedLine("", 0, new byte[0], false, false, 100);
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final PlanSessionHandler.FrameEmitter out;
    private final BlockingQueue<QueuedLine> queue;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile RuntimeException sendFailure;
    // the producer's one-second window (only the follow reader thread touches these)
    private long windowStart = System.nanoTime();
    private long windowOffered;
    private long windowDropped;

    DroppingLineQueue(PlanSessionHandler.FrameEmitter out, int capacity) {
        this.out = out;
        // linked, not an array of the full capacity up front: most follows hold a few lines at a time,
        // and a dserver has one queue per follow
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sender = Thread.ofVirtual().name("jdtail-follow-sender").start(this::send);
    }

    @Override
    public void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        failIfSenderDied();
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            windowOffered = 0;
            windowDropped = 0;
        }
        windowOffered++;
        int pct = (int) ((windowOffered - windowDropped) * 100 / windowOffered);
        if (!queue.offer(new QueuedLine(file, lineNumber, Arrays.copyOfRange(buf, off, off + len), terminated, false, pct))) {
            windowDropped++;
            dropped.incrementAndGet();
        }
    }

    @Override
    public void separator(String file) {
        queue.offer(new QueuedLine(file, 0, new byte[0], false, true, 100));
    }

    @Override
    public void problem(String message) {
        out.problem(message);
    }

    /** Lines dropped so far because the client was too slow. */
    long dropped() {
        return dropped.get();
    }

    private void failIfSenderDied() {
        RuntimeException failure = sendFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Sends queued lines; once a second, when lines were dropped, a STATS frame with the totals. */
    private void send() {
        long reportedDrops = 0;
        long nextReport = System.nanoTime() + WINDOW_NANOS;
        try {
            while (true) {
                QueuedLine line = queue.poll(100, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (now >= nextReport) {
                    long d = dropped.get();
                    if (d != reportedDrops) {
                        out.stats(sent.get(), d);
                        reportedDrops = d;
                    }
                    nextReport = now + WINDOW_NANOS;
                }
                if (line == null) {
                    out.flush();
                    continue;
                }
                if (line == END) {
                    if (dropped.get() != reportedDrops) {
                        out.stats(sent.get(), dropped.get());
                    }
                    out.flush();
                    return;
                }
                if (line.separator()) {
                    out.separator(line.file());
                } else {
                    out.line(line.file(), line.number(), line.pct(), line.bytes(), 0, line.bytes().length, line.terminated());
                    sent.incrementAndGet();
                }
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            sendFailure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        // the end marker must get in even when the queue is full: make room by dropping the oldest
        while (!queue.offer(END)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
        sender.join(TimeUnit.SECONDS.toMillis(5));
        sender.interrupt();
    }
}
