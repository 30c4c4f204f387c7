package io.jdtail.engine.wire;

/**
 * The client's side of a session after the greeting: decodes each frame the server sends and hands
 * it to a {@link Sink}. Every malformed or unexpected frame is a {@link ProtocolException} with a
 * message saying what was wrong, never another exception: the server is an untrusted peer.
 */
public final class FrameReader {

    /** What one server's frames carry, decoded. */
    public interface Sink {

        /** Lines of one file, in order; the batch's buffers are only valid during the call. */
        void lines(LineBatch batch) throws ProtocolException;

        void separator() throws ProtocolException;

        void partial(PartialFrame partial) throws ProtocolException;

        void stats(Messages.Stats stats);

        /** A problem the server reported about one input or the request. */
        void problem(String message);

        /**
         * From a relay only: the next frame comes from {@code origin}'s server, or that server connected, was lost or
         * failed. A server that is not a relay never sends one.
         */
        default void origin(Messages.Origin origin) throws ProtocolException {
            throw new ProtocolException("unexpected ORIGIN frame from a server that relays nothing");
        }
    }

    private FrameReader() {
    }

    /**
     * Hands one frame to {@code sink}; returns true for DONE (the server finished the request, nothing
     * follows), false for any frame after which more are due.
     */
    public static boolean dispatch(FrameCodec.Frame frame, Sink sink) throws ProtocolException {
        switch (frame.type()) {
            case LINE -> sink.lines(LineBatch.read(frame.payload()));
            case SEPARATOR -> sink.separator();
            case PARTIAL -> sink.partial(PartialFrame.fromBytes(frame.payload()));
            case STATS -> sink.stats(Messages.stats(frame.payload()));
            case ERROR -> sink.problem(Messages.text(frame.payload()));
            case ORIGIN -> sink.origin(Messages.origin(frame.payload()));
            case DONE -> {
                return true;
            }
            case HELLO, REQUEST, HEALTH, RELAY -> throw new ProtocolException("unexpected " + frame.type() + " frame from the server");
        }
        return false;
    }
}
