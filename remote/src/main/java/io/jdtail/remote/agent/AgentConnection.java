package io.jdtail.remote.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferException;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * One connection to an ssh-agent over its Unix domain socket ({@code SSH_AUTH_SOCK}). MINA's
 * {@link AbstractAgentProxy} speaks the agent protocol; this class only carries its length-prefixed
 * messages, over the JDK's own Unix domain sockets (MINA's Unix agent client needs the native
 * Tomcat APR library). Every request is bounded by {@code timeout}: an agent that does not answer
 * ends in an {@link IOException} naming the socket, never in a hang. Requests are serialized.
 */
public final class AgentConnection extends AbstractAgentProxy {

    /** OpenSSH's agent refuses messages over 256 KiB: a longer answer does not come from an agent. */
    static final int MAX_MESSAGE = 256 * 1024;

    private final Path socket;
    private final Duration timeout;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private AgentConnection(Path socket, Duration timeout) throws IOException {
        super(null); // no executor of its own: a request runs on the calling thread
        this.socket = socket;
        this.timeout = timeout;
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector sel = null;
        try {
            // non-blocking, so that every wait is a Selector.select with a deadline
            ch.configureBlocking(false);
            sel = Selector.open();
            this.key = ch.register(sel, 0);
        } catch (IOException e) {
            if (sel != null) {
                sel.close();
            }
            ch.close();
            throw e;
        }
        this.channel = ch;
        this.selector = sel;
    }

    /** Connects to the agent listening on {@code socket}; connecting is bounded by {@code timeout} too. */
    public static AgentConnection open(Path socket, Duration timeout) throws IOException {
        Objects.requireNonNull(socket, "socket");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the agent timeout must be positive, not " + timeout);
        }
        AgentConnection connection = new AgentConnection(socket, timeout);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!connection.channel.connect(UnixDomainSocketAddress.of(socket))) {
                while (!connection.channel.finishConnect()) {
                    connection.await(SelectionKey.OP_CONNECT, deadline);
                }
            }
            return connection;
        } catch (IOException e) {
            connection.close();
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            throw new IOException("cannot connect to the ssh-agent at " + socket + ": " + reason(e), e);
        }
    }

    /** The socket this connection talks to. */
    public Path socket() {
        return socket;
    }

    @Override
    public Iterable<? extends Map.Entry<PublicKey, String>> getIdentities() throws IOException {
        try {
            return super.getIdentities();
        } catch (BufferException e) {
            throw garbled(e);
        }
    }

    @Override
    public Map.Entry<String, byte[]> sign(SessionContext session, PublicKey key, String algorithm, byte[] data) throws IOException {
        try {
            return super.sign(session, key, algorithm, data);
        } catch (BufferException e) {
            throw garbled(e);
        }
    }

    /** Sends one framed request (MINA has put the length in front) and returns the answer's body. */
    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("the connection to the ssh-agent at " + socket + " is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        readFully(length, deadline);
        int size = length.getInt(0);
        if (size <= 0 || size > MAX_MESSAGE) {
            throw new SshException("the ssh-agent at " + socket + " answered with a message of " + Integer.toUnsignedString(size)
                    + " bytes (1 to " + MAX_MESSAGE + " expected): is " + socket + " an ssh-agent's socket?");
        }
        ByteBuffer body = ByteBuffer.allocate(size);
        readFully(body, deadline);
        return new ByteArrayBuffer(body.array());
    }

    private void readFully(ByteBuffer into, long deadline) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) {
                throw new EOFException("the ssh-agent at " + socket + " closed the connection without an answer");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline);
            }
        }
    }

    /** Waits until the channel is ready for {@code op}, at most until {@code deadline} (System.nanoTime). */
    private void await(int op, long deadline) throws IOException {
        key.interestOps(op);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("the ssh-agent at " + socket + " did not answer within " + describe(timeout));
                }
                // select(0) would wait forever: round up to at least one millisecond
                int ready = selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
                selector.selectedKeys().clear();
                if (Thread.interrupted()) {
                    // an interrupt only wakes the selector up; keep the flag for the caller
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the ssh-agent at " + socket);
                }
                if (ready > 0) {
                    return;
                }
            }
        } finally {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
    }

    private SshException garbled(BufferException e) {
        return new SshException("the ssh-agent at " + socket + " sent a malformed answer (" + e.getMessage() + ")", e);
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try (selector; channel) {
            super.close();
        }
    }

    @Override
    public String toString() {
        return "ssh-agent at " + socket;
    }
}
