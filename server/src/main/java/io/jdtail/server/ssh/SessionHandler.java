package io.jdtail.server.ssh;

/**
 * Serves one {@code jdtail} subsystem channel: the seam between dserver's SSH layer and the request protocol.
 *
 * <p>dserver calls {@link #handle} once per channel, on a virtual thread of its own, after the client has
 * authenticated with a listed public key and asked for the {@value JdtailSubsystemFactory#NAME} subsystem.
 * The handler reads the client's bytes from {@link SessionChannel#in()} and writes its own to
 * {@link SessionChannel#out()} (flush after each logical message: the stream buffers up to one SSH packet).
 * Writes block while the client's SSH window is full, which is the flow control of read-once modes.
 *
 * <p>The channel ends when {@code handle} returns (exit status 0) or throws (exit status 1; the exception's
 * message is logged and written to the channel's stderr), unless the handler already ended it with
 * {@link SessionChannel#exit(int, String)}. When the client goes away first, {@code in()} reaches end of
 * stream, writes fail with an {@link java.io.IOException}, the handler thread is interrupted and the
 * callbacks given to {@link SessionChannel#onClose(Runnable)} run.
 *
 * <p>Implementations must be thread-safe: many channels are served at once.
 */
@FunctionalInterface
public interface SessionHandler {

    void handle(SessionChannel channel) throws Exception;
}
