package io.jdtail.server.session;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.Handshake;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.ProtocolException;
import io.jdtail.grammar.ParsingException;
import io.jdtail.server.job.JobReports;
import io.jdtail.logging.ClientText;
import io.jdtail.server.ssh.SessionChannel;
import io.jdtail.server.ssh.SessionHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dserver's side of the request protocol: greeting, one request, then the plan the request
 * compiles to (the same planner the clients use serverless), streamed back as frames, and DONE.
 * Every file is opened through the connecting user's gate (see {@code FileAccessChecker}) and read
 * only through what it opened; a refused file is an ERROR frame and the rest goes on. Read-once
 * requests wait for a slow client (the SSH window) and lose nothing; follow requests drop lines
 * when the client falls {@link #FOLLOW_MAX_LAG} behind, count them, and say so in every line's
 * transmitted percentage.
 *
 * <p>This class reads the request (the handshake with its deadline, a HEALTH question answered at once, the plan
 * compiled or refused); {@link Admission} decides when it runs (the limits, the shutdown notice), and
 * {@link RequestRun} runs it.
 */
public final class PlanSessionHandler implements SessionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);
    /**
     * A request frame is small; anything larger is refused unread. A RELAY frame names the servers behind the relay:
     * 1 MiB holds about 40,000 of them (host names of 20 bytes).
     */
    static final int MAX_REQUEST_FRAME = 1 << 20;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** One thread keeps every session's request deadline; its actions only end a channel. */
    private static final ScheduledExecutorService REQUEST_DEADLINES = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("dserver-request-deadlines").unstarted(r));
    /** The threads that tell the running requests that dserver shuts down. */
    private static final ThreadFactory SHUTDOWN_NOTICES = Thread.ofVirtual().name("dserver-shutdown-notice").factory();
    /** Lines a follow request may hold for its client; when they are queued the reader waits (or drops, see below). */
    static final int FOLLOW_QUEUE_LINES = 10_000;
    /**
     * How long a follow client may stay behind (its queue not once empty) before its lines are dropped;
     * until then the reader waits for room in the queue. A client that keeps up loses nothing to a
     * burst, a GC pause or a busy moment shorter than this; a client slower than its files grow loses
     * lines after this long, so that it stays near the present and its reader near the files' ends.
     */
    static final Duration FOLLOW_MAX_LAG = Duration.ofSeconds(2);

    private final Planner planner;
    private final ServerHealth health;
    /** Where every session's "no request within {@link #REQUEST_TIMEOUT}" deadline is kept. */
    private final Handshake.Deadlines deadlines;
    private final Admission admission;
    private final RequestRun requests;
    private final RelayRun relays;

    /** A handler of a server without jobs (tests, embedding). */
    public PlanSessionHandler(DtailConfig config, HostContext host) {
        this(config, host, FOLLOW_QUEUE_LINES);
    }

    public PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health) {
        this(config, host, health, FOLLOW_QUEUE_LINES);
    }

    /** A handler of a server without jobs whose request deadlines are kept by {@code deadlines} (tests drive them). */
    public PlanSessionHandler(DtailConfig config, HostContext host, Handshake.Deadlines deadlines) {
        this(config, host, new ServerHealth(Clock.systemUTC(), new JobReports()), FOLLOW_QUEUE_LINES, deadlines,
                SHUTDOWN_NOTICES);
    }

    /**
     * A handler of a server without jobs whose shutdown notices are sent by threads of {@code shutdownNotices} (a
     * test holds them back, to see that a request is told before its session ends however late they run).
     */
    public PlanSessionHandler(DtailConfig config, HostContext host, ThreadFactory shutdownNotices) {
        this(config, host, new ServerHealth(Clock.systemUTC(), new JobReports()), FOLLOW_QUEUE_LINES,
                Handshake.on(REQUEST_DEADLINES), shutdownNotices);
    }

    PlanSessionHandler(DtailConfig config, HostContext host, int followQueueLines) {
        this(config, host, new ServerHealth(Clock.systemUTC(), new JobReports()), followQueueLines);
    }

    PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health, int followQueueLines) {
        this(config, host, health, followQueueLines, Handshake.on(REQUEST_DEADLINES), SHUTDOWN_NOTICES);
    }

    PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health, int followQueueLines,
                       Handshake.Deadlines deadlines, ThreadFactory shutdownNotices) {
        this.deadlines = deadlines;
        int maxLineLength = config.server().maxLineLength();
        this.planner = new Planner(LogFormats.load(PlanSessionHandler.class.getClassLoader()),
                new PlannerSettings(config.server().mapreduceLogFormat(), maxLineLength, PlannerSettings.DEFAULTS.defaultInterval()));
        this.admission = new Admission(config.server().maxConcurrentCats(), config.server().maxConcurrentTails(),
                shutdownNotices);
        this.requests = new RequestRun(Execution.of(host), followQueueLines, FOLLOW_MAX_LAG, admission::shuttingDown);
        this.relays = new RelayRun(config.server().relay(), Path.of(config.common().cacheDir()), admission::shuttingDown);
        this.health = health;
    }

    @Override
    public void handle(SessionChannel channel) throws Exception {
        FrameCodec codec = new FrameCodec(channel.in(), channel.out(), MAX_REQUEST_FRAME);
        PlanRequest request;
        Messages.RelayRequest relayed = null;
        try {
            FrameCodec.Frame asked = Handshake.accept(codec, deadlines, REQUEST_TIMEOUT,
                    () -> channel.exit(1, "no request within " + REQUEST_TIMEOUT.toSeconds() + " s"));
            if (asked == null) {
                return;
            }
            if (asked.type() == FrameType.HEALTH) {
                codec.write(FrameType.HEALTH, Messages.health(health.check(admission.running())));
                codec.write(FrameType.DONE, new byte[0]);
                codec.flush();
                return;
            }
            if (asked.type() == FrameType.RELAY) {
                if (relays.refusal() != null) {
                    finish(codec, relays.refusal());
                    return;
                }
                relayed = Messages.relay(asked.payload());
                request = relayed.request();
            } else {
                request = Messages.request(asked.payload());
            }
        } catch (ProtocolException e) {
            LOG.warn("{}@{}: refused: {}", channel.user(), channel.remoteAddress(), ClientText.escape(e.getMessage()));
            finish(codec, "refused: " + e.getMessage());
            return;
        }
        Plan plan;
        try {
            plan = planner.plan(request);
            plan.server().filter().ifPresent(LineFilter::compile);
        } catch (ParsingException e) {
            finish(codec, e.describe());
            return;
        } catch (IllegalArgumentException | IllegalStateException e) {
            finish(codec, e.getMessage());
            return;
        }
        LOG.info("{}@{}: {} {}{}", channel.user(), channel.remoteAddress(), request.mode(), ClientText.escape(request.files()),
                relayed == null ? "" : " (relaying)");
        channel.requestStarting(request.mode());
        FrameWriter emitter = new FrameWriter(codec, request.numbered(), System::nanoTime);
        Messages.RelayRequest relaying = relayed;
        admission.run(request.mode(), relaying != null, emitter, relaying == null
                ? () -> requests.runTellingFailures(channel, emitter, request, plan)
                : () -> RequestRun.tellingFailures(channel, emitter, request, () -> relays.run(channel, emitter, relaying, plan)));
        emitter.done();
    }

    /**
     * Tells the running requests that the server is shutting down (an ERROR frame its client shows), ends follow and
     * relayed requests, and gives read-once requests at most {@code notice} to end (see {@link Admission#shutdown}). New
     * requests are refused with the same message.
     */
    public void shutdown(Duration notice) {
        admission.shutdown(notice);
    }

    private static void finish(FrameCodec codec, String error) throws IOException {
        codec.write(FrameType.ERROR, Messages.text(error));
        codec.write(FrameType.DONE, new byte[0]);
        codec.flush();
    }
}
