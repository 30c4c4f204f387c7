package io.jdtail.remote;

import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameDecoder;
import io.jdtail.engine.wire.ProtocolException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.channel.ChannelSubsystem;

/**
 * The client's end of a {@code jdtail} subsystem channel. What the server sends is cut into frames
 * on the SSH I/O thread as it arrives and handed to the reader whole; the reader gives the frame's
 * bytes back to the SSH window when it takes the frame. That is one hand-over and one window update
 * per frame (up to {@link io.jdtail.engine.wire.LineBatch#TARGET_BYTES} of lines), where reading
 * MINA's piped stream cost a lock, a wake-up and a window update per read, and a third of the
 * client's CPU in a remote {@code dcat}.
 *
 * <p>Flow control stays with the reader: bytes of queued frames are not given back until the frame
 * is taken, so a server can be at most one window ahead of a slow reader. Only the part of a single
 * frame beyond a quarter of the window is given back early, so that a frame larger than the window
 * (one very long line) can still arrive. Taken frames go back a quarter of the window at a time
 * ({@link WindowReturns}).
 */
final class FrameChannel extends ChannelSubsystem {

    private record Queued(FrameCodec.Frame frame, long windowBytes, ProtocolException error) {
    }

    private final FrameDecoder decoder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** Window bytes held for the frame being assembled (I/O thread only). */
    private long heldForCurrent;
    private boolean failed;
    private boolean ended;
    /** The stream ended inside a frame: what came of that frame is dropped, never shown. */
    private boolean endedMidFrame;
    /** Window bytes of taken frames not given back yet (reader only; made with the window, at the first frame taken). */
    private WindowReturns returns;

    FrameChannel(int maxFrame) {
        super(FrameCodec.PROTOCOL);
        this.decoder = new FrameDecoder(maxFrame);
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        if (isClosing() || failed) {
            return;
        }
        long holdLimit = Math.max(1, getLocalWindow().getMaxSize() / 4);
        int at = off;
        int end = off + (int) len;
        while (at < end) {
            int used;
            try {
                used = decoder.feed(data, at, end - at);
            } catch (ProtocolException e) {
                failed = true;
                enqueue(new Queued(null, 0, e));
                getLocalWindow().release(heldForCurrent + (end - at));
                return;
            }
            at += used;
            heldForCurrent += used;
            FrameCodec.Frame frame = decoder.take();
            if (frame != null) {
                enqueue(new Queued(frame, heldForCurrent, null));
                heldForCurrent = 0;
            } else if (heldForCurrent > holdLimit) {
                getLocalWindow().release(heldForCurrent - holdLimit);
                heldForCurrent = holdLimit;
            }
        }
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        end();
    }

    @Override
    protected void preClose() {
        end();
        super.preClose();
    }

    /**
     * Ends the client's side of the channel (SSH EOF): the server of a follow takes it as "stop", sends the figures
     * of the interval in progress and DONE. Frames from the server go on arriving.
     */
    void endOutput() throws IOException {
        if (!isClosing() && !isEofSent()) {
            sendEof();
        }
    }

    private void enqueue(Queued q) {
        lock.lock();
        try {
            queue.add(q);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    private void end() {
        lock.lock();
        try {
            if (!ended) {
                endedMidFrame = !failed && !decoder.betweenFrames();
            }
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next frame, waiting at most {@code millis}; null when none came in that time or the
     * stream has ended ({@link #ended}). A malformed frame is thrown where it stands in the stream.
     */
    FrameCodec.Frame poll(long millis) throws ProtocolException, InterruptedException {
        Queued q;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (queue.isEmpty() && !ended && nanos > 0) {
                nanos = arrived.awaitNanos(nanos);
            }
            q = queue.poll();
        } finally {
            lock.unlock();
        }
        if (q == null) {
            return null;
        }
        if (q.error() != null) {
            throw q.error();
        }
        try {
            if (returns == null) {
                returns = new WindowReturns(getLocalWindow().getMaxSize());
            }
            long due = returns.taken(q.windowBytes());
            if (due > 0) {
                getLocalWindow().release(due);
            }
        } catch (IOException e) {
            // the channel is closing: nothing more will be sent anyway
        }
        return q.frame();
    }

    /** Whether the stream ended (see {@link #ended}) in the middle of a frame: the server's output is cut. */
    boolean endedMidFrame() {
        lock.lock();
        try {
            return endedMidFrame;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server ended the stream (or the channel closed) and every frame has been taken. */
    boolean ended() {
        lock.lock();
        try {
            return ended && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
