package io.jdtail.server.session;

import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerFailure;
import io.jdtail.server.job.JobIdentity;
import io.jdtail.server.job.JobServers;
import io.jdtail.server.ssh.RelayLogins;
import io.jdtail.server.ssh.SessionChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's side of a RELAY request ({@code Server.Relay}): the request goes on to the servers of the client's share,
 * each logged in to as the user the client authenticated as, with this server's key pair ({@code <CacheDir>/job_identity},
 * which they list in their {@code relays.authorized_keys}); a relay in the share gets its own share in turn. What they
 * send goes back frame by frame with its origin ({@link OriginFrames}), except a query's partials, which are merged
 * here and sent as this relay's ({@link RelayMerge}); every server that failed is told to the client
 * with the reason, so that its accounting of answered and failed servers holds. A follow ends when the client ends its
 * side of the channel, the channel closes or this server shuts down.
 */
final class RelayRun {

    /** Under the session handler's name, as dserver's log has always said it (operators filter on it). */
    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final boolean enabled;
    private final Path cacheDir;
    private final BooleanSupplier shuttingDown;
    private JobIdentity identity;

    RelayRun(boolean enabled, Path cacheDir, BooleanSupplier shuttingDown) {
        this.enabled = enabled;
        this.cacheDir = cacheDir;
        this.shuttingDown = shuttingDown;
    }

    /** Why this server refuses to relay, if it does: it is not configured as a relay. */
    String refusal() {
        return enabled ? null : "this dserver is not a relay (its Server.Relay is false): set \"Server\": {\"Relay\": true}"
                + " in its config, or leave it out of --relays";
    }

    /** Runs {@code relayed}; {@code plan} is its request's, for a query's merge. */
    void run(SessionChannel channel, FrameWriter emitter, Messages.RelayRequest relayed, Plan plan)
            throws IOException, InterruptedException {
        PlanRequest request = relayed.request();
        JobIdentity id = identity();
        OriginFrames frames = new OriginFrames(emitter);
        Optional<RelayMerge> merge = plan.client().result()
                .map(query -> new RelayMerge(frames, query, request.follows()));
        BooleanSupplier clientEnded = request.follows() ? RequestRun.clientEnds(channel) : () -> false;
        BooleanSupplier stop = () -> clientEnded.getAsBoolean() || channel.isClosed() || shuttingDown.getAsBoolean();
        List<ServerFailure> failures;
        try (RemoteRun run = new RemoteRun(JobServers.settings(channel.user(), id, cacheDir, CONNECT_TIMEOUT),
                merge.<RemoteSink>map(m -> m).orElse(frames), HostPrompt.REFUSE)) {
            run.onFailure((server, reason) -> frames.tell(server, Messages.Origin.Event.RETRYING, reason));
            failures = run.route(relayed.share(), request, stop);
        }
        merge.ifPresent(RelayMerge::finish);
        failures.forEach(f -> frames.tell(f.server(), Messages.Origin.Event.FAILED, f.reason() + loginHint(f.reason(), id)));
        LOG.info("{}@{}: relayed {} to {} servers, {} failed", channel.user(), channel.remoteAddress(), request.mode(),
                relayed.share().stream().mapToInt(d -> d.leaves().size()).sum(), failures.size());
    }

    /** What to check when a server refused this relay's login (empty for other failures). */
    private static String loginHint(String reason, JobIdentity id) {
        if (!reason.startsWith("authentication failed") || reason.contains("relay login refused")) {
            return "";
        }
        return " (relay login refused: that server must list this relay in its Server.RelayAllowFrom and hold its key "
                + id.fingerprint() + " in <CacheDir>/" + RelayLogins.KEYS_NAME + ".authorized_keys; the reason is in its log)";
    }

    /** This server's key pair, made at start when Server.Relay is true; loaded once. */
    private synchronized JobIdentity identity() throws IOException {
        if (identity == null) {
            identity = JobIdentity.load(cacheDir);
        }
        return identity;
    }
}
