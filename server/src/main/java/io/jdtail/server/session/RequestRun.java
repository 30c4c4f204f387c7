package io.jdtail.server.session;

import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.server.ssh.SessionChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted request's plan through the one {@link Execution} to its frame writer: read-once requests over
 * the files the user may read (in order), follow requests until the client ends its side of the channel (then
 * with the figures of the interval in progress), the channel closes or dserver shuts down, their
 * lines through a {@link DroppingLineQueue}.
 *
 * @param execution        the execution entry point of this server
 * @param followQueueLines lines a follow request may hold for its client
 * @param followMaxLag     how long a follow client may stay behind before its lines are dropped
 * @param shuttingDown     whether dserver is shutting down (follow requests end)
 */
record RequestRun(Execution execution, int followQueueLines, Duration followMaxLag, BooleanSupplier shuttingDown) {

    /** Under the session handler's name, as dserver's log has always said it (operators filter on it). */
    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);

    /**
     * Runs the plan; a failure that no file explains (a reader thread that failed, a bug) goes to
     * the client as an ERROR frame, so that its command ends with it (exit 1) rather than with a
     * result that silently lacks a share, and with its stack trace to dserver's log.
     */
    void runTellingFailures(SessionChannel channel, FrameWriter emitter, PlanRequest request, Plan plan)
            throws Exception {
        tellingFailures(channel, emitter, request, () -> run(channel, emitter, request, plan));
    }

    /** Runs {@code work} for {@code request}, telling the client what fails in it as {@link #runTellingFailures} says. */
    static void tellingFailures(SessionChannel channel, FrameWriter emitter, PlanRequest request, Admission.Work work)
            throws Exception {
        try {
            work.run();
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
        if (!request.follows()) {
            execution.run(plan.server(), new Inputs.ReadOnce(requestedFiles(gate, request.files(), emitter), gate), emitter);
            return;
        }
        BooleanSupplier clientEnded = clientEnds(channel);
        Inputs.Followed followed = new Inputs.Followed(gate, p -> false,
                () -> clientEnded.getAsBoolean() || channel.isClosed() || shuttingDown.getAsBoolean());
        if (plan.server().aggregation().isPresent()) {
            execution.run(plan.server(), followed, emitter);
            return;
        }
        // followed lines wait for a slow client in a queue of their own, and are dropped when it falls too far behind
        try (DroppingLineQueue queue = new DroppingLineQueue(emitter, followQueueLines, followMaxLag)) {
            execution.run(plan.server(), followed, queue);
        }
    }

    /**
     * Whether the client has ended its side of the channel (SSH EOF): a client stopping a follow (Ctrl-C) does so, and
     * waits for the figures of the interval in progress and DONE. Nothing else comes from the client after its
     * request; whatever does is read and ignored.
     */
    static BooleanSupplier clientEnds(SessionChannel channel) {
        AtomicBoolean ended = new AtomicBoolean();
        Thread.ofVirtual().name("dserver-client-eof-" + channel.sessionId()).start(() -> {
            byte[] ignored = new byte[512];
            try {
                while (channel.in().read(ignored) >= 0) {
                    // nothing is expected after the request
                }
            } catch (IOException e) {
                // the channel went away: isClosed says so
            }
            ended.set(true);
        });
        return ended::get;
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
