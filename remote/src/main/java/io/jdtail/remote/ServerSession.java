package io.jdtail.remote;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameReader;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Handshake;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.engine.wire.ProtocolException;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.ConnectionService;

/**
 * The conversation with a server on its {@code jdtail} subsystem channel, on a session {@link SshConnector}
 * opened: the greeting, the request (or the health question), then the frames the server answers with, handed to
 * the {@link RemoteSink} as they come, until DONE. Every wait is bounded (the connect timeout, the session timeout
 * of read-once requests, the stop signal); the reasons a stream ended early are told apart. One instance holds
 * the conversations with all servers of a run (the sink and the count of lines are the run's).
 */
final class ServerSession {

    /** How often a reader waiting for frames looks at the stop signal and the deadline. */
    private static final long POLL_MILLIS = 50;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** The stop signal of waits that only their deadline ends. */
    private static final BooleanSupplier NEVER = () -> false;
    /**
     * How long a stopped follow waits for a server's last figures (the interval in progress) and its DONE: well
     * under the clients' wait for their last output after a signal, so that the final table is still printed.
     */
    static final java.time.Duration LAST_FIGURES_WAIT = java.time.Duration.ofSeconds(5);

    private final RemoteSettings settings;
    private final RemoteSink sink;
    private final SshConnector connector;
    private final LongAdder linesReceived = new LongAdder();

    ServerSession(RemoteSettings settings, RemoteSink sink, SshConnector connector) {
        this.settings = settings;
        this.sink = sink;
        this.connector = connector;
    }

    /** Opens the {@code jdtail} subsystem channel on {@code session}. */
    FrameChannel open(ClientSession session) throws IOException {
        FrameChannel channel = new FrameChannel(RemoteRun.MAX_FRAME);
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(settings.connectTimeout());
        return channel;
    }

    /** Sends the greeting and the first frame of the conversation ({@code REQUEST} or {@code HEALTH}). */
    private static void start(FrameChannel channel, FrameType type, byte[] payload) throws IOException {
        Handshake.start(new FrameCodec(null, channel.getInvertedIn(), RemoteRun.MAX_FRAME), type, payload);
    }

