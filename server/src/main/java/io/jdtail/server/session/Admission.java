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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which requests run now: at most {@code MaxConcurrentCats} read-once and {@code MaxConcurrentTails} follow requests
 * at once (one over the limit is told that it waits, then waits for a slot, first come first served); read-once
 * requests hold the {@link HeapRelease} while they run; and when dserver shuts down, every request whose output it
 * ends early is told so and new ones are refused with the same message.
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
    /** Notified whenever a request ends. */
    private final Object ends = new Object();
    private volatile boolean shuttingDown;

    /** @param noticeThreads makes the threads that tell the running requests of a shutdown (tests hold them back) */
    Admission(int maxConcurrentCats, int maxConcurrentTails, ThreadFactory noticeThreads) {
        this.cats = new Semaphore(maxConcurrentCats, true);
        this.tails = new Semaphore(maxConcurrentTails, true);
        this.noticeThreads = noticeThreads;
    }

    /**
     * Runs {@code work} once a slot for {@code mode} is free (unless dserver is shutting down), then flushes.
     *
     * @param relayed whether the work relays the request to other servers: it stops when dserver shuts down (as a
     *                follow does), where a read-once request served here runs to its end
     */
    void run(PlanRequest.Mode mode, boolean relayed, FrameWriter emitter, Work work) throws Exception {
        Semaphore limit = mode.follows() ? tails : cats;
        if (!limit.tryAcquire()) {
            emitter.queued();
            limit.acquire();
        }
        Running request = new Running(emitter, mode, mode.follows() || relayed);
        running.add(request);
        boolean readOnce = !mode.follows();
        if (readOnce) {
            heapRelease.started();
        }
        try {
            boolean refused = shuttingDown;
            if (!refused) {
                work.run();
            }
            if (refused || shuttingDown && request.stopsAtShutdown) {
                // before the DONE that follows: a follow ends within its poll once dserver shuts down, and its client
                // stops reading at DONE, so a notice left to the shutdown's own thread, when that ran late, was lost.
                // A read-once request served here that ran to its end has its whole output: it is told nothing.
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
            synchronized (ends) {
                ends.notifyAll();
            }
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
        /** A follow or a relayed request: its output ends early once dserver shuts down. */
        private final boolean stopsAtShutdown;
        /** Told, or ended: no notice may be written any more. */
        private boolean settled;

        Running(FrameWriter emitter, PlanRequest.Mode mode, boolean stopsAtShutdown) {
            this.emitter = emitter;
            this.mode = mode;
            this.stopsAtShutdown = stopsAtShutdown;
        }

        /** Tells the client that dserver stops (a follow that its client reconnects), unless it was told or ended. */
        synchronized void tellStopping() {
            if (!settled) {
                settled = true;
                emitter.problem(mode.follows() ? RESTARTING : SHUTTING_DOWN);
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
     * Tells the running requests that dserver is shutting down (an ERROR frame its client shows, before the request's
     * DONE: one that ends before its thread here has told it tells its client itself); from now on follow and relayed
     * requests end and new requests are refused. Follow and relayed requests are told at once. A read-once request
     * served here runs on, and is given at most {@code notice} to end: one that does is told nothing (its output is
     * complete), one still running then is told that its session ends now (dserver cuts it soon). Waits at most
     * {@code notice} for the first notices to get out, and at most {@code notice} more for the late ones.
     */
    void shutdown(Duration notice) {
        shuttingDown = true;
        long deadline = System.nanoTime() + notice.toNanos();
        List<Thread> telling = tell(request -> request.stopsAtShutdown);
        List<Thread> late = List.of();
        try {
            awaitReadOnceEnded(deadline);
            late = tell(request -> !request.stopsAtShutdown);
            join(telling, deadline);
            join(late, System.nanoTime() + notice.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.info("shutting down: {} running request(s) told, {} of them read-once requests still running after {} ms",
                telling.size() + late.size(), late.size(), notice.toMillis());
    }

    /** Tells each running request that {@code which} selects, on a thread of its own: a slow client holds up only itself. */
    private List<Thread> tell(Predicate<Running> which) {
        List<Thread> telling = new ArrayList<>();
        for (Running request : running) {
            if (which.test(request)) {
                Thread teller = noticeThreads.newThread(() -> {
                    try {
                        request.tellStopping();
                    } catch (RuntimeException e) {
                        // that client is gone already
                    }
                });
                teller.start();
                telling.add(teller);
            }
        }
        return telling;
    }

    /** Waits until no read-once request served here runs, or until {@code deadline} (System.nanoTime). */
    private void awaitReadOnceEnded(long deadline) throws InterruptedException {
        synchronized (ends) {
            while (running.stream().anyMatch(request -> !request.stopsAtShutdown)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(ends, left);
            }
        }
    }

    private static void join(List<Thread> threads, long deadline) throws InterruptedException {
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }
}
