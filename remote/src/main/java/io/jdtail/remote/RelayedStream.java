package io.jdtail.remote;

import io.jdtail.engine.wire.FrameReader;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.engine.wire.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What one relay sends, told apart by origin: a frame after an ORIGIN frame naming a server behind the relay is that
 * server's, and goes to the run's sink as if that server had sent it directly; the relay's word that a server failed
 * goes to the run's accounting. A frame after no ORIGIN frame is the relay's own: a partial it merged from its servers
 * (a query's: the relay is then the one source of them), or an ERROR (a relay that refuses the request, shuts down,
 * or fails), which is the relay's failure, so that every server behind it that has no outcome of its own fails with it.
 */
final class RelayedStream implements FrameReader.Sink {

    private final ServerAddress relay;
    private final Function<ServerAddress, FrameReader.Sink> serverSinks;
    private final RemoteSink sink;
    private final BiConsumer<ServerAddress, String> retrying;
    private final Map<ServerAddress, FrameReader.Sink> origins = new ConcurrentHashMap<>();
    private final List<ServerFailure> failed = new CopyOnWriteArrayList<>();
    /** The server the next frame is from; null: the relay's own. One reader thread per relay, so no lock. */
    private ServerAddress next;
    private String ownProblem;

    /**
     * @param serverSinks the sink of frames a server sends (the same as for a server connected directly)
     * @param retrying    hears a server behind the relay that a follow lost and tries again
     */
    RelayedStream(ServerAddress relay, Function<ServerAddress, FrameReader.Sink> serverSinks, RemoteSink sink,
                  BiConsumer<ServerAddress, String> retrying) {
        this.relay = relay;
        this.serverSinks = serverSinks;
        this.sink = sink;
        this.retrying = retrying;
    }

    @Override
    public void origin(Messages.Origin origin) {
        ServerAddress server = ServerAddress.of(origin.server());
        switch (origin.event()) {
            case FRAMES -> next = server;
            case FAILED -> failed.add(new ServerFailure(server, origin.reason()));
            case RETRYING -> retrying.accept(server, origin.reason());
        }
    }

    /** Who the frame being handed over is from: the server the last ORIGIN named, else the relay itself. */
    private FrameReader.Sink from() {
        ServerAddress server = next;
        next = null;
        return server == null ? null : origins.computeIfAbsent(server, serverSinks);
    }

    @Override
    public void lines(LineBatch batch) throws ProtocolException {
        sinkOf("LINE").lines(batch);
    }

    @Override
    public void separator() throws ProtocolException {
        sinkOf("SEPARATOR").separator();
    }

    @Override
    public void partial(PartialFrame partial) throws ProtocolException {
        FrameReader.Sink of = from();
        if (of != null) {
            of.partial(partial);
        } else {
            sink.partial(relay, partial); // merged from the relay's servers
        }
    }

    /** A relay reads no files of its own: its lines are always some server's. */
    private FrameReader.Sink sinkOf(String frame) throws ProtocolException {
        FrameReader.Sink of = from();
        if (of == null) {
            throw new ProtocolException("the relay sent a " + frame + " frame without the ORIGIN it comes from");
        }
        return of;
    }

    @Override
    public void stats(Messages.Stats stats) {
        FrameReader.Sink of = from();
        if (of != null) {
            of.stats(stats);
        } else {
            sink.stats(relay, stats); // the relay's own: its request waits for a free slot there
        }
    }

    @Override
    public void problem(String message) {
        FrameReader.Sink of = from();
        if (of != null) {
            of.problem(message);
        } else if (ownProblem == null) {
            ownProblem = message;
        }
    }

    /** The relay's own first problem: it did not run the request (or not to its end), so its servers failed. */
    Optional<String> ownProblem() {
        return Optional.ofNullable(ownProblem);
    }

    /** The sessions behind the relay that failed for good, with the reason the relay gave: one per session. */
    List<ServerFailure> failed() {
        return List.copyOf(failed);
    }
}
