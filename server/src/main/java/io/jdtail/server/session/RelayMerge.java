package io.jdtail.server.session;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.client.IntervalTables;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's sink for a query ({@code dmap}, {@code dtail --query}): the partials of the servers behind it are merged
 * here, so that the client gets one partial from this relay, not one per server. A read-once query's partials go into
 * one aggregate, sent when every server is done ({@link #finish}); a follow query's go into one table per interval,
 * by the interval each carries, handed on as the client's own would be ({@link IntervalTables}: when every server
 * connected behind this relay has sent its partial of it), and sent with that interval. Lines, counters and problems
 * go on to the client with their origin ({@link OriginFrames}).
 */
final class RelayMerge implements RemoteSink {

    /** Under the session handler's name, as dserver's log has always said it (operators filter on it). */
    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);

    private final OriginFrames origins;
    private final FrameWriter client;
    private final IntervalTables<ServerAddress> intervals;
    private final long intervalMillis;
    private PartialAggregate total;

    /** {@code follow}: partials carry their interval and are merged per interval. */
    RelayMerge(OriginFrames origins, ResultNode query, boolean follow) {
        this.origins = origins;
        this.client = origins.client();
        this.intervalMillis = Math.max(1, query.interval().toMillis());
        this.intervals = follow ? new IntervalTables<>(query.kinds(), query.interval(), this::handOn) : null;
    }

    /** One interval's table, merged from the servers behind this relay, to the client with its interval. */
    private void handOn(IntervalTables.Table<ServerAddress> table) {
        // a table of whole intervals ends on a boundary; one of cut-short partials only (the run stopped) does not
        boolean cutShort = table.end().toEpochMilli() % intervalMillis != 0;
        client.partial(table.merged(), new FollowInterval(table.start(), table.end(), cutShort));
        // a note is no failure of this relay (the client would take its own ERROR frame for one): logged here
        table.notes().forEach(note -> LOG.info("relayed follow query: {}", note));
    }

    @Override
    public void partial(ServerAddress server, PartialFrame partial) {
        if (intervals == null) {
            synchronized (this) {
                if (total == null) {
                    total = partial.partial();
                } else {
                    total.merge(partial.partial());
                }
            }
        } else if (partial.interval().isEmpty()) {
            origins.problem(server, "sent a partial without its interval to a follow query; left out");
        } else {
            intervals.partial(server, partial.interval().get(), partial.partial());
        }
    }

    @Override
    public void connected(ServerAddress server) {
        if (intervals != null) {
            intervals.connected(server);
        }
    }

    @Override
    public void disconnected(ServerAddress server) {
        if (intervals != null) {
            intervals.disconnected(server);
        }
    }

    /** Every server behind this relay is done: what is merged and not yet sent goes to the client. */
    void finish() {
        if (intervals != null) {
            intervals.finish();
            return;
        }
        synchronized (this) {
            if (total != null) {
                client.partial(total);
            }
        }
    }

    @Override
    public void lines(ServerAddress server, LineBatch batch) {
        origins.lines(server, batch);
    }

    @Override
    public void separator(ServerAddress server) {
        origins.separator(server);
    }

    @Override
    public void stats(ServerAddress server, Messages.Stats stats) {
        origins.stats(server, stats);
    }

    @Override
    public void problem(ServerAddress server, String message) {
        origins.problem(server, message);
    }
}
