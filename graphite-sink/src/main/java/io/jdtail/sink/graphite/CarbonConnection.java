package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * One TCP connection to Graphite's plaintext port. Graphite never talks back on it, so end of stream or
 * an error on reading means the peer has gone. A watcher tells that as soon as it happens
 * ({@link #peerGone()}, also while no lines are being sent), and {@link #send} looks again itself right
 * before it writes: a write into a connection the peer has closed still succeeds (the peer answers it
 * with a reset), so a batch sent before the watcher had run would be lost instead of kept for the next
 * connection. The channel is non-blocking after the connect so that both can look without waiting.
 */
final class CarbonConnection implements Closeable {

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final SocketChannel channel;
    /** The time {@link #waitingForCarbonSince} is told on (the sender's clock). */
    private final LongSupplier nanoClock;
    /** Run when the peer has gone, and when a send begins or ends waiting for carbon to take data. */
    private volatile Runnable onChange = () -> { };
    /** Since when (on {@link #nanoClock}) the send under way has waited for carbon to take data; empty when it does not. */
    private volatile OptionalLong waitingSince = OptionalLong.empty();
    private volatile boolean connected;
    private volatile boolean peerGone;
    /** Wakes the watcher when there is something to read (the peer's end). */
    private final Selector readable;
    /** Wakes {@link #send} when the kernel takes more bytes. */
    private final Selector writable;

    private CarbonConnection(SocketChannel channel, LongSupplier nanoClock, Selector readable, Selector writable) {
        this.channel = channel;
        this.nanoClock = nanoClock;
        this.readable = readable;
        this.writable = writable;
    }

    /**
     * An unconnected connection; {@link #close} aborts a {@link #connect} in progress.
     *
     * @param nanoClock the time {@link #waitingForCarbonSince} is told on
     */
    static CarbonConnection unconnected(LongSupplier nanoClock) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector readable = null;
        try {
            readable = Selector.open();
            return new CarbonConnection(channel, nanoClock, readable, Selector.open());
        } catch (IOException e) {
            // out of descriptors, say: each retry must not leak what it opened
            if (readable != null) {
                readable.close();
            }
            channel.close();
            throw e;
        }
    }

    /**
     * Connects (bounded by {@link #CONNECT_TIMEOUT_MILLIS}) and starts watching for the peer's end.
     *
     * @param onChange run once the peer has gone (or the connection was closed), on the watcher thread, and whenever a
     *                 send begins or ends waiting for carbon to take data, on the sending thread
     */
    void connect(GraphiteTarget target, Runnable onChange) throws IOException {
        this.onChange = onChange;
        channel.socket().connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        channel.configureBlocking(false);
        try {
            channel.register(readable, SelectionKey.OP_READ);
            channel.register(writable, SelectionKey.OP_WRITE);
        } catch (ClosedSelectorException closed) {
            // close() ran meanwhile (it closes the channel, then the selectors): a failed connect, not an unchecked
            // exception that would kill the sender's thread
            throw new AsynchronousCloseException();
        }
        connected = true;
        // a daemon thread of its own: it waits in the selector for as long as the connection lasts
        Thread.ofPlatform().daemon().name("graphite-watch-" + target).start(this::watch);
    }

    private void watch() {
        ByteBuffer scratch = ByteBuffer.allocate(256);
        try {
            while (stillOpen(scratch)) {
                readable.select();
                readable.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException gone) {
            // reset, or closed by us: either way nothing more can be sent on it
        }
        peerGone = true;
        onChange.run();
    }

    /** Reads (without waiting) what there is to read; false once the peer has closed its end. */
    private boolean stillOpen(ByteBuffer scratch) throws IOException {
        int n;
        do {
            scratch.clear();
            n = channel.read(scratch);
        } while (n > 0);
        return n == 0;
    }

    /** Connected, and the peer has not gone. */
    boolean isUp() {
        return connected && !peerGone;
    }

    boolean peerGone() {
        return peerGone;
    }

    /**
     * Since when (on the clock given to {@link #unconnected}) the send under way has waited for carbon to take data
     * because the kernel's buffers are full; empty while data goes out, or no send is under way. A carbon that has
     * frozen (it accepts, its kernel acknowledges, the process never reads) keeps a send waiting here.
     */
    OptionalLong waitingForCarbonSince() {
        return waitingSince;
    }

    /**
     * Writes the lines as one block; returns once the operating system took them all. Fails, writing
     * nothing, when the peer has closed its end already.
     */
    void send(List<String> batch) throws IOException {
        if (peerGone || !stillOpen(ByteBuffer.allocate(256))) {
            peerGone = true;
            throw new EOFException("closed by the server");
        }
        int size = 0;
        for (String line : batch) {
            size += line.length();
        }
        StringBuilder text = new StringBuilder(size);
        for (String line : batch) {
            text.append(line);
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(US_ASCII));
        try {
            writeWaitingForRoom(bytes);
        } finally {
            notWaiting();
        }
    }

    private void writeWaitingForRoom(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) > 0) {
                notWaiting();
            } else {
                if (waitingSince.isEmpty()) {
                    waitingSince = OptionalLong.of(nanoClock.getAsLong());
                    onChange.run();
                }
                // the kernel's buffer is full (Graphite reads slowly); close() ends this wait. The selector may be
                // closed by the time the wait wakes up (selectedKeys() then throws the unchecked
                // ClosedSelectorException, which would kill the sender's thread): the close is the send's failure
                try {
                    writable.select();
                    writable.selectedKeys().clear();
                } catch (ClosedSelectorException closed) {
                    throw new AsynchronousCloseException();
                }
            }
        }
    }

    private void notWaiting() {
        if (waitingSince.isPresent()) {
            waitingSince = OptionalLong.empty();
            onChange.run();
        }
    }

    @Override
    public void close() {
        connected = false;
        for (Closeable c : new Closeable[] {channel, readable, writable}) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }
}
