package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One TCP connection to Graphite's plaintext port. Graphite never talks back on it, so a watcher
 * reads from it all the time: end of stream or an error means the peer has gone, which
 * {@link #peerGone()} tells as soon as it happens (also while no lines are being sent), so that
 * the next batch is kept instead of written into the void.
 */
final class CarbonConnection implements Closeable {

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final SocketChannel channel;
    private volatile boolean connected;
    private volatile boolean peerGone;

    private CarbonConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** An unconnected connection; {@link #close} aborts a {@link #connect} in progress. */
    static CarbonConnection unconnected() throws IOException {
        return new CarbonConnection(SocketChannel.open());
    }

    /**
     * Connects (bounded by {@link #CONNECT_TIMEOUT_MILLIS}) and starts watching for the peer's end.
     *
     * @param onPeerGone run once the peer has gone (or the connection was closed), on the watcher thread
     */
    void connect(GraphiteTarget target, Runnable onPeerGone) throws IOException {
        channel.socket().connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        connected = true;
        Thread.ofVirtual().name("graphite-watch-" + target).start(() -> watch(onPeerGone));
    }

    private void watch(Runnable onPeerGone) {
        ByteBuffer scratch = ByteBuffer.allocate(256);
        try {
            while (channel.read(scratch) >= 0) {
                scratch.clear();
            }
        } catch (IOException gone) {
            // reset, or closed by us: either way nothing more can be sent on it
        }
        peerGone = true;
        onPeerGone.run();
    }

    /** Connected, and the peer has not gone. */
    boolean isUp() {
        return connected && !peerGone;
    }

    boolean peerGone() {
        return peerGone;
    }

    /** Writes the lines as one block; returns once the operating system took them all. */
    void send(List<String> batch) throws IOException {
        int size = 0;
        for (String line : batch) {
            size += line.length();
        }
        StringBuilder text = new StringBuilder(size);
        for (String line : batch) {
            text.append(line);
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() {
        connected = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }
}
