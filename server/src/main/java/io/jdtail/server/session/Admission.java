package io.jdtail.server.session;

import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** The requests running now (past any wait for a slot) and their modes; told when the server shuts down. */
    private final Map<FrameWriter, PlanRequest.Mode> running = new ConcurrentHashMap<>();
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
        running.put(emitter, mode);
        boolean readOnce = mode != PlanRequest.Mode.TAIL;
        if (readOnce) {
            heapRelease.started();
        }
        try {
            if (shuttingDown) {
                emitter.problem(stopNotice(mode));
            } else {
                work.run();
            }
            emitter.flush();
        } finally {
            running.remove(emitter);
            limit.release();
            if (readOnce) {
                heapRelease.ended();
            }
        }
    }

    /** What a request of {@code mode} is told when dserver stops: a follow that its client reconnects. */
    private static String stopNotice(PlanRequest.Mode mode) {
        return mode == PlanRequest.Mode.TAIL ? RESTARTING : SHUTTING_DOWN;
    }

    /** How many requests run now. */
    int running() {
        return running.size();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Tells every running request that the server is shutting down (an ERROR frame its client shows), and waits at
     * most {@code notice} for the messages to get out; from now on follow requests end and new requests are refused.
     */
    void shutdown(Duration notice) {
        shuttingDown = true;
        List<Thread> telling = new ArrayList<>();
        running.forEach((emitter, mode) -> {
            Thread teller = noticeThreads.newThread(() -> {
                try {
                    emitter.problem(stopNotice(mode));
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
