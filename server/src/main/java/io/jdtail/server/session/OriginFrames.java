package io.jdtail.server.session;

import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;

/**
 * A relay's sink: what the servers behind it send goes on to its client frame by frame, each frame after an ORIGIN
 * frame naming the server it came from, so that the client shows it as if that server were connected directly. Lines
 * are passed on as their server batched them, unchanged; a slow client holds up the server behind (see
 * {@link FrameWriter#forward}), so a read-once request loses nothing on the way.
 */
record OriginFrames(FrameWriter client) implements RemoteSink {

    @Override
    public void lines(ServerAddress server, LineBatch batch) {
        client.forward(server.hostPort(), FrameType.LINE, batch.payload());
    }

    @Override
    public void separator(ServerAddress server) {
        client.forward(server.hostPort(), FrameType.SEPARATOR, new byte[0]);
    }

    @Override
    public void partial(ServerAddress server, PartialFrame partial) {
        client.forward(server.hostPort(), FrameType.PARTIAL, partial.toBytes());
    }

    @Override
    public void stats(ServerAddress server, Messages.Stats stats) {
        client.forward(server.hostPort(), FrameType.STATS, Messages.stats(stats));
    }

    @Override
    public void problem(ServerAddress server, String message) {
        client.forward(server.hostPort(), FrameType.ERROR, Messages.text(message));
    }

    /** Tells the client what became of {@code server}. */
    void tell(ServerAddress server, Messages.Origin.Event event, String reason) {
        client.origin(new Messages.Origin(server.hostPort(), event, reason));
    }
}
