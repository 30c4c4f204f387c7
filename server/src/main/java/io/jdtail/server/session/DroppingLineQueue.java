package io.jdtail.server.session;

import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.wire.FrameWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Follow mode's hand-off between the reader of the followed files and the client: a bounded
 * queue, so a slow client can never make the server buffer without limit.
 *
 * <p>When the queue is full the reader waits for room as long as the client keeps up: a reader
 * that is ahead only for a moment (a burst of appends, the new file after a rename, which is read
 * once the old one has been drained) must not cost a client that keeps up a single line. A client
 * that keeps up empties the queue now and then; one that has not for {@code maxLag} is behind for
 * real (stalled, or slower than the files grow: waiting for it would leave the reader ever further
 * behind its files). Then a line that finds the queue full is dropped and counted, until the client
 * has emptied the queue again. Each line sent carries the percentage of matched lines sent over the
 * last second, so the client sees at once that it is falling behind (and when it has caught up),
 * and a STATS frame counts the dropped lines exactly.
 */
final class DroppingLineQueue implements LineEmitter, AutoCloseable {

    /** A line with the percentage of lines offered in the current second that got into the queue. */
    private record QueuedLine(String file, long number, byte[] bytes, boolean terminated, boolean separator, int pct) {
    }

    private static final QueuedLine END = new QueuedLine("", 0, new byte[0], false, false, 100);
    private static final long WINDOW_NANOS = 1_000_000_000L;
    /**
     * A reader waiting for room looks at the clock at least this often: the wait ends when the queue
     * has not been empty for {@code maxLag}, and when the sender has failed (the client went away).
     */
    private static final long WAIT_SLICE_NANOS = 10_000_000L;

    private final FrameWriter out;
    private final long maxLagNanos;
    private final LongSupplier nanoClock;
    private final BlockingQueue<QueuedLine> queue;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile RuntimeException sendFailure;
    /** When the sender last found the queue empty (the client had everything the reader had read). */
    private volatile long lastEmptyNanos;
    // the producer's one-second window (only the follow reader thread touches these)
    private long windowStart;
    private long windowOffered;
    private long windowDropped;

    DroppingLineQueue(FrameWriter out, int capacity, Duration maxLag) {
        this(out, capacity, maxLag, System::nanoTime);
    }

    /**
     * @param maxLag    how long the queue may stay non-empty (the client behind) before the reader stops
     *                  waiting for room and drops lines instead
     * @param nanoClock the clock of that wait and of the percentages' one-second windows
     */
    DroppingLineQueue(FrameWriter out, int capacity, Duration maxLag, LongSupplier nanoClock) {
        this.out = out;
        this.maxLagNanos = maxLag.toNanos();
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
        this.lastEmptyNanos = windowStart;
        // linked, not an array of the full capacity up front: most follows hold a few lines at a time,
        // and a dserver has one queue per follow
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sender = Thread.ofVirtual().name("jdtail-follow-sender").start(this::send);
    }

    @Override
    public void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        failIfSenderDied();
        long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            windowOffered = 0;
            windowDropped = 0;
        }
        windowOffered++;
        int pct = (int) ((windowOffered - windowDropped) * 100 / windowOffered);
        if (!enqueue(new QueuedLine(file, lineNumber, Arrays.copyOfRange(buf, off, off + len), terminated, false, pct))) {
            windowDropped++;
            dropped.incrementAndGet();
        }
    }

    @Override
    public void separator(String file) {
        failIfSenderDied();
        enqueue(new QueuedLine(file, 0, new byte[0], false, true, 100));
    }

    /**
     * Puts {@code line} in the queue, waiting for room while the client keeps up; false when the
     * queue has not been empty for {@link #maxLagNanos} (the client is behind: drop).
     */
    private boolean enqueue(QueuedLine line) {
        while (!queue.offer(line)) {
            long behind = nanoClock.getAsLong() - lastEmptyNanos;
            if (behind >= maxLagNanos) {
                return false;
            }
            try {
                if (queue.offer(line, Math.min(WAIT_SLICE_NANOS, maxLagNanos - behind), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            failIfSenderDied();
        }
        return true;
    }

    @Override
    public void problem(String message) {
        out.problem(message);
    }

    @Override
    public void splitLine(String input, int maxLineLength, long pieces) {
        out.splitLine(input, maxLineLength, pieces);
    }

    /** Lines dropped so far because the client was too slow. */
    long dropped() {
        return dropped.get();
    }

    /** Lines (and separators) waiting for the client now. */
    int queued() {
        return queue.size();
    }

    private void failIfSenderDied() {
        RuntimeException failure = sendFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /** Sends queued lines; once a second, when lines were dropped or split, a STATS frame with the totals. */
    private void send() {
        long reportedDrops = 0;
        long nextReport = nanoClock.getAsLong() + WINDOW_NANOS;
        try {
            while (true) {
                QueuedLine line = queue.poll(100, TimeUnit.MILLISECONDS);
                long now = nanoClock.getAsLong();
                if (now >= nextReport) {
                    long d = dropped.get();
                    if (d != reportedDrops) {
                        out.stats(sent.get(), d);
                        reportedDrops = d;
                    }
                    out.reportSplitLines();
                    nextReport = now + WINDOW_NANOS;
                }
                if (line == null) {
                    lastEmptyNanos = now;
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
                    lastEmptyNanos = nanoClock.getAsLong();
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
        // the end marker waits for room as a line does while the client keeps up; only for a client that is
        // behind (or gone) does it make room by dropping the oldest line, counted
        boolean queued;
        try {
            queued = enqueue(END);
        } catch (RuntimeException senderFailed) {
            queued = false;
        }
        while (!queued && !queue.offer(END)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
        sender.join(TimeUnit.SECONDS.toMillis(5));
        sender.interrupt();
    }
}
