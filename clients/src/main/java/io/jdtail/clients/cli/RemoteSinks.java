package io.jdtail.clients.cli;

import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import java.util.function.Consumer;

/** Where what servers send goes: the same renderers and mergers serverless runs use. */
final class RemoteSinks {

    private RemoteSinks() {
    }

    /** Lines to the renderer (flushed after each batch when following); partials to {@code partials}. */
    static RemoteSink of(LineRenderer lines, Consumer<PartialAggregate> partials, ClientMessages messages, boolean flushEachLine) {
        java.util.Map<ServerAddress, Long> reportedDrops = new java.util.concurrent.ConcurrentHashMap<>();
        return new RemoteSink() {
            @Override
            public void lines(ServerAddress server, LineBatch batch) {
                lines.remoteLines(server.host(), batch);
                if (flushEachLine) {
                    lines.flush();
                }
            }

            @Override
            public void separator(ServerAddress server) {
                lines.separator("");
            }

            @Override
            public void partial(ServerAddress server, PartialAggregate partial) {
                partials.accept(partial);
            }

            @Override
            public void stats(ServerAddress server, Messages.Stats stats) {
                if (stats.queued()) {
                    messages.info(server + ": the server is busy; this request waits for a free slot");
                }
                long before = reportedDrops.getOrDefault(server, 0L);
                if (stats.linesDropped() > before) {
                    reportedDrops.put(server, stats.linesDropped());
                    messages.warn(server + ": " + (stats.linesDropped() - before) + " lines were dropped because this client "
                            + "read too slowly (" + stats.linesDropped() + " in all); the pct column shows where");
                }
            }

            @Override
            public void problem(ServerAddress server, String message) {
                messages.error(server + ": " + message);
            }
        };
    }
}
