package io.jdtail.server.ssh;

import io.jdtail.remote.ClientPackets;
import org.apache.sshd.common.channel.RemoteWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A jdtail channel's stdout as the session handler writes it. It hands MINA's channel stream no more bytes than
 * the client's window has room for, so MINA never waits for the window itself: MINA's wait gives up after
 * {@code channel-output-wait-for-space-timeout} (30 s) and leaves the frame it was writing cut, and the bytes
 * written after it turned the client's stream into garbage ({@code dcat | less} left alone for half a minute).
 * Here a read-once request waits for its client as long as the session is open: a client that vanished is
 * found by the server's keep-alives, which close the session and with it the window. Every
 * {@code stallReport} without room is counted and logged (at 1, 2, 4, 8... of them).
 *
 * <p>Once a write failed (the channel closed), nothing more is written: no byte may follow a cut frame.
 */
final class WindowPacedOutput extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPacedOutput.class);
    /**
     * The buffer's first size: MINA's default packet. A follow that sends a few lines at a time keeps it; output that
     * fills it (a read-once request) grows it to the client's packet size, so that every packet is as large as the
     * client accepts: each packet costs both ends an encryption, a decode and a hand-over between threads. A follow
     * that once has more than 32 KB to send between two flushes keeps the larger buffer. Giving it up at every flush
     * was tried: dserver's resident memory with 50 follows after bulk requests was 97-98 MB against 91-92 MB
     * without (docs/benchmarks.md).
     */
    static final int FIRST_BUFFER = 32 * 1024;

    private final OutputStream channelOut;
    private final RemoteWindow window;
    private final Duration stallReport;
    private final Runnable onStall;
    private final String client;
    /**
     * The client's packet size, but no more than the jdtail clients' own: what the buffer grows to and the most sent
     * between two flushes, so that each flush is one packet. A client may advertise up to 512 MiB (MINA's limit); that
     * client's channel would otherwise hold a buffer, and MINA a packet, of that size.
     */
    private final int packetBytes;
    private byte[] buf;
    private int size;
    private IOException failure;

    /**
     * @param channelOut  MINA's stream of the channel
     * @param window      the client's window of that channel
     * @param stallReport how long to wait for room before the wait is counted, logged and begun again
     * @param onStall     told of every such wait
     * @param client      who reads, for the log
     */
    WindowPacedOutput(OutputStream channelOut, RemoteWindow window, Duration stallReport, Runnable onStall, String client) {
        this.channelOut = channelOut;
        this.window = window;
        this.stallReport = stallReport;
        this.onStall = onStall;
        this.client = client;
        this.packetBytes = (int) Math.min(ClientPackets.MAX_PACKET_BYTES, window.getPacketSize());
        this.buf = new byte[Math.min(FIRST_BUFFER, packetBytes)];
    }

    @Override
    public synchronized void write(int b) throws IOException {
        usable();
        if (size == buf.length) {
            growOrDrain();
        }
        buf[size++] = (byte) b;
    }

    /**
     * Sends whole buffers only and keeps the rest: a frame's header leaves with the start of its payload and its
     * end with the next frame, in full packets, as MINA's own buffer did.
     */
    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        usable();
        int at = off;
        int left = len;
        while (size > 0) {
            int n = Math.min(left, buf.length - size);
            System.arraycopy(b, at, buf, size, n);
            size += n;
            at += n;
            left -= n;
            if (size < buf.length) {
                return;
            }
            growOrDrain();
        }
        int whole = left - left % buf.length;
        if (whole > 0) {
            send(b, at, whole);
            at += whole;
            left -= whole;
        }
        System.arraycopy(b, at, buf, 0, left);
        size = left;
    }

    @Override
    public synchronized void flush() throws IOException {
        usable();
        drain();
    }

    /** The buffer's size now; for tests. */
    synchronized int bufferBytes() {
        return buf.length;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (failure == null) {
                drain();
            }
        } finally {
            channelOut.close();
        }
    }

    private void usable() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write to the client failed (" + failure.getMessage()
                    + "); nothing more is sent", failure);
        }
    }

    /** A full buffer: grown (doubled, up to the client's packet size) while it is smaller, else sent. */
    private void growOrDrain() throws IOException {
        if (buf.length < packetBytes) {
            buf = Arrays.copyOf(buf, (int) Math.min(packetBytes, 2L * buf.length));
        } else {
            drain();
        }
    }

    private void drain() throws IOException {
        if (size > 0) {
            int n = size;
            size = 0;
            send(buf, 0, n);
        }
    }

    private void send(byte[] b, int off, int len) throws IOException {
        try {
            int at = off;
            int left = len;
            while (left > 0) {
                int n = (int) Math.min(Math.min(left, packetBytes), awaitRoom());
                channelOut.write(b, at, n);
                channelOut.flush();
                at += n;
                left -= n;
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Room in the client's window, waiting for it as long as the channel is open. */
    private long awaitRoom() throws IOException {
        long room = window.getSize();
        long stalls = 0;
        while (room <= 0) {
            try {
                room = window.waitForSpace(stallReport);
            } catch (SocketTimeoutException e) {
                stalls++;
                onStall.run();
                if (Long.bitCount(stalls) == 1) {
                    LOG.info("{}: the client has read nothing for {} s; waiting for it as long as its session is open",
                            client, stallReport.multipliedBy(stalls).toMillis() / 1000.0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the client to read");
            }
        }
        return room;
    }
}
