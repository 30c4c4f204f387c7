package io.jdtail.remote;

import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import java.util.function.BiConsumer;

/** What servers send, per server. Called from many threads at once. */
public interface RemoteSink {

    /** Lines of one file, in order; the batch's buffers are only valid during the call. */
    void lines(ServerAddress server, LineBatch batch);

    void separator(ServerAddress server);

    /** A partial aggregate, with the interval it covers when the request follows (see {@link PartialFrame}). */
    void partial(ServerAddress server, PartialFrame partial);

    void stats(ServerAddress server, Messages.Stats stats);

    /** A problem the server reported about one input (a file it may not read, ...). */
    void problem(ServerAddress server, String message);

    /**
     * The server accepted the greeting: its partials are due from now on (until {@link #disconnected}).
     * In follow mode a server may connect again after it was lost.
     */
    default void connected(ServerAddress server) {
    }

    /**
     * An attempt on the server ended: its session finished or was lost, or it could not be reached at all.
     * Nothing more comes from that attempt.
     */
    default void disconnected(ServerAddress server) {
    }

    /** For requests that answer with partials only (map-reduce jobs, health checks): lines and counters are ignored. */
    static RemoteSink partialsOnly(BiConsumer<ServerAddress, PartialFrame> partials, BiConsumer<ServerAddress, String> problems) {
        return new RemoteSink() {
            @Override
            public void lines(ServerAddress server, LineBatch batch) {
            }

            @Override
            public void separator(ServerAddress server) {
            }

            @Override
            public void partial(ServerAddress server, PartialFrame partial) {
                partials.accept(server, partial);
            }

            @Override
            public void stats(ServerAddress server, Messages.Stats stats) {
            }

            @Override
            public void problem(ServerAddress server, String message) {
                problems.accept(server, message);
            }
        };
    }
}
