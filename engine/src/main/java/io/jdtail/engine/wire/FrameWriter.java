package io.jdtail.engine.wire;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.execution.PartialEmitter;
import io.jdtail.engine.execution.SplitLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The server's side of a session as an emitter: turns what a plan produces into frames; blocks while
 * the client's window is full. Lines are batched per file into LINE frames of about
 * {@link LineBatch#TARGET_BYTES}; anything else (a separator, a partial, a problem, a flush) sends the
 * pending batch first, so the client sees everything in the order it happened. A partial goes out as a
 * {@link PartialFrame}: with its {@link FollowInterval} when a follow run sends it, with none when a
 * read-once run does. A client that went away is an {@link UncheckedIOException} from any call.
 */
public final class FrameWriter implements LineEmitter, PartialEmitter {

    /** The longest a selected line waits in the batch while the read goes on (see {@link #progress}). */
    public static final long FLUSH_INTERVAL_NANOS = 50_000_000L;

    private final FrameCodec codec;
    private final LineBatch.Writer batch = new LineBatch.Writer();
    private final boolean numbered;
    private final LongSupplier nanoClock;
    private final SplitLines splitLines = new SplitLines();
    private long splitLinesReported;
    private volatile long lastFlush;

    /**
     * @param numbered  whether the client shows line numbers (see {@link LineEmitter#wantsLineNumbers})
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; a test's hand-set clock)
     */
    public FrameWriter(FrameCodec codec, boolean numbered, LongSupplier nanoClock) {
        this.codec = codec;
        this.numbered = numbered;
        this.nanoClock = nanoClock;
        this.lastFlush = nanoClock.getAsLong();
    }

    @Override
    public boolean wantsLineNumbers() {
        return numbered;
    }

    @Override
    public void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        line(file, lineNumber, 100, buf, off, len, terminated);
    }

    /** A line with the share of the file's lines transmitted so far (follow mode drops lines when the client lags). */
    public synchronized void line(String file, long lineNumber, int pct, byte[] buf, int off, int len, boolean terminated) {
        if (!batch.accepts(file)) {
            sendBatch();
        }
        batch.add(file, lineNumber, pct, terminated, buf, off, len);
        if (batch.ready()) {
            sendBatch();
        }
    }

    public synchronized void stats(long sent, long dropped) {
        write(FrameType.STATS, Messages.stats(new Messages.Stats(sent, dropped, false)));
    }

    /**
     * A relay's word about one of the servers behind it: what became of it (see {@link Messages.Origin}).
     */
    public synchronized void origin(Messages.Origin origin) {
        write(FrameType.ORIGIN, Messages.origin(origin));
        flush();
    }

    /**
     * A frame of {@code origin}, a server behind this relay, passed on as it came: an ORIGIN frame naming the server,
     * then the frame, then a flush (the server batched its lines already; a relay adds no wait of its own). Blocks
     * while the client's window is full, which holds up the server behind (its frames are not taken meanwhile).
     */
    public synchronized void forward(HostPort origin, FrameType type, byte[] payload) {
        write(FrameType.ORIGIN, Messages.origin(new Messages.Origin(origin, Messages.Origin.Event.FRAMES, "")));
        write(type, payload);
        flush();
    }

    /** Tells the client that its request waits for a free slot. */
    public synchronized void queued() {
        write(FrameType.STATS, Messages.stats(new Messages.Stats(0, 0, true)));
        flush();
    }

    @Override
    public synchronized void separator(String file) {
        write(FrameType.SEPARATOR, new byte[0]);
    }

    /** A read-once partial: it carries no interval. */
    @Override
    public synchronized void partial(PartialAggregate partial) {
        write(FrameType.PARTIAL, PartialFrame.readOnce(partial).toBytes());
        flush();
    }

    /** A follow run's partial, with the interval it covers. */
    @Override
    public synchronized void partial(PartialAggregate partial, FollowInterval interval) {
        write(FrameType.PARTIAL, PartialFrame.of(partial, interval).toBytes());
        reportSplitLines();
        flush();
    }

    @Override
    public synchronized void problem(String message) {
        write(FrameType.ERROR, Messages.text(message));
        flush();
    }

    /**
     * A read-once plan reports progress after every buffer it reads (1 MiB); a flush there sends
     * what is batched so far, so that a slow read still shows its lines as they come. A flush per
     * buffer, though, made a fast selective grep send one small SSH packet per MiB read and wait
     * for the client's window on each: a remote grep of 600 MB took 0.92 s instead of 0.79 s
     * (paired runs). So a flush waits until {@link #FLUSH_INTERVAL_NANOS} have passed since the last.
     */
    @Override
    public void progress(long bytes) {
        if (nanoClock.getAsLong() - lastFlush >= FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    @Override
    public void splitLine(String input, int maxLineLength, long pieces) {
        splitLines.add(input, maxLineLength, pieces);
    }

    /**
     * Sends a STATS frame with the inputs' split lines so far when more were counted since the last one: at the end
     * of a run, and during a follow once a second (see the session's line queue) and with each interval's partial.
     * The counts are totals; the client says what is new.
     */
    public synchronized void reportSplitLines() {
        List<SplitLines.Input> split = splitLines.inputs();
        long lines = split.stream().mapToLong(SplitLines.Input::lines).sum();
        if (lines != splitLinesReported) {
            write(FrameType.STATS, Messages.stats(new Messages.Stats(0, 0, false, split)));
            splitLinesReported = lines;
        }
    }

    /** Ends the stream: what is batched, a STATS frame with the split lines not reported yet (if any), then DONE. */
    public synchronized void done() {
        reportSplitLines();
        write(FrameType.DONE, new byte[0]);
        flush();
    }

    private void write(FrameType type, byte[] payload) {
        sendBatch();
        send(type, payload, payload.length);
    }

    private void sendBatch() {
        if (!batch.isEmpty()) {
            send(FrameType.LINE, batch.array(), batch.size());
            batch.clear();
        }
    }

    private void send(FrameType type, byte[] payload, int len) {
        try {
            codec.write(type, payload, 0, len);
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }

    public synchronized void flush() {
        sendBatch();
        try {
            codec.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
        lastFlush = nanoClock.getAsLong();
    }
}
