package io.jdtail.remote;

import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import java.util.Objects;

/**
 * The servers' partials into the client half of a map-reduce plan, as every client and job over servers feeds it:
 * a server's connects and losses go to the execution too (a follow query's intervals wait for the servers
 * connected), a partial it cannot take (a follow query's partial without its interval) is a problem of that
 * server; a server's count of split lines goes to the execution too; lines, stats and problems, and the connects
 * and losses as well, go on to {@code others}.
 */
public record ExecutionSink(ClientExecution<ServerAddress> execution, RemoteSink others) implements RemoteSink {

    public ExecutionSink {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(others, "others");
    }

    @Override
    public void partial(ServerAddress server, PartialFrame partial) {
        try {
            execution.partial(server, partial);
        } catch (IllegalArgumentException e) {
            others.problem(server, e.getMessage());
        }
    }

    @Override
    public void connected(ServerAddress server) {
        others.connected(server);
        execution.connected(server);
    }

    @Override
    public void disconnected(ServerAddress server) {
        execution.disconnected(server);
        others.disconnected(server);
    }

    @Override
    public void lines(ServerAddress server, LineBatch batch) {
        others.lines(server, batch);
    }

    @Override
    public void separator(ServerAddress server) {
        others.separator(server);
    }

    @Override
    public void stats(ServerAddress server, Messages.Stats stats) {
        execution.sourceSplitLines(server, stats.splitLines());
        others.stats(server, stats);
    }

    @Override
    public void problem(ServerAddress server, String message) {
        others.problem(server, message);
    }
}
