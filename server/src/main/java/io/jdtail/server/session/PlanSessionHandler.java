package io.jdtail.server.session;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.execution.PartialEmitter;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.FileGlobs;
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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
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
 */
public final class PlanSessionHandler implements SessionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);
    /** A request frame is small; anything larger is refused unread. */
    static final int MAX_REQUEST_FRAME = 1 << 20;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** One thread keeps every session's request deadline; its actions only end a channel. */
    private static final ScheduledExecutorService REQUEST_DEADLINES = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("dserver-request-deadlines").unstarted(r));
    /** Lines a follow request may hold for its client; when they are queued the reader waits (or drops, see below). */
    static final int FOLLOW_QUEUE_LINES = 10_000;
    /**
     * How long a follow client may stay behind (its queue not once empty) before its lines are dropped;
     * until then the reader waits for room in the queue. A client that keeps up loses nothing to a
     * burst, a GC pause or a busy moment shorter than this; a client slower than its files grow loses
     * lines after this long, so that it stays near the present and its reader near the files' ends.
     */
    static final Duration FOLLOW_MAX_LAG = Duration.ofSeconds(2);
    static final String SHUTTING_DOWN = "dserver is shutting down; this session ends now";

    private final Planner planner;
    private final Execution execution;
    private final Semaphore cats;
    private final Semaphore tails;
    private final int followQueueLines;
    private final ServerHealth health;
    /** Where every session's "no request within {@link #REQUEST_TIMEOUT}" deadline is kept. */
    private final Handshake.Deadlines deadlines;
    /** The requests running now (past any wait for a slot); told when the server shuts down. */
    private final Set<FrameWriter> running = ConcurrentHashMap.newKeySet();
    private final HeapRelease heapRelease = new HeapRelease();
    private volatile boolean shuttingDown;

    /** A handler of a server without jobs (tests, embedding). */
    public PlanSessionHandler(DtailConfig config, HostContext host) {
        this(config, host, FOLLOW_QUEUE_LINES);
    }

    public PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health) {
        this(config, host, health, FOLLOW_QUEUE_LINES);
    }

    /** A handler of a server without jobs whose request deadlines are kept by {@code deadlines} (tests drive them). */
    public PlanSessionHandler(DtailConfig config, HostContext host, Handshake.Deadlines deadlines) {
        this(config, host, new ServerHealth(Clock.systemUTC(), new JobReports()), FOLLOW_QUEUE_LINES, deadlines);
    }

    PlanSessionHandler(DtailConfig config, HostContext host, int followQueueLines) {
        this(config, host, new ServerHealth(Clock.systemUTC(), new JobReports()), followQueueLines);
    }

    PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health, int followQueueLines) {
        this(config, host, health, followQueueLines, Handshake.on(REQUEST_DEADLINES));
    }

    PlanSessionHandler(DtailConfig config, HostContext host, ServerHealth health, int followQueueLines,
                       Handshake.Deadlines deadlines) {
        this.deadlines = deadlines;
        int maxLineLength = config.server().maxLineLength();
        this.planner = new Planner(LogFormats.load(PlanSessionHandler.class.getClassLoader()),
                new PlannerSettings(config.server().mapreduceLogFormat(), maxLineLength, PlannerSettings.DEFAULTS.defaultInterval()));
        this.execution = Execution.of(host);
        this.cats = new Semaphore(config.server().maxConcurrentCats(), true);
        this.tails = new Semaphore(config.server().maxConcurrentTails(), true);
        this.followQueueLines = followQueueLines;
        this.health = health;
    }

    @Override
    public void handle(SessionChannel channel) throws Exception {
        FrameCodec codec = new FrameCodec(channel.in(), channel.out(), MAX_REQUEST_FRAME);
        PlanRequest request;
        try {
            FrameCodec.Frame asked = Handshake.accept(codec, deadlines, REQUEST_TIMEOUT,
                    () -> channel.exit(1, "no request within " + REQUEST_TIMEOUT.toSeconds() + " s"));
            if (asked == null) {
                return;
            }
            if (asked.type() == FrameType.HEALTH) {
                codec.write(FrameType.HEALTH, Messages.health(health.check(running.size())));
                codec.write(FrameType.DONE, new byte[0]);
                codec.flush();
                return;
            }
            request = Messages.request(asked.payload());
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
        LOG.info("{}@{}: {} {}", channel.user(), channel.remoteAddress(), request.mode(), ClientText.escape(request.files()));
        Semaphore limit = request.mode() == PlanRequest.Mode.TAIL ? tails : cats;
        FrameWriter emitter = new FrameWriter(codec, request.numbered(), System::nanoTime);
        if (!limit.tryAcquire()) {
            emitter.queued();
            limit.acquire();
        }
        running.add(emitter);
        boolean readOnce = request.mode() != PlanRequest.Mode.TAIL;
        if (readOnce) {
            heapRelease.started();
        }
        try {
            if (shuttingDown) {
                emitter.problem(SHUTTING_DOWN);
            } else {
                runTellingFailures(channel, emitter, request, plan);
            }
            emitter.flush();
        } finally {
            running.remove(emitter);
            limit.release();
            if (readOnce) {
                heapRelease.ended();
            }
        }
        emitter.done();
    }

    /**
     * Tells every running request that the server is shutting down (an ERROR frame its client shows),
     * ends follow requests, and waits at most {@code notice} for the messages to get out. New
     * requests are refused with the same message.
     */
    public void shutdown(Duration notice) {
        shuttingDown = true;
        List<Thread> telling = new ArrayList<>();
        for (FrameWriter emitter : running) {
            telling.add(Thread.ofVirtual().start(() -> {
                try {
                    emitter.problem(SHUTTING_DOWN);
                } catch (RuntimeException e) {
                    // that client is gone already
                }
            }));
        }
        long deadline = System.nanoTime() + notice.toNanos();
        for (Thread t : telling) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("shutting down: {} running request(s) told", telling.size());
    }

    private static void finish(FrameCodec codec, String error) throws IOException {
        codec.write(FrameType.ERROR, Messages.text(error));
        codec.write(FrameType.DONE, new byte[0]);
        codec.flush();
    }

    /**
     * Runs the plan; a failure that no file explains (a reader thread that failed, a bug) goes to
     * the client as an ERROR frame, so that its command ends with it (exit 1) rather than with a
     * result that silently lacks a share, and with its stack trace to dserver's log.
     */
    private void runTellingFailures(SessionChannel channel, FrameWriter emitter, PlanRequest request, Plan plan)
            throws Exception {
        try {
            run(channel, emitter, request, plan);
        } catch (UncheckedIOException e) {
            throw e; // the client went away: there is nobody to tell
        } catch (RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : "internal error: " + e;
            LOG.error("{}@{}: {} {} failed: {}", channel.user(), channel.remoteAddress(), request.mode(), request.files(),
                    message, e);
            emitter.problem(message);
        }
    }

    private void run(SessionChannel channel, FrameWriter emitter, PlanRequest request, Plan plan) throws Exception {
        FileGate gate = channel.fileAccess();
        if (request.mode() != PlanRequest.Mode.TAIL) {
            execution.run(plan.server(), new Inputs.ReadOnce(requestedFiles(gate, request.files(), emitter), gate), emitter);
            return;
        }
        Inputs.Followed followed = new Inputs.Followed(gate, p -> false, () -> channel.isClosed() || shuttingDown);
        if (plan.server().aggregation().isPresent()) {
            execution.run(plan.server(), followed, emitter);
            return;
        }
        // followed lines wait for a slow client in a queue of their own, and are dropped when it falls too far behind
        try (DroppingLineQueue queue = new DroppingLineQueue(emitter, followQueueLines, FOLLOW_MAX_LAG)) {
            execution.run(plan.server(), followed, queue);
        }
    }

    /**
     * The files to read, in order: every file named, and the files a glob matches that this user may read. Each is
     * opened through the gate when its turn comes (a named file the gate refuses is an ERROR frame then). A glob
     * leaves out silently what the user may not read, so it never lists what she could not list; an argument that
     * is neither a name nor a valid pattern is an ERROR frame of its own.
     */
    private static List<Path> requestedFiles(FileGate gate, List<String> requested, FrameWriter emitter) {
        List<Path> files = new ArrayList<>();
        for (FileGlobs.Argument arg : FileGlobs.arguments(requested, gate)) {
            switch (arg) {
                case FileGlobs.Invalid i -> emitter.problem(i.problem());
                case FileGlobs.Named n -> files.add(n.path().toAbsolutePath());
                case FileGlobs.Glob g -> {
                    List<Path> matched;
                    try {
                        matched = g.matches(gate);
                    } catch (FileGlobs.TooBroad e) {
                        emitter.problem(e.getMessage());
                        continue;
                    }
                    int before = files.size();
                    for (Path p : matched) {
                        if (gate.open(p.toAbsolutePath()) instanceof FileGate.OpenedFile readable) {
                            readable.close();
                            files.add(p.toAbsolutePath());
                        }
                    }
                    if (files.size() == before) {
                        emitter.problem(g.text() + ": the pattern matches no file you may read");
                    }
                }
            }
        }
        return files;
    }
}
