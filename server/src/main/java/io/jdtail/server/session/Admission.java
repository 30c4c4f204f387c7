package io.jdtail.server.session;

import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests run now: at most {@code MaxConcurrentCats} read-once and {@code MaxConcurrentTails} follow requests
 * at once (one over the limit is told that it waits, then waits for a slot, first come first served); read-once
 * requests hold the {@link HeapRelease} while they run; and when dserver shuts down, every running request is told
 * so and new ones are refused with the same message.
 */
final class Admission {

    /** Under the session handler's name, as dserver's log has always said it (operators filter on it). */
    private static final Logger LOG = LoggerFactory.getLogger(PlanSessionHandler.class);
    static final String SHUTTING_DOWN = "dserver is shutting down; this session ends now";
    /** What a follow is told instead (its client reconnects). */
    static final String RESTARTING = Inputs.Followed.RESTARTING;

    /** What an admitted request does. */
    interface Work {
        void run() throws Exception;
    }

    private final Semaphore cats;
    private final Semaphore tails;
    /** The requests running now (past any wait for a slot); told when the server shuts down. */
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final HeapRelease heapRelease = new HeapRelease();
    /** The threads that tell the running requests of a shutdown (one each: a slow client holds up only its own). */
    private final ThreadFactory noticeThreads;
    private volatile boolean shuttingDown;

    /** @param noticeThreads makes the threads that tell the running requests of a shutdown (tests hold them back) */
    Admission(int maxConcurrentCats, int maxConcurrentTails, ThreadFactory noticeThreads) {
        this.cats = new Semaphore(maxConcurrentCats, true);
        this.tails = new Semaphore(maxConcurrentTails, true);
        this.noticeThreads = noticeThreads;
    }

    /** Runs {@code work} once a slot for {@code mode} is free (unless dserver is shutting down), then flushes. */
    void run(PlanRequest.Mode mode, FrameWriter emitter, Work work) throws Exception {
        Semaphore limit = mode == PlanRequest.Mode.TAIL ? tails : cats;
        if (!limit.tryAcquire()) {
            emitter.queued();
            limit.acquire();
        }
        Running request = new Running(emitter, mode);
        running.add(request);
        boolean readOnce = mode != PlanRequest.Mode.TAIL;
        if (readOnce) {
            heapRelease.started();
        }
        try {
            if (!shuttingDown) {
                work.run();
            }
            if (shuttingDown) {
                // before the DONE that follows: a follow ends within its poll once dserver shuts down, and its client
                // stops reading at DONE, so a notice left to the shutdown's own thread, when that ran late, was lost
                request.tellStopping();
            }
            emitter.flush();
        } finally {
            running.remove(request);
            limit.release();
            if (readOnce) {
                heapRelease.ended();
            }
            request.ended();
        }
    }

    /**
     * A running request, told once that dserver stops: by the shutdown's thread for it (which reaches a request that
     * is still busy, a read-once one or a follow waiting for its client's window), or by the request itself when it
     * ends, whichever comes first. The second waits until the first has written the notice, so that a request never
     * sends its DONE before it; a request that ended (its DONE next) is told nothing more.
     */
    private static final class Running {
        private final FrameWriter emitter;
        private final PlanRequest.Mode mode;
        /** Told, or ended: no notice may be written any more. */
        private boolean settled;

        Running(FrameWriter emitter, PlanRequest.Mode mode) {
            this.emitter = emitter;
            this.mode = mode;
        }

        /** Tells the client that dserver stops (a follow that its client reconnects), unless it was told or ended. */
        synchronized void tellStopping() {
            if (!settled) {
                settled = true;
                emitter.problem(mode == PlanRequest.Mode.TAIL ? RESTARTING : SHUTTING_DOWN);
            }
        }

        /** The request ended; its DONE comes next, and a notice after it would not be read. */
        synchronized void ended() {
            settled = true;
        }
    }

    /** How many requests run now. */
    int running() {
        return running.size();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Tells every running request that the server is shutting down (an ERROR frame its client shows, before the
     * request's DONE: one that ends before its thread here has told it tells its client itself), and waits at most
     * {@code notice} for the messages to get out; from now on follow requests end and new requests are refused.
     */
    void shutdown(Duration notice) {
        shuttingDown = true;
        List<Thread> telling = new ArrayList<>();
        running.forEach(request -> {
            Thread teller = noticeThreads.newThread(() -> {
                try {
                    request.tellStopping();
                } catch (RuntimeException e) {
                    // that client is gone already
                }
            });
            teller.start();
            telling.add(teller);
        });
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
}
