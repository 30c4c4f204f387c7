package io.jdtail.engine.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The start of every session, for both sides: the client sends HELLO (protocol name and version) and
 * its first frame (REQUEST or HEALTH); the server checks the greeting, answers with its own HELLO, and
 * reads that frame. Either side refuses a peer of another protocol or version with a message naming
 * both versions.
 */
public final class Handshake {

    private Handshake() {
    }

    /** What a side calls when its time to hear the peer is up; {@link Deadline#cancel} when it spoke in time. */
    @FunctionalInterface
    public interface Deadlines {
        Deadline after(Duration wait, Runnable action);
    }

    /** Deadlines on a scheduler: the action runs on its thread. */
    public static Deadlines on(ScheduledExecutorService scheduler) {
        return (wait, action) -> {
            ScheduledFuture<?> f = scheduler.schedule(action, wait.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    /** A scheduled action that may still be cancelled. */
    @FunctionalInterface
    public interface Deadline {
        void cancel();
    }

    private static byte[] hello() {
        return Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, FrameCodec.VERSION));
    }

    private static boolean speaksOurs(Messages.Hello h) {
        return h.protocol().equals(FrameCodec.PROTOCOL) && h.version() == FrameCodec.VERSION;
    }

    // ------------------------------------------------------------------ client

    /** Client: the greeting and the first frame of the conversation ({@code REQUEST}, {@code HEALTH} or {@code RELAY}). */
    public static void start(FrameCodec codec, FrameType type, byte[] payload) throws IOException {
        codec.write(FrameType.HELLO, hello());
        codec.write(type, payload);
        codec.flush();
    }

    /**
     * Client: checks the server's answer to the greeting. An ERROR frame there is the server's refusal
     * (e.g. a server of another version), said in its words.
     */
    public static void checkServerHello(FrameCodec.Frame hello) throws ProtocolException {
        if (hello != null && hello.type() == FrameType.ERROR) {
            throw new ProtocolException(Messages.text(hello.payload()));
        }
        if (hello == null || hello.type() != FrameType.HELLO) {
            throw new ProtocolException("the server did not answer with a jdtail greeting");
        }
        Messages.Hello h = Messages.hello(hello.payload());
        if (!speaksOurs(h)) {
            throw new ProtocolException("the server speaks " + h.protocol() + " " + h.version() + ", this client "
                    + FrameCodec.PROTOCOL + " " + FrameCodec.VERSION);
        }
    }

    // ------------------------------------------------------------------ server

    /**
     * Server: the greeting, the answer, then the REQUEST, HEALTH or RELAY frame; null when the client left
     * before sending one. When nothing has come within {@code timeout}, {@code onTimeout} runs (on the
     * deadlines' thread: it ends the channel, which ends this read).
     */
    public static FrameCodec.Frame accept(FrameCodec codec, Deadlines deadlines, Duration timeout, Runnable onTimeout)
            throws IOException {
        Deadline deadline = deadlines.after(timeout, onTimeout);
        try {
            return accept(codec);
        } finally {
            deadline.cancel();
        }
    }

    private static FrameCodec.Frame accept(FrameCodec codec) throws IOException {
        FrameCodec.Frame hello = codec.read();
        if (hello == null) {
            return null;
        }
        if (hello.type() != FrameType.HELLO) {
            throw new ProtocolException("expected a HELLO frame first, got " + hello.type());
        }
        Messages.Hello h = Messages.hello(hello.payload());
        if (!speaksOurs(h)) {
            throw new ProtocolException("client speaks " + h.protocol() + " " + h.version() + ", this server "
                    + FrameCodec.PROTOCOL + " " + FrameCodec.VERSION);
        }
        codec.write(FrameType.HELLO, hello());
        codec.flush();
        FrameCodec.Frame request = codec.read();
        if (request == null) {
            return null;
        }
        if (request.type() != FrameType.REQUEST && request.type() != FrameType.HEALTH && request.type() != FrameType.RELAY) {
            throw new ProtocolException("expected a REQUEST frame, got " + request.type());
        }
        return request;
    }
}