    /**
     * The next frame; null when the stream ended or {@code stop} said so. Past {@code deadline}
     * (System.nanoTime, or {@link #NO_DEADLINE}) it throws with {@code late} as the message.
     */
    private static FrameCodec.Frame next(FrameChannel channel, BooleanSupplier stop, long deadline, String late)
            throws IOException, InterruptedException {
        while (true) {
            if (stop.getAsBoolean()) {
                return null;
            }
            FrameCodec.Frame frame = channel.poll(POLL_MILLIS);
            if (frame != null || channel.ended()) {
                return frame;
            }
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
                throw new ServerProblem(late);
            }
        }
    }

    /** Runs {@code request} on {@code channel} until the server is DONE, the stream ends or {@code stop} says so. */
    void exchange(ServerAddress server, FrameChannel channel, PlanRequest request, BooleanSupplier stop)
            throws IOException, InterruptedException {
        converse(channel, FrameType.REQUEST, Messages.request(request), request.mode(), stop,
                () -> sink.connected(server), serverSink(server));
    }

    /**
     * Sends {@code relayed} to the relay on {@code channel} and hands what it sends to {@code stream} (its servers'
     * frames, told apart by origin), until the relay is DONE, the stream ends or {@code stop} says so. For the sink
     * the relay is one source that connected (a query's partials are merged there).
     */
    void relay(ServerAddress relay, FrameChannel channel, Messages.RelayRequest relayed, RelayedStream stream,
               BooleanSupplier stop) throws IOException, InterruptedException {
        converse(channel, FrameType.RELAY, Messages.relay(relayed), relayed.request().mode(), stop,
                () -> sink.connected(relay), stream);
    }

    private void converse(FrameChannel channel, FrameType type, byte[] payload, PlanRequest.Mode mode, BooleanSupplier stop,
                          Runnable greeted, FrameReader.Sink frames) throws IOException, InterruptedException {
        start(channel, type, payload);
        long deadline = settings.sessionTimeout().isZero() || mode.follows()
                ? NO_DEADLINE : System.nanoTime() + settings.sessionTimeout().toNanos();
        String late = "the session ran longer than the --timeout of " + settings.sessionTimeout().toSeconds()
                + " s and was ended (its results are missing; raise --timeout, 0 = no limit)";
        try {
            FrameCodec.Frame hello = next(channel, stop, deadline, late);
            if (hello == null && !stop.getAsBoolean()) {
                throw new ServerProblem(endedEarly(channel));
            }
            if (!readGreeting(hello, stop)) {
                return;
            }
            greeted.run();
            while (true) {
                FrameCodec.Frame frame = next(channel, stop, deadline, late);
                if (frame == null) {
                    if (stop.getAsBoolean()) {
                        if (mode.follows()) {
                            lastFigures(channel, frames);
                        }
                        return;
                    }
                    throw new ServerProblem(endedEarly(channel));
                }
                if (FrameReader.dispatch(frame, frames)) {
                    return;
                }
            }
        } finally {
            channel.close(false);
        }
    }

    /**
     * A follow stopped by the client: the server is told (the client's side of the channel ends) and its last frames
     * (the figures of the interval in progress, then DONE) are taken, for at most {@link #LAST_FIGURES_WAIT}. A
     * server that sends nothing more in that time (one from before this step, or a slow one) is left as it is: the
     * final table lacks its interval in progress, as it did before.
     */
    private static void lastFigures(FrameChannel channel, FrameReader.Sink frames)
            throws IOException, InterruptedException {
        channel.endOutput();
        long deadline = System.nanoTime() + LAST_FIGURES_WAIT.toNanos();
        try {
            while (true) {
                FrameCodec.Frame frame = next(channel, NEVER, deadline, "no last figures");
                if (frame == null || FrameReader.dispatch(frame, frames)) {
                    return;
                }
            }
        } catch (ServerProblem late) {
            // its last figures did not come in time: the run ends without them
        }
    }

    /**
     * Why a stream ended before DONE: the server answered no keep-alive (frozen, or the network path is gone),
     * or the connection closed, maybe inside a frame (whose bytes are dropped, never shown as lines).
     */
    private String endedEarly(FrameChannel channel) {
        Throwable cause = connector.failureOf(channel.getSession());
        if (cause instanceof SshException && String.valueOf(cause.getMessage()).contains("heartbeat")) {
            return "the server answered no keep-alive within " + settings.keepAliveTimeout().toSeconds()
                    + " s (--keepAliveTimeout): it is frozen, overloaded or unreachable; its results are missing";
        }
        String why = cause == null ? "" : " (" + cause.getMessage() + ")";
        if (channel.endedMidFrame()) {
            return "the server's output was cut: the connection closed in the middle of a frame" + why
                    + "; what it sent before is shown, the rest is missing";
        }
        return "the connection closed before the server finished" + why;
    }

    /** Checks the server's greeting; false when the run was stopped before it came. */
    private static boolean readGreeting(FrameCodec.Frame hello, BooleanSupplier stop) throws IOException {
        if (hello == null && stop.getAsBoolean()) {
            return false;
        }
        Handshake.checkServerHello(hello);
        return true;
    }

    /**
     * Asks the server on {@code channel} how it is ({@code dtailhealth}); the answer must come within the connect
     * timeout. Closes the channel.
     */
    Messages.Health health(FrameChannel channel) throws IOException, InterruptedException {
        try {
            start(channel, FrameType.HEALTH, new byte[0]);
            long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
            String late = "no answer within " + settings.connectTimeout().toSeconds() + " s";
            readGreeting(next(channel, NEVER, deadline, late), NEVER);
            FrameCodec.Frame frame = next(channel, NEVER, deadline, late);
            if (frame != null && frame.type() == FrameType.ERROR) {
                throw new ProtocolException(Messages.text(frame.payload()));
            }
            if (frame == null || frame.type() != FrameType.HEALTH) {
                throw new ProtocolException("the server did not answer the health request");
            }
            return Messages.health(frame.payload());
        } finally {
            channel.close(false);
        }
    }

    /** What {@code server}'s frames carry, to the run's sink (also when a relay passes them on). */
    FrameReader.Sink serverSink(ServerAddress server) {
        return new FrameReader.Sink() {
            @Override
            public void lines(LineBatch batch) {
                linesReceived.add(batch.count());
                sink.lines(server, batch);
            }

            @Override
            public void separator() {
                sink.separator(server);
            }

            @Override
            public void partial(PartialFrame partial) {
                sink.partial(server, partial);
            }

            @Override
            public void stats(Messages.Stats stats) {
                sink.stats(server, stats);
            }

            @Override
            public void problem(String message) {
                sink.problem(server, message);
            }
        };
    }

    /** Lines received from all servers so far. */
    long linesReceived() {
        return linesReceived.sum();
    }
}
