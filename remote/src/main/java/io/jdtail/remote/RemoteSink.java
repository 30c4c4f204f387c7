package io.jdtail.remote;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import java.util.function.BiConsumer;

/** What servers send, per server. Called from many threads at once. */
public interface RemoteSink {

    /** Lines of one file, in order; the batch's buffers are only valid during the call. */
    void lines(ServerAddress server, LineBatch batch);

    void separator(ServerAddress server);

    void partial(ServerAddress server, PartialAggregate partial);

    void stats(ServerAddress server, Messages.Stats stats);

    /** A problem the server reported about one input (a file it may not read, ...). */
    void problem(ServerAddress server, String message);

    /** For requests that answer with partials only (map-reduce jobs, health checks): lines and counters are ignored. */
    static RemoteSink partialsOnly(BiConsumer<ServerAddress, PartialAggregate> partials, BiConsumer<ServerAddress, String> problems) {
        return new RemoteSink() {
            @Override
            public void lines(ServerAddress server, LineBatch batch) {
            }

            @Override
            public void separator(ServerAddress server) {
            }

            @Override
            public void partial(ServerAddress server, PartialAggregate partial) {
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
