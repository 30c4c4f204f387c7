package io.jdtail.server.ssh;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.source.FileGate;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;

/** One authenticated {@code jdtail} channel, as handed to a {@link SessionHandler}. */
public interface SessionChannel {

    /** The authenticated user name (the SSH login name). */
    String user();

    /** The client's address. */
    SocketAddress remoteAddress();

    /** A short id of the SSH session for log messages (several channels may share one session). */
    String sessionId();

    /** Bytes from the client; end of stream when the client sends EOF or goes away. */
    InputStream in();

    /** Bytes to the client (the channel's stdout). Buffered: flush. Blocks while the client's window is full. */
    OutputStream out();

    /** The channel's stderr, for a last human-readable word; the protocol itself belongs on {@link #out()}. */
    OutputStream err();

    /** Opens files for this user: server rules and the file system, for this user, decided on the opened file. */
    FileGate fileAccess();

    /**
     * The channel's request has been read and planned and is about to run: a client's read-once request (not a
     * follow) makes dserver's warm-up give way.
     */
    void requestStarting(PlanRequest.Mode mode);

    /** The server's configuration. */
    DtailConfig config();

    /**
     * Ends the channel: flushes {@link #out()} and {@link #err()}, sends the exit status (and message, if
     * any) and closes the channel. Idempotent and callable from any thread; the first call wins.
     */
    void exit(int status, String message);

    /** True once the channel has been ended by either side. */
    boolean isClosed();

    /** Runs {@code callback} once when the channel closes (at once if it already has). */
    void onClose(Runnable callback);
}
