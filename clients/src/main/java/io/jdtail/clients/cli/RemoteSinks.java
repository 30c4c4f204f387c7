package io.jdtail.clients.cli;

import io.jdtail.remote.ExecutionSink;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.execution.SplitLines;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where what servers send goes: the same renderers and mergers serverless runs use. */
final class RemoteSinks {

    private RemoteSinks() {
    }

    /**
     * Lines to the renderer (flushed after each batch when following); partials to {@code execution}, which, for a
     * follow query, puts them into intervals and waits for the servers connected (see {@link ClientExecution}).
     */
    static RemoteSink of(LineRenderer lines, ClientExecution<ServerAddress> execution, ClientMessages messages,
                         boolean flushEachLine) {
        return new ExecutionSink(execution, lines(lines, messages, flushEachLine));
    }

    /** Lines to the renderer (flushed after each batch when following); no partials are expected. */
    static RemoteSink lines(LineRenderer lines, ClientMessages messages, boolean flushEachLine) {
        Map<ServerAddress, Long> reportedDrops = new ConcurrentHashMap<>();
        Map<ServerAddress, Map<String, SplitLines.Input>> reportedSplits = new ConcurrentHashMap<>();
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
            public void partial(ServerAddress server, PartialFrame partial) {
                messages.error(server + ": sent a partial aggregate to a request without a query; left out");
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
                messages.splitLinesOn(server.toString(), newSplits(server, stats.splitLines()));
            }

            @Override
            public void problem(ServerAddress server, String message) {
                messages.problem(server + ": " + message);
            }

            /** The split lines {@code server} counted since its last report (its reports are totals). */
            private List<SplitLines.Input> newSplits(ServerAddress server, List<SplitLines.Input> totals) {
                Map<String, SplitLines.Input> reported = reportedSplits.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
                List<SplitLines.Input> fresh = new ArrayList<>();
                for (SplitLines.Input total : totals) {
                    SplitLines.Input before = reported.put(total.input(), total);
                    SplitLines.Input since = before == null ? total : total.since(before);
                    if (since.lines() > 0) {
                        fresh.add(since);
                    }
                }
                return fresh;
            }
        };
    }
}
